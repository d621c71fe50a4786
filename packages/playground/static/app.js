// The playground page: a Discord-like channel wired to the plugin over a small JSON API (what you do)
// and Server-Sent Events (what the plugin did, its logs, its RPC traffic).
import { el, setChildren, formatContent, renderComponents, renderEmbeds, renderModal } from './render.js';
import { LogList, hostEventRow, renderKv, rpcRow } from './panels.js';

const $ = (id) => document.getElementById(id);
const state = { plugin: null, userId: '', channelId: '', serverId: '', pluginOrigin: '', theme: 'dark', messages: new Map(), usedBy: new Map(), dashboard: null, dashboardGeneration: 0 };
const names = {};

// ------------------------------------------------------------------ theme
function setTheme(theme) {
  state.theme = theme;
  document.documentElement.dataset.theme = theme;
  $('theme-toggle').textContent = theme === 'dark' ? '☀ Light' : '☾ Dark';
  try {
    localStorage.setItem('maidkit-playground-theme', theme);
  } catch {}
  state.dashboard?.setTheme(theme);
}
$('theme-toggle').addEventListener('click', () => setTheme(state.theme === 'dark' ? 'light' : 'dark'));
const saved = (() => {
  try {
    return localStorage.getItem('maidkit-playground-theme');
  } catch {
    return null;
  }
})();
setTheme(new URLSearchParams(location.search).get('theme') ?? saved ?? (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark'));

// ------------------------------------------------------------------ API
async function api(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const data = await res.json().catch(() => ({ ok: false, error: { message: `HTTP ${res.status}`, problems: [] } }));
  if (!data.ok) {
    const error = new Error(data.error?.message ?? 'request failed');
    error.problems = data.error?.problems ?? [];
    throw error;
  }
  return data.result;
}

let bannerTimer;
function banner(text, kind = 'info', ms = 2500) {
  const b = $('banner');
  b.textContent = text;
  b.className = `banner ${kind}`;
  b.hidden = false;
  clearTimeout(bannerTimer);
  if (ms > 0) bannerTimer = setTimeout(() => (b.hidden = true), ms);
}

// ------------------------------------------------------------------ channel
const messagesEl = $('messages');
function scrollDown() {
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

function componentActions(messageId) {
  return {
    click: (customId) => api('/api/component', { messageId, custom_id: customId }).catch((e) => systemLine(e.message, 'error')),
    select: (customId, values) => api('/api/component', { messageId, custom_id: customId, values }).catch((e) => systemLine(e.message, 'error')),
  };
}

function drawMessage(item) {
  const isUser = item.author === 'user';
  const pluginName = state.plugin?.name ?? 'plugin';
  const used = item.interactionId ? state.usedBy.get(item.interactionId) : undefined;
  const body = el('div', { class: 'body' });
  const fill = () => {
    setChildren(
      body,
      item.thinking ? el('div', { class: 'thinking' }, `${pluginName} is thinking`, el('span', { class: 'dots' })) : null,
      !item.thinking && item.content ? el('div', { class: 'content' }, formatContent(item.content, names)) : null,
      renderEmbeds(item.embeds, names),
      item.components?.length ? renderComponents(item.components, componentActions(item.id)) : null,
    );
  };
  fill();
  const node = el(
    'article',
    { class: `msg ${isUser ? 'from-user' : 'from-plugin'}${item.ephemeral ? ' ephemeral' : ''}`, dataset: { id: item.id, interactionId: item.interactionId ?? '' } },
    used ? el('div', { class: 'used' }, el('span', {}, '↱ you used'), el('span', { class: 'cmd' }, used)) : null,
    el('div', { class: `avatar${isUser ? ' user-avatar' : ''}` }, isUser ? 'Y' : pluginName.slice(0, 2)),
    el(
      'div',
      { class: 'msg-head' },
      el('span', { class: 'author' }, isUser ? 'you' : pluginName),
      isUser ? null : el('span', { class: 'bot-tag' }, 'App'),
      el('span', { class: 'timestamp' }, new Date(item.time).toLocaleTimeString()),
      item.dm ? el('span', { class: 'dm-tag' }, `(DM to ${item.dm})`) : null,
      item.channelId && item.channelId !== state.channelId ? el('span', { class: 'channel-tag' }, `(in #${item.channelId})`) : null,
    ),
    body,
    el('div', { class: 'reactions' }),
    item.ephemeral
      ? el('div', { class: 'ephemeral-note' }, el('span', { 'aria-hidden': 'true' }, '👁'), el('span', { class: 'only-you' }, 'Only you can see this'), '·', el('button', { type: 'button', onclick: () => node.remove() }, 'Dismiss message'))
      : null,
  );
  state.messages.set(item.id, { item, node, fill });
  messagesEl.append(node);
  scrollDown();
}

function systemLine(text, level = 'info', interactionId) {
  messagesEl.append(el('div', { class: `system ${level}`, dataset: { interactionId: interactionId ?? '' } }, text));
  scrollDown();
}

function onFeed(item) {
  switch (item.kind) {
    case 'message':
      return drawMessage(item);
    case 'update': {
      const m = state.messages.get(item.id);
      if (!m) return;
      Object.assign(m.item, Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'kind')));
      return m.fill();
    }
    case 'delete': {
      const m = state.messages.get(item.id);
      m?.node.remove();
      return state.messages.delete(item.id);
    }
    case 'reaction': {
      const m = state.messages.get(item.messageId);
      if (!m) return;
      const box = m.node.querySelector('.reactions');
      const existing = [...box.children].find((r) => r.dataset.emoji === item.emoji);
      if (item.added && !existing) box.append(el('span', { class: 'reaction', dataset: { emoji: item.emoji } }, `${item.emoji} 1`));
      if (!item.added) existing?.remove();
      return;
    }
    case 'modal':
      return openModal(item);
    case 'notice':
      // "you used /greet …" is drawn above the reply when it comes; errors are system lines.
      if (item.level === 'info' && item.interactionId) return void state.usedBy.set(item.interactionId, item.text);
      return systemLine(item.text, item.level, item.interactionId);
  }
}

// ------------------------------------------------------------------ modals
function openModal(modal) {
  const root = $('modal-root');
  const close = () => {
    root.hidden = true;
    root.replaceChildren();
  };
  const form = renderModal(
    modal,
    state.plugin?.name ?? 'plugin',
    async (values) => {
      try {
        await api('/api/modal', { modalId: modal.interactionId, values });
        close();
        return null;
      } catch (e) {
        const problems = {};
        for (const p of e.problems ?? []) problems[p.path.replace(/^\/values\//, '')] = p.message;
        if (Object.keys(problems).length === 0) problems[''] = e.message;
        return problems;
      }
    },
    close,
  );
  root.replaceChildren(form);
  root.hidden = false;
  form.querySelector('input, textarea')?.focus();
}

// ------------------------------------------------------------------ composer and slash commands
const input = $('composer-input');
const picker = $('command-picker');
const commandForm = $('command-form');

function commandsMatching(prefix) {
  return (state.plugin?.slashCommands ?? []).filter((c) => c.name.startsWith(prefix));
}

function showPicker(prefix) {
  const list = commandsMatching(prefix);
  if (list.length === 0) return void (picker.hidden = true);
  setChildren(
    picker,
    el('h4', {}, `Commands matching /${prefix}`),
    list.map((c, i) => el('button', { type: 'button', class: `cmd-item${i === 0 ? ' active' : ''}`, dataset: { command: c.name }, onclick: () => openCommand(c) }, el('span', { class: 'cmd-name' }, `/${c.name}`), el('span', { class: 'cmd-desc' }, c.description ?? ''))),
  );
  picker.hidden = false;
}

const TYPE_HINT = { 3: 'text', 4: 'integer', 5: 'true/false', 6: 'user id or @mention', 7: 'channel id', 8: 'role id', 9: 'user or role id', 10: 'number' };

function openCommand(command) {
  picker.hidden = true;
  input.value = '';
  const fields = (command.options ?? []).map((o) => {
    let control;
    if (o.type === 5) control = el('select', { name: o.name }, el('option', { value: '' }, '—'), el('option', { value: 'true' }, 'True'), el('option', { value: 'false' }, 'False'));
    else if (Array.isArray(o.choices) && o.choices.length) control = el('select', { name: o.name }, el('option', { value: '' }, '—'), o.choices.map((ch) => el('option', { value: String(ch.value) }, ch.name)));
    else control = el('input', { name: o.name, type: o.type === 4 || o.type === 10 ? 'number' : 'text', step: o.type === 10 ? 'any' : null, placeholder: TYPE_HINT[o.type] ?? '' });
    if (o.type === 6) control.value = state.userId;
    return el('label', { class: 'opt', dataset: { option: o.name } }, el('span', { class: 'opt-name' }, o.name, o.required ? el('span', { class: 'req' }, ' *') : null), el('span', {}, o.description ?? ''), control, el('span', { class: 'opt-error' }));
  });
  setChildren(
    commandForm,
    el('div', { class: 'cmd-title' }, `/${command.name}`, el('span', {}, command.description ?? '')),
    fields,
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'dc-button secondary', onclick: closeCommand }, 'Cancel'), el('button', { type: 'submit', class: 'dc-button primary run-command' }, 'Send')),
  );
  commandForm.dataset.command = command.name;
  commandForm.hidden = false;
  commandForm.querySelector('input, select')?.focus();
}

