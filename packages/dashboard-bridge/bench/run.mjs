#!/usr/bin/env node
// Bridge round trip in real Chromium: MaidSDK.rpc from a sandboxed, cross-site iframe to the host page
// and back, beside a baseline measured in the same page and run — a bare MessageChannel ping-pong between
// the same two frames. Also the HTTP path (bridge → dashboard server → in-memory backend) beside a bare
// fetch of the same route. Run after `npm run build`: `node bench/run.mjs` (or `npm run bench`).
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createDashboardServer, MemoryDashboardBackend } from '../dist/server.js';

const CHROMIUM = process.env.MAIDKIT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`bench: ${CHROMIUM} not found (apt-get install -y chromium)`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

const dir = mkdtempSync(join(tmpdir(), 'maidkit-bench-'));
mkdirSync(join(dir, 'dashboard'));
writeFileSync(
  join(dir, 'dashboard', 'index.html'),
  `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p id="s">bench</p>
<script src="/static/mmo-maid-sdk.js"></script>
<script>
var rawPort = null;
window.addEventListener('message', (e) => { if (e.source === parent && e.data && e.data.benchPort) rawPort = e.ports[0]; });
const rows = (n) => Array.from({ length: n }, (_, i) => ({ ts: 1700000000000 + i, value: i * 1.5, label: 'row ' + i }));
window.payload = (bytes) => { let n = 1; while (JSON.stringify(rows(n * 2)).length <= bytes) n *= 2; let lo = n, hi = n * 2; while (lo < hi - 1) { const m = (lo + hi) >> 1; if (JSON.stringify(rows(m)).length <= bytes) lo = m; else hi = m; } return rows(lo); };
const stats = (t) => { t.sort((a, b) => a - b); return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)], n: t.length }; };
// performance.now() is coarsened to 0.1 ms in a frame that is not cross-origin isolated, so each sample is
// the mean of a batch of round trips; the median is taken over batches.
const measure = async (n, once) => { for (let i = 0; i < 20; i++) await once(); const k = n >= 200 ? 10 : 1; const t = []; for (let i = 0; i < n / k; i++) { const t0 = performance.now(); for (let j = 0; j < k; j++) await once(); t.push((performance.now() - t0) / k); } return stats(t); };
window.benchRpc = async (n, bytes, name) => { const p = { rows: payload(bytes) }; return measure(n, () => MaidSDK.rpc(name, p)); };
window.benchRaw = async (n, bytes) => { const p = { rows: payload(bytes) }; return measure(n, () => new Promise((r) => { rawPort.onmessage = () => r(); rawPort.postMessage(p); })); };
window.ready = new Promise((r) => MaidSDK.ready(r));
</script></body></html>`,
);

