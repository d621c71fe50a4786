/* MaidUI (seed 002): toast, confirm, fetchJSON, serializeForm, copy — plain script, no dependencies.
   Works on a host page (manifest dashboards) and inside a sandboxed iframe (bundled as dashboard/sdk/ui.js),
   where fetchJSON of a "/p/{plugin_id}/dashboard/rpc/<handler>" URL travels over the MaidSDK bridge. */
(function () {
  'use strict';
  if (window.MaidUI) return;
  var KINDS = { ok: 1, warn: 1, error: 1, info: 1, muted: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function toast(message, kind, options) {
    var k = KINDS[kind] ? kind : 'info';
    var host = document.querySelector('.maid-toasts');
    if (!host) {
      host = el('div', 'maid-toasts');
      host.setAttribute('aria-live', 'polite');
      document.body.appendChild(host);
    }
    var t = el('div', 'maid-toast maid-toast-' + k, message);
    t.setAttribute('role', k === 'error' ? 'alert' : 'status');
    host.appendChild(t);
    var ms = options && typeof options.duration === 'number' ? options.duration : 3500;
    var close = function () { if (t.parentNode) t.parentNode.removeChild(t); };
    if (ms > 0) setTimeout(close, ms);
    return { close: close, element: t };
  }

  // A styled dialog, not window.confirm: sandboxed frames without allow-modals cannot show native dialogs.
  function confirm(message, options) {
    var o = options || {};
    return new Promise(function (resolve) {
      var overlay = el('div', 'maid-overlay');
      var dialog = el('div', 'maid-dialog');
      dialog.setAttribute('role', 'dialog');
      dialog.setAttribute('aria-modal', 'true');
      var text = el('p', '', message);
      text.id = 'maid-confirm-' + Math.random().toString(36).slice(2);
      dialog.setAttribute('aria-labelledby', text.id);
      var row = el('div', 'maid-row');
      var cancel = el('button', 'maid-btn', o.cancelText || 'Cancel');
      var ok = el('button', 'maid-btn ' + (o.danger ? 'maid-btn-danger' : 'maid-btn-primary'), o.okText || 'OK');
      cancel.type = ok.type = 'button';
      cancel.setAttribute('data-action', 'cancel');
      ok.setAttribute('data-action', 'ok');
      row.appendChild(cancel);
      row.appendChild(ok);
      dialog.appendChild(text);
      dialog.appendChild(row);
      overlay.appendChild(dialog);
      var done = function (answer) {
        document.removeEventListener('keydown', onKey, true);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        resolve(answer);
      };
      var onKey = function (e) {
        if (e.key === 'Escape') { e.preventDefault(); done(false); }
        else if (e.key === 'Enter') { e.preventDefault(); done(true); }
      };
      cancel.addEventListener('click', function () { done(false); });
      ok.addEventListener('click', function () { done(true); });
      overlay.addEventListener('click', function (e) { if (e.target === overlay) done(false); });
      document.addEventListener('keydown', onKey, true);
      document.body.appendChild(overlay);
      ok.focus();
    });
  }

  function pluginId() {
    var sdk = window.MaidSDK;
    if (sdk && typeof sdk.getContext === 'function') {
      try { return sdk.getContext().plugin_id; } catch (e) { /* not connected yet */ }
    }
    var meta = document.querySelector('meta[name="maid-plugin-id"]');
    if (meta && meta.getAttribute('content')) return meta.getAttribute('content');
    var tagged = document.querySelector('[data-maid-plugin-id]');
    return tagged ? tagged.getAttribute('data-maid-plugin-id') : null;
  }

  function httpError(status, body) {
    var e = body && body.error ? body.error : {};
    var err = new Error(e.message || ('Request failed with status ' + status));
    err.status = status;
    err.code = e.code || 'HTTP_' + status;
    return err;
  }

  var RPC = /^\/p\/([^/]+)\/dashboard\/rpc\/([A-Za-z_][A-Za-z0-9_]{0,63})$/;

  function fetchJSON(url, init) {
    var options = init || {};
    var target = String(url);
    if (target.indexOf('{plugin_id}') !== -1) {
      var id = pluginId();
      if (!id) return Promise.reject(new Error('fetchJSON: cannot fill {plugin_id} (no MaidSDK context, no <meta name="maid-plugin-id">)'));
      target = target.split('{plugin_id}').join(encodeURIComponent(id));
    }
    var body = options.body;
    var sdk = window.MaidSDK;
    var rpc = RPC.exec(target);
    // Inside a sandboxed dashboard frame there is no network (connect-src 'none'): use the bridge.
    if (rpc && sdk && typeof sdk.rpc === 'function' && window.parent !== window) {
      var params = {};
      try { params = body === undefined || body === null || body === '' ? {} : (typeof body === 'string' ? JSON.parse(body) : body); }
      catch (e) { return Promise.reject(new Error('fetchJSON: the body is not JSON')); }
      if (typeof params !== 'object' || params === null || Array.isArray(params)) return Promise.reject(new Error('fetchJSON: the body must be a JSON object'));
      var values = params.values && typeof params.values === 'object' && !Array.isArray(params.values) ? params.values : params;
      var merged = {};
      for (var k in params) if (Object.prototype.hasOwnProperty.call(params, k)) merged[k] = params[k];
      merged.values = values;
      return sdk.ready().then(function () { return sdk.rpc(rpc[2], merged); });
    }
    var headers = new Headers(options.headers || {});
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof FormData) && !(body instanceof Blob)) {
      body = JSON.stringify(body);
    }
    if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    var req = {};
    for (var key in options) if (Object.prototype.hasOwnProperty.call(options, key)) req[key] = options[key];
    req.headers = headers;
    req.body = body;
    if (!req.credentials) req.credentials = 'same-origin';
    return fetch(target, req).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        if (text) {
          try { data = JSON.parse(text); } catch (e) { if (res.ok) throw new Error('fetchJSON: the response is not JSON'); }
        }
        if (!res.ok) throw httpError(res.status, data);
        return data;
      });
    });
  }

  function serializeForm(form) {
    if (!form || !form.elements) throw new TypeError('serializeForm(form): form must be a <form> element');
    var out = {};
    var multi = {};
    var boxes = {};
    for (var i = 0; i < form.elements.length; i++) {
      var f = form.elements[i];
      if (f.type === 'checkbox' && f.name) boxes[f.name] = (boxes[f.name] || 0) + 1;
    }
    for (var j = 0; j < form.elements.length; j++) {
      var e = form.elements[j];
      var name = e.name;
      if (!name || e.disabled || /^(submit|button|reset|file|image)$/.test(e.type) || e.tagName === 'FIELDSET') continue;
      var value;
      if (e.type === 'checkbox') {
        if (boxes[name] === 1) { out[name] = e.checked; continue; }
        if (!e.checked) { if (!(name in out)) out[name] = []; continue; }
        value = e.value;
        out[name] = (out[name] || []).concat([value]);
        continue;
      }
      if (e.type === 'radio') { if (e.checked) out[name] = e.value; else if (!(name in out)) out[name] = null; continue; }
      if (e.tagName === 'SELECT' && e.multiple) {
        out[name] = Array.prototype.filter.call(e.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
        continue;
      }
      if ((e.type === 'number' || e.type === 'range') && e.value !== '') value = Number(e.value);
      else value = e.value;
      if (name in out && !multi[name]) { out[name] = [out[name]]; multi[name] = true; }
      if (multi[name]) out[name].push(value); else out[name] = value;
    }
    return out;
  }

  function copy(text) {
    var s = String(text);
    var fallback = function () {
      var ta = el('textarea');
      ta.value = s;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      return ok;
    };
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      return navigator.clipboard.writeText(s).then(function () { return true; }, function () { return fallback(); });
    }
    return Promise.resolve(fallback());
  }

  window.MaidUI = Object.freeze({ toast: toast, confirm: confirm, fetchJSON: fetchJSON, serializeForm: serializeForm, copy: copy, version: '1' });
})();