function closeCommand() {
  commandForm.hidden = true;
  commandForm.replaceChildren();
  input.focus();
}

commandForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const options = {};
  for (const control of commandForm.querySelectorAll('[name]')) if (control.value !== '') options[control.name] = control.value;
  for (const label of commandForm.querySelectorAll('.opt')) {
    label.classList.remove('invalid');
    label.querySelector('.opt-error').textContent = '';
  }
  try {
    await api('/api/command', { name: commandForm.dataset.command, options });
    closeCommand();
  } catch (e) {
    let shown = false;
    for (const p of e.problems ?? []) {
      const label = commandForm.querySelector(`.opt[data-option="${CSS.escape(p.path.replace(/^\/options\//, ''))}"]`);
      if (label) {
        label.classList.add('invalid');
        label.querySelector('.opt-error').textContent = p.message;
        shown = true;
      }
    }
    if (!shown) banner(e.message, 'error', 4000);
  }
});

input.addEventListener('input', () => {
  const v = input.value;
  if (v.startsWith('/') && !v.includes(' ')) showPicker(v.slice(1));
  else picker.hidden = true;
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') picker.hidden = true;
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value;
  if (text.trim() === '') return;
  if (text.startsWith('/')) {
    const name = text.slice(1).split(' ')[0];
    const command = (state.plugin?.slashCommands ?? []).find((c) => c.name === name) ?? commandsMatching(name)[0];
    if (command) return openCommand(command);
  }
  input.value = '';
  picker.hidden = true;
  try {
    await api('/api/message', { content: text });
  } catch (e) {
    banner(e.message, 'error', 4000);
  }
});