const backend = new MemoryDashboardBackend({ handlers: { echo: (_ctx, params) => params } });
let hostOrigin = '';
let dashboard = null;
const server = createServer((req, res) => {
  if ((req.url ?? '').startsWith('/host.html')) {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(`<!DOCTYPE html><html><body><iframe id="f" style="width:600px;border:0"></iframe>
<script src="/static/dashboard-host.js"></script>
<script>
const http = new URLSearchParams(location.search).get('http') === '1';
const iframe = document.getElementById('f');
window.connected = new Promise((resolve) => {
  window.host = MaidkitDashboard.createDashboardHost(iframe, {
    src: location.protocol + '//localhost:' + location.port + '/p/bench/dashboard/',
    context: { serverId: '111111111111111111', pluginId: 'bench', userId: '222222222222222222' },
    limits: { ratePerSecond: 1e6, burst: 1e6 },
    ...(http ? {} : { call: async (c) => c.params }),
    onConnect() {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => ch.port1.postMessage(e.data);
      iframe.contentWindow.postMessage({ benchPort: true }, '*', [ch.port2]);
      resolve();
    },
  });
});
window.rawFetch = async (n, bytes) => {
  const rows = Array.from({ length: 4000 }, (_, i) => ({ ts: 1700000000000 + i, value: i * 1.5, label: 'row ' + i }));
  let k = 1; while (JSON.stringify(rows.slice(0, k + 1)).length <= bytes && k < rows.length) k++;
  const body = JSON.stringify({ namespace: 'dashboard', method: 'echo', params: { rows: rows.slice(0, k) } });
  const once = () => fetch('/p/bench/dashboard/bridge', { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
  for (let i = 0; i < 10; i++) await once();
  const t = []; for (let i = 0; i < n; i++) { const t0 = performance.now(); await once(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b); return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)], n };
};
</script></body></html>`);
  }
  dashboard.listener(req, res);
});
await new Promise((r) => server.listen(0, r));
const port = server.address().port;
hostOrigin = `http://127.0.0.1:${port}`;
dashboard = createDashboardServer({
  backend,
  hostOrigins: [hostOrigin],
  plugins: (id) => (id === 'bench' ? { id, dashboardDir: join(dir, 'dashboard'), capabilities: [] } : undefined),
  session: () => ({ serverId: '111111111111111111', userId: '222222222222222222' }),
});

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const fmt = (x) => x.toFixed(3).padStart(8);
try {
  const open = async (http) => {
    const page = await browser.newPage();
    await page.goto(`${hostOrigin}/host.html${http ? '?http=1' : ''}`);
    await page.evaluate(() => window.connected);
    const frame = (await (await page.$('#f')).contentFrame());
    await frame.evaluate(() => window.ready);
    await frame.waitForFunction(() => window.rawPort !== null);
    return { page, frame };
  };

  const { page, frame } = await open(false);
  console.log('MaidSDK.rpc round trip, sandboxed iframe (localhost) ↔ host page (127.0.0.1), headless Chromium');
  console.log('payload   | bridge rpc median (p95) ms | bare MessageChannel median (p95) ms | ratio');
  const results = [];
  for (const [label, bytes, n] of [['26 B', 40, 1000], ['1 KB', 1024, 500], ['10 KB', 10 * 1024, 300], ['100 KB', 100 * 1024, 60]]) {
    const raw = await frame.evaluate(([n, b]) => window.benchRaw(n, b), [n, bytes]);
    const rpc = await frame.evaluate(([n, b]) => window.benchRpc(n, b, 'echo'), [n, bytes]);
    results.push({ label, rpc, raw });
    console.log(`${label.padEnd(9)} | ${fmt(rpc.median)} (${fmt(rpc.p95)})        | ${fmt(raw.median)} (${fmt(raw.p95)})                 | ${(rpc.median / raw.median).toFixed(2)}×`);
  }
  await page.close();

  const http = await open(true);
  console.log('\nHTTP path: MaidSDK.rpc → host → POST /p/<id>/dashboard/bridge → MemoryDashboardBackend, beside a bare fetch of that route');
  console.log('payload   | bridge + HTTP median (p95) ms | bare fetch median (p95) ms | ratio');
  for (const [label, bytes, n] of [['26 B', 40, 300], ['10 KB', 10 * 1024, 150], ['100 KB', 100 * 1024, 40]]) {
    const base = await http.page.evaluate(([n, b]) => window.rawFetch(n, b), [n, bytes]);
    const rpc = await http.frame.evaluate(([n, b]) => window.benchRpc(n, b, 'echo'), [n, bytes]);
    console.log(`${label.padEnd(9)} | ${fmt(rpc.median)} (${fmt(rpc.p95)})           | ${fmt(base.median)} (${fmt(base.p95)})        | ${(rpc.median / base.median).toFixed(2)}×`);
  }
  const small = results[0].rpc.median;
  console.log(`\ntarget: small-payload bridge rpc median < 1 ms → ${small.toFixed(3)} ms ${small < 1 ? 'MET' : 'NOT MET'}`);
} finally {
  await browser.close();
  server.close();
}
