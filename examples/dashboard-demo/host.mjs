#!/usr/bin/env node
// A runnable host for this example: one page showing the plugin's dashboard in both modes, served by
// @maidkit/dashboard-bridge's server. Build first (`npx turbo run build --filter=@maidkit/dashboard-bridge`),
// then `node examples/dashboard-demo/host.mjs` and open the printed URL.
//
// The handlers below mirror __main__.py in JS on an in-memory backend, so the page works without a plugin
// runner; a host with @maidkit/sandbox-runner passes its PluginHost (which implements DashboardBackend,
// calling the real Python handlers) as `backend` instead.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDashboardServer, MemoryDashboardBackend, seedDashboardHandlers } from '@maidkit/dashboard-bridge';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const dashboardManifest = JSON.parse(readFileSync(join(here, 'dashboard_manifest.json'), 'utf8'));
export const SESSION = { serverId: '123456789012345678', userId: '876543210987654321' };

/** JS twins of the Python handlers in __main__.py (same names, same return shapes). */
export const demoHandlers = {
  ...seedDashboardHandlers,
  get_quota: (ctx) => ({ value: ctx.kv.count({ prefix: '' }), max: 1000, label: 'KV keys used' }),
  get_status: (ctx) => (ctx.kv.get('welcome_channel') ? { level: 'info', message: 'Greeting new members.' } : { level: 'warn', message: 'Pick a welcome channel on the Settings page.' }),
  get_recent_joins: (ctx) => ({ items: ctx.kv.get('recent_joins') ?? [] }),
  get_active_table: (ctx, params) => {
    const keys = ctx.kv.list({ prefix: 'active_user:' });
    const page = Number(params.page ?? 1);
    const size = Number(params.page_size ?? 10);
    const chunk = keys.slice((page - 1) * size, page * size);
    const values = chunk.length ? ctx.kv.getMany(chunk) : {};
    return { rows: chunk.map((k) => ({ user: k.slice('active_user:'.length), last_seen: String(values[k]) })), total: keys.length };
  },
  get_about: (_ctx, params) => ({ text: `Greets new members in the channel you choose. Server ${params.discord_srv_id}.` }),
  get_help: () => ({ markdown: '# How it works\n- Set a **welcome channel**\n- Write the *welcome text*\n- Changes apply to the next member who joins' }),
};

function hostPage(pluginId, pluginOrigin) {
  return `<!DOCTYPE html>
<html data-theme="dark"><head><meta charset="utf-8"><title>maidkit dashboard demo</title>
<meta name="maid-plugin-id" content="${pluginId}">
<link rel="stylesheet" href="/static/dashboard.css">
<link rel="stylesheet" href="/static/sdk/ui.css">
<style>iframe { width: 100%; border: 0; display: block; border-radius: 12px; } section { margin-bottom: 24px; }</style>
</head><body>
<div class="maid-row" style="justify-content: space-between"><h1>${manifest.name}</h1>
<button class="maid-btn" id="theme">Switch theme</button></div>
<section><h2>Manifest mode</h2><div id="manifest"></div></section>
<section><h2>Iframe mode</h2><iframe id="frame" title="${manifest.name} dashboard"></iframe></section>
<script src="/static/dashboard-host.js"></script>
<script src="/static/sdk/ui.js"></script>
<script>
const D = MaidkitDashboard;
let theme = 'dark';
fetch('/p/${pluginId}/dashboard-manifest').then((r) => r.json()).then((m) => {
  window.view = D.renderDashboard(document.getElementById('manifest'), m, D.createHttpRpc('${pluginId}'), { theme, pluginId: '${pluginId}' });
  window.host = D.createDashboardHost(document.getElementById('frame'), {
    src: '${pluginOrigin}/p/${pluginId}/dashboard/',
    context: { serverId: '${SESSION.serverId}', pluginId: '${pluginId}', userId: '${SESSION.userId}' },
    theme,
    pages: m.pages.map((p) => p.id),
    onNavigate: (id) => { window.view.showPage(id); document.getElementById('manifest').scrollIntoView(); },
  });
});
document.getElementById('theme').addEventListener('click', () => {
  theme = theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = theme;
  window.view.setTheme(theme);
  window.host.setTheme(theme);
});
</script></body></html>`;
}

/** Start the demo; resolves to its URLs and a close function. */
export async function startDemo({ port = 8800, bundleDir } = {}) {
  const backend = new MemoryDashboardBackend({
    handlers: demoHandlers,
    metrics: { messages: [140, 180, 165, 220, 260, 240, 310], messages_sent: Array.from({ length: 30 }, (_, i) => 40 + ((i * 37) % 60)) },
  });
  const store = backend.store(manifest.id, SESSION.serverId);
  for (let i = 0; i < 27; i++) store.set(`active_user:${1000 + i}`, `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`);
  store.set('recent_joins', [{ label: 'Noor', value: '2 min ago' }, { label: 'Kofi', value: '1 h ago' }]);

  let listener = null;
  const server = createServer((req, res) => {
    if (req.url === '/' && (req.headers.host ?? '').startsWith('127.0.0.1')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(hostPage(manifest.id, `http://localhost:${server.address().port}`));
    }
    listener(req, res);
  });
  await new Promise((r) => server.listen(port, r));
  const actual = server.address().port;
  const hostOrigin = `http://127.0.0.1:${actual}`;
  listener = createDashboardServer({
    backend,
    hostOrigins: [hostOrigin],
    ...(bundleDir ? { bundleDir } : {}),
    plugins: (id) => (id === manifest.id ? { id, dashboardDir: join(here, 'dashboard'), dashboardManifest, capabilities: manifest.capabilities_required, handlers: Object.keys(demoHandlers) } : undefined),
    session: () => SESSION, // a real host reads its login session here
  }).listener;
  return { url: `${hostOrigin}/`, backend, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startDemo({ port: Number(process.env.PORT ?? 8800) });
  console.log(`dashboard demo: ${url}`);
}