// ------------------------------------------------------------------ any of the 16 events (seed 001's table)
const EVENTS = {
  message_create: { content: 'hello' },
  message_edit: { message_id: '', content: 'edited' },
  message_delete: { message_id: '' },
  member_join: { username: 'ann' },
  member_leave: { username: 'ann' },
  member_update: { roles: [] },
  reaction_add: { message_id: '', emoji: '👍' },
  reaction_remove: { message_id: '', emoji: '👍' },
  voice_state_update: { self_mute: false, self_deaf: false },
  interaction_create: { interaction_type: 'slash_command', command_name: null, custom_id: null, modal_values: null },
  channel_create: { name: 'general', type: 0 },
  channel_delete: { name: 'general' },
  channel_update: { name: 'general' },
  role_create: { name: 'members' },
  role_delete: { name: 'members' },
  role_update: { name: 'members' },
};
const eventForm = $('event-form');
$('event-btn').addEventListener('click', () => {
  if (!eventForm.hidden) return void (eventForm.hidden = true);
  const select = el('select', { name: 'event', 'aria-label': 'Event' }, Object.keys(EVENTS).map((n) => el('option', { value: n }, n)));
  const payload = el('textarea', { name: 'payload', 'aria-label': 'Payload (JSON)', spellcheck: 'false' });
  const fillTemplate = () => (payload.value = JSON.stringify(Object.fromEntries(Object.entries(EVENTS[select.value]).filter(([, v]) => v !== '')), null, 1));
  select.addEventListener('change', fillTemplate);
  select.value = 'member_join';
  fillTemplate();
  setChildren(
    eventForm,
    el('div', { class: 'cmd-title' }, 'Send an event', el('span', {}, 'fields you leave out get plausible values')),
    el('label', { class: 'opt' }, el('span', { class: 'opt-name' }, 'event'), select),
    el('label', { class: 'opt' }, el('span', { class: 'opt-name' }, 'payload'), payload, el('span', { class: 'opt-error' })),
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'dc-button secondary', onclick: () => (eventForm.hidden = true) }, 'Cancel'), el('button', { type: 'submit', class: 'dc-button primary send-event' }, 'Send')),
  );
  eventForm.hidden = false;
});
eventForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = eventForm.querySelector('.opt-error');
  error.textContent = '';
  let payload;
  try {
    payload = JSON.parse(eventForm.querySelector('[name=payload]').value || '{}');
  } catch (e) {
    return void (error.textContent = `not JSON: ${e.message}`);
  }
  try {
    await api('/api/event', { name: eventForm.querySelector('[name=event]').value, payload });
    eventForm.hidden = true;
  } catch (e) {
    error.textContent = e.message;
  }
});

