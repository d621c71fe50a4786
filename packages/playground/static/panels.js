// The side panel: host events (logs, actions, status, errors), every JSON-RPC message, and the KV store.
import { el, setChildren } from './render.js';

const MAX_ROWS = 1500;
const time = (iso) => (typeof iso === 'string' ? iso.slice(11, 23) : '');
const json = (value) => JSON.stringify(value, null, 2);

/** A scrolling list that keeps the newest MAX_ROWS rows and honours the filter box. */
export class LogList {
  constructor(root, countEl) {
    this.root = root;
    this.countEl = countEl;
    this.count = 0;
    this.filter = '';
  }
  add(row, text) {
    row.dataset.text = text.toLowerCase();
    row.hidden = this.filter !== '' && !row.dataset.text.includes(this.filter);
    const stick = this.root.scrollTop + this.root.clientHeight >= this.root.scrollHeight - 24;
    this.root.append(row);
    while (this.root.childElementCount > MAX_ROWS) this.root.firstElementChild.remove();
    this.countEl.textContent = String(++this.count);
    if (stick) this.root.scrollTop = this.root.scrollHeight;
  }
  setFilter(text) {
    this.filter = text.toLowerCase();
    for (const row of this.root.children) row.hidden = this.filter !== '' && !(row.dataset.text ?? '').includes(this.filter);
  }
  clear() {
    this.root.replaceChildren();
    this.count = 0;
    this.countEl.textContent = '0';
  }
}

/** One host event (PluginHost.subscribe) as a row. */
export function hostEventRow(event) {
  const gen = event.generation > 1 ? el('span', { class: 'gen' }, `v${event.generation}`) : null;
  let kind = event.type;
  let summary = '';
  let detail = null;
  switch (event.type) {
    case 'log':
      kind = event.level;
      summary = `${event.source === 'stderr' ? '(stderr) ' : ''}${event.message}`;
      if (event.error?.traceback) detail = event.error.traceback;
      break;
    case 'action':
      summary = `${event.method} ${JSON.stringify(event.params)}`;
      detail = json({ params: event.params, result: event.result });
      break;
    case 'status':
      summary = `${event.status}${event.reason ? ` — ${event.reason}` : ''}`;
      break;
    case 'denied':
      summary = `${event.method} needs "${event.capability}"`;
      break;
    case 'error':
      summary = `${event.code}${event.during ? ` during ${event.during}` : ''}: ${event.message}`;
      if (event.data) detail = typeof event.data?.traceback === 'string' ? event.data.traceback : json(event.data);
      break;
    case 'warning':
      summary = `${event.code}: ${event.message}`;
      break;
  }
  const head = [el('span', { class: 't' }, time(event.time)), el('span', { class: 'k' }, kind), gen, el('span', { class: 'msg-text' }, summary)];
  const cls = `entry kind-${event.type}${event.type === 'log' ? ` lv-${event.level}` : ''}`;
  const row = detail ? el('details', { class: cls }, el('summary', {}, head), el('pre', {}, detail)) : el('div', { class: cls }, el('span', { class: 'summary-line' }, head));
  return { row, text: `${kind} ${summary}` };
}

/** One RPC trace entry: ↓ host→guest, ↑ guest→host; click for params and outcome. */
export function rpcRow(entry) {
  const toGuest = entry.direction === 'host_to_guest';
  const failed = entry.outcome && !entry.outcome.ok;
  const label = entry.method === 'event' && entry.params?.name ? `event ${entry.params.name}` : entry.method;
  const row = el(
    'details',
    { class: `entry rpc ${toGuest ? 'to-guest' : 'to-host'}`, dataset: { method: entry.method } },
    el(
      'summary',
      {},
      el('span', { class: 't' }, time(entry.time)),
      el('span', { class: `dir ${toGuest ? 'out' : 'in'}`, title: toGuest ? 'host → guest' : 'guest → host' }, toGuest ? '↓' : '↑'),
      el('span', { class: `rpc-method${failed ? ' rpc-bad' : ''}` }, label),
      entry.kind === 'notification' ? el('span', { class: 't' }, 'notify') : null,
      failed ? el('span', { class: 'rpc-bad' }, `✖ ${entry.outcome.error.code ?? ''}`) : null,
      typeof entry.durationMs === 'number' ? el('span', { class: 'ms' }, `${entry.durationMs.toFixed(1)} ms`) : null,
    ),
    el('pre', {}, json({ params: entry.params, ...(entry.outcome ? { outcome: entry.outcome } : {}) })),
  );
  return { row, text: `${entry.direction} ${label} ${JSON.stringify(entry.params ?? null).slice(0, 2000)}` };
}

/** The KV store as a key/value table. */
export function renderKv(root, countEl, snapshot) {
  countEl.textContent = String(snapshot.entries.length);
  if (snapshot.entries.length === 0) return void root.replaceChildren(el('div', { class: 'empty-note' }, 'The plugin has stored nothing yet (ctx.kv).'));
  setChildren(
    root,
    el('table', { class: 'kv-table' }, el('tbody', {}, snapshot.entries.map((e) => el('tr', { dataset: { key: e.key } }, el('td', { class: 'key' }, e.key), el('td', {}, el('pre', {}, json(e.value))))))),
    snapshot.truncated ? el('div', { class: 'empty-note' }, 'Showing the first 500 keys.') : null,
  );
}