// ------------------------------------------------------------------ plugin card, tabs, reload
function showPlugin(info) {
  state.plugin = info;
  $('plugin-name').textContent = info.name;
  $('plugin-version').textContent = `${info.id} · v${info.version}${info.generation > 1 ? ` · reload ${info.generation - 1}` : ''}`;
  $('plugin-caps').replaceChildren(...info.capabilities.map((c) => el('span', { class: 'cap' }, c)));
  $('command-list').replaceChildren(...(info.slashCommands.length ? info.slashCommands.map((c) => el('li', {}, el('button', { type: 'button', dataset: { command: c.name }, onclick: () => openCommand(c), title: c.description ?? '' }, `/${c.name}`))) : [el('li', { class: 'empty-note' }, 'none declared')]));
  if (!$('view-dashboard').hidden) renderDashboardTab();
}

function setStatus(status, reason) {
  $('plugin-status').textContent = reason ? `${status} (${reason})` : status;
  $('status-dot').className = `status-dot ${status}`;
}

for (const tab of document.querySelectorAll('.topbar .tab')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll('.topbar .tab')) t.classList.toggle('active', t === tab);
    $('view-channel').hidden = tab.dataset.tab !== 'channel';
    $('view-dashboard').hidden = tab.dataset.tab !== 'dashboard';
    if (tab.dataset.tab === 'dashboard') renderDashboardTab();
  });
}

$('reload-btn').addEventListener('click', () => api('/api/reload').catch((e) => banner(e.message, 'error', 4000)));

// ------------------------------------------------------------------ dashboard (both modes, via @maidkit/dashboard-bridge)
function renderDashboardTab() {
  const info = state.plugin;
  if (!info || state.dashboardGeneration === info.generation) return;
  state.dashboardGeneration = info.generation;
  const root = $('dashboard-root');
  state.dashboard?.destroy();
  state.dashboard = null;
  root.replaceChildren();
  const lib = window.MaidkitDashboard;
  if (!info.dashboard.manifest && !info.dashboard.iframe) {
    return void root.append(el('div', { class: 'maid-empty' }, 'This plugin has no dashboard. Add dashboard_manifest.json (manifest mode) or dashboard/index.html (iframe mode) — seed 002.'));
  }
  if (!lib) return void root.append(el('div', { class: 'maid-empty' }, 'The dashboard scripts are not built: run `npx turbo run build --filter=@maidkit/dashboard-bridge`.'));
  const parts = [];
  if (info.dashboard.manifest) {
    const container = el('div', { class: 'manifest-dashboard' });
    root.append(el('h2', {}, 'Manifest mode'), container);
    const view = lib.renderDashboard(container, info.dashboard.manifest, lib.createHttpRpc(info.id), { theme: state.theme, pluginId: info.id });
    parts.push({ setTheme: (t) => view.setTheme(t), destroy: () => view.destroy?.() });
  }
  if (info.dashboard.iframe) {
    const iframe = el('iframe', { id: 'dashboard-frame', title: `${info.name} dashboard` });
    root.append(el('h2', {}, 'Iframe mode'), iframe);
    const host = lib.createDashboardHost(iframe, {
      src: `${state.pluginOrigin}/p/${encodeURIComponent(info.id)}/dashboard/`,
      context: { serverId: state.serverId, pluginId: info.id, userId: state.userId },
      capabilities: info.capabilities,
      ...(info.handlers.dashboard.length ? { handlers: info.handlers.dashboard } : {}),
      pages: (info.dashboard.manifest?.pages ?? []).map((p) => p.id),
      theme: state.theme,
    });
    parts.push({ setTheme: (t) => host.setTheme(t), destroy: () => host.destroy() });
  }
  state.dashboard = { setTheme: (t) => parts.forEach((p) => p.setTheme(t)), destroy: () => parts.forEach((p) => p.destroy()) };
}

// ------------------------------------------------------------------ side panel
const lists = { logs: new LogList($('panel-logs'), $('count-logs')), rpc: new LogList($('panel-rpc'), $('count-rpc')) };
let activePanel = 'logs';
for (const tab of document.querySelectorAll('.side-tabs .tab')) {
  tab.addEventListener('click', () => {
    activePanel = tab.dataset.panel;
    for (const t of document.querySelectorAll('.side-tabs .tab')) t.classList.toggle('active', t === tab);
    for (const name of ['logs', 'rpc', 'kv']) $(`panel-${name}`).hidden = name !== activePanel;
    if (activePanel === 'kv') void refreshKv();
  });
}
$('panel-filter').addEventListener('input', (e) => Object.values(lists).forEach((l) => l.setFilter(e.target.value)));
$('panel-clear').addEventListener('click', () => lists[activePanel]?.clear());

async function refreshKv() {
  const res = await fetch('/api/kv');
  renderKv($('panel-kv'), $('count-kv'), await res.json());
}

// ------------------------------------------------------------------ the stream
async function start() {
  const s = await (await fetch('/api/state')).json();
  Object.assign(state, { userId: s.userId, channelId: s.channelId, serverId: s.serverId, pluginOrigin: s.pluginOrigin });
  names[s.userId] = 'you';
  names[s.channelId] = 'plugin-dev';
  if (s.plugin) showPlugin(s.plugin);
  void refreshKv();
  const events = new EventSource('/api/events');
  events.addEventListener('feed', (e) => onFeed(JSON.parse(e.data)));
  events.addEventListener('plugin', (e) => {
    showPlugin(JSON.parse(e.data));
    setStatus('running');
  });
  events.addEventListener('host', (e) => {
    const event = JSON.parse(e.data);
    if (event.type === 'status' && event.generation === state.plugin?.generation) setStatus(event.status, event.reason);
    const { row, text } = hostEventRow(event);
    lists.logs.add(row, text);
  });
  events.addEventListener('rpc', (e) => {
    const { row, text } = rpcRow(JSON.parse(e.data));
    lists.rpc.add(row, text);
  });
  events.addEventListener('kv-changed', () => void refreshKv());
  events.addEventListener('reload', (e) => {
    const r = JSON.parse(e.data);
    if (r.state === 'started') banner(`Reloading — ${r.reason}…`, 'info', 0);
    else if (r.state === 'done') {
      banner(`Reloaded ${state.plugin?.name ?? ''} v${r.version} (${r.reason})`, 'ok', 2500);
      document.body.dataset.generation = String(r.generation);
    } else banner(`Reload failed — still running the previous version.\n${r.message}`, 'error', 0);
  });
  events.addEventListener('open', () => (document.body.dataset.connected = 'true'));
  document.body.dataset.ready = 'true';
}

void start();
