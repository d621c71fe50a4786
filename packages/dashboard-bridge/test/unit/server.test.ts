import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../src/host/httpTransport.js';
import { BridgeError } from '../../src/protocol/BridgeError.js';
import { createHttpRpc } from '../../src/renderer/httpRpc.js';
import { createDashboardServer } from '../../src/server/createDashboardServer.js';
import { pluginContentSecurityPolicy } from '../../src/server/csp.js';
import { MemoryDashboardBackend, seedDashboardHandlers } from '../../src/server/MemoryDashboardBackend.js';
import { resolveInside, splitSafeSegments } from '../../src/server/safePath.js';

const root = mkdtempSync(join(tmpdir(), 'maidkit-dash-'));
const dash = join(root, 'plugin', 'dashboard');
const bundles = join(root, 'bundles');
mkdirSync(join(dash, 'sub'), { recursive: true });
mkdirSync(bundles);
writeFileSync(join(dash, 'index.html'), '<!DOCTYPE html><p>hi</p>');
writeFileSync(join(dash, 'sub', 'app.js'), 'console.log(1)');
writeFileSync(join(dash, '.env'), 'SECRET=1');
writeFileSync(join(root, 'plugin', 'manifest.json'), '{"secret": true}');
writeFileSync(join(root, 'outside.txt'), 'outside');
symlinkSync(join(root, 'outside.txt'), join(dash, 'link.txt'));
writeFileSync(join(bundles, 'mmo-maid-sdk.js'), 'var MaidSDK={};');

const SESSION = { serverId: '111111111111111111', userId: '222222222222222222' };

describe('CSP for plugin content', () => {
  it('GIVEN host origins THEN a sandboxing policy without allow-same-origin, no network, and frame-ancestors', () => {
    const csp = pluginContentSecurityPolicy({ frameAncestors: ['https://dash.example', 'not an origin', '*'], sandbox: ['allow-same-origin', 'allow-popups', 'allow-top-navigation'] });
    expect(csp).toBe(
      "sandbox allow-scripts allow-forms allow-popups; default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self'; connect-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors https://dash.example",
    );
    expect(pluginContentSecurityPolicy({ frameAncestors: [] })).toMatch(/frame-ancestors 'none'$/);
  });
});

describe('safe paths', () => {
  it('GIVEN traversal attempts THEN every one is refused', async () => {
    const attempts = ['../manifest.json', '..%2fmanifest.json', '%2e%2e/manifest.json', '%252e%252e%252fmanifest.json', 'sub/..%5c..%5cmanifest.json', 'sub\\..\\..\\manifest.json', '%00index.html', 'C:%5cwindows', '.env', 'sub/%2e%2e/%2e%2e/manifest.json', '%E0%A4%A'];
    for (const a of attempts) {
      const r = await resolveInside(dash, `/${a}`);
      expect(r.ok, a).toBe(false);
    }
    expect(await resolveInside(dash, '/link.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveInside(dash, '/')).toMatchObject({ ok: true, file: join(dash, 'index.html') });
    expect(await resolveInside(dash, '/sub/app.js')).toMatchObject({ ok: true });
    expect(splitSafeSegments('/a//b/')).toEqual(['a', 'b']);
  });
});

describe('dashboard server routes', () => {
  let server: Server;
  let base: string;
  const handlers = {
    ...seedDashboardHandlers,
    boom: () => {
      throw new RangeError('bad value');
    },
  };
  const backend = new MemoryDashboardBackend({ handlers });
  const origin = 'http://host.example';

  beforeAll(async () => {
    server = await createDashboardServer({
      backend,
      bundleDir: bundles,
      hostOrigins: [origin],
      plugins: (id) => (id === 'demo' ? { id, dashboardDir: dash, capabilities: [], handlers: Object.keys(handlers), dashboardManifest: { pages: [] } } : undefined),
      session: (req) => (req.headers.cookie === 'sid=ok' ? SESSION : null),
      limits: { maxRequestBytes: 4096 },
    }).listen(0);
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie: 'sid=ok', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('GIVEN plugin assets THEN they come with the sandbox CSP, nosniff and no referrer; traversal over HTTP is refused', async () => {
    const r = await fetch(`${base}/p/demo/dashboard/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts allow-forms; default-src 'self';.*frame-ancestors http:\/\/host\.example$/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await r.text()).toContain('<p>hi</p>');
    expect((await fetch(`${base}/p/demo/dashboard/sub/app.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/p/demo/dashboard`, { redirect: 'manual' })).status).toBe(308);
    for (const p of ['/p/demo/dashboard/..%2fmanifest.json', '/p/demo/dashboard/%2e%2e/manifest.json', '/p/demo/dashboard/.env', '/p/demo/dashboard/link.txt', '/p/..%2f..%2fetc/dashboard/passwd', '/p/demo/dashboard/dashboard-assets/..%2f..%2fmanifest.json']) {
      const res = await fetch(base + p);
      expect([400, 403, 404], p).toContain(res.status);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('GIVEN the platform files THEN /static/mmo-maid-sdk.js and the style pack are served; an iframe page gets the pack under dashboard-assets/sdk/', async () => {
    expect(await (await fetch(`${base}/static/mmo-maid-sdk.js`)).text()).toBe('var MaidSDK={};');
    for (const p of ['/static/dashboard.css', '/static/sdk/ui.css', '/static/sdk/ui.js?v=1', '/p/demo/dashboard/dashboard-assets/sdk/ui.js']) {
      const r = await fetch(base + p);
      expect(r.status, p).toBe(200);
    }
    expect((await fetch(`${base}/static/dashboard-host.js`)).status).toBe(404); // not built in this temp bundle dir
  });

  it('GIVEN the bridge route THEN only host origins with a session reach the backend, with ids from the session', async () => {
    const before = backend.requests.length;
    expect((await post('/p/demo/dashboard/bridge', { namespace: 'kv', method: 'get', params: { key: 'a' } }, { origin: 'null' })).status).toBe(403);
    expect((await post('/p/demo/dashboard/bridge', { namespace: 'kv', method: 'get', params: { key: 'a' } }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/p/demo/dashboard/bridge', { namespace: 'kv', method: 'get', params: { key: 'a' } }, { cookie: '' })).status).toBe(403);
    expect((await post('/p/nope/dashboard/bridge', { namespace: 'kv', method: 'get', params: { key: 'a' } })).status).toBe(404);
    expect((await post('/p/demo/dashboard/bridge', 'key=a', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    expect(await (await post('/p/demo/dashboard/bridge', { namespace: 'sql', method: 'query', params: { sql: 'SELECT 1' } })).json()).toMatchObject({ ok: false, error: { code: 'CAPABILITY_DENIED' } });
    expect(await (await post('/p/demo/dashboard/bridge', { namespace: 'http', method: 'request', params: {} })).json()).toMatchObject({ ok: false, error: { code: 'NAMESPACE_DENIED' } });
    const big = await post('/p/demo/dashboard/bridge', { namespace: 'kv', method: 'set', params: { key: 'a', value: 'x'.repeat(10_000) } });
    expect(big.status).toBe(413);
    expect(backend.requests.length).toBe(before);

    const set = await post('/p/demo/dashboard/bridge', { namespace: 'kv', method: 'set', params: { key: 'welcome_message', value: 'Hi' }, serverId: 'evil' });
    expect(await set.json()).toEqual({ ok: true, result: {} });
    expect(backend.requests.at(-1)).toMatchObject({ pluginId: 'demo', serverId: SESSION.serverId, userId: SESSION.userId });
    const get = await post('/p/demo/dashboard/bridge', { namespace: 'dashboard', method: 'get_settings', params: { discord_srv_id: 'evil' } });
    expect(await get.json()).toEqual({ ok: true, result: { values: { channel_id: '', message: 'Hi' } } });
    expect(backend.requests.at(-1)?.params).toEqual({ discord_srv_id: SESSION.serverId });
    expect(await (await post('/p/demo/dashboard/bridge', { namespace: 'dashboard', method: 'missing', params: {} })).json()).toMatchObject({ error: { code: 'METHOD_NOT_FOUND' } });
  });

  it("GIVEN seed 002's MaidUI.fetchJSON form post THEN /rpc/save_settings reaches the handler as params.values", async () => {
    const r = await post('/p/demo/dashboard/rpc/save_settings', { channel_id: '123456789012345678', message: 'Welcome aboard' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
    expect(backend.store('demo', SESSION.serverId).get('welcome_channel')).toBe('123456789012345678');
    expect(backend.requests.at(-1)?.params).toEqual({ channel_id: '123456789012345678', message: 'Welcome aboard', values: { channel_id: '123456789012345678', message: 'Welcome aboard' }, discord_srv_id: SESSION.serverId });
    const failing = await post('/p/demo/dashboard/rpc/boom', {});
    expect(failing.status).toBe(502);
    expect(await failing.json()).toEqual({ error: { code: 'HANDLER_ERROR', message: 'RangeError: bad value' } });
    expect((await post('/p/demo/dashboard/rpc/__proto__', {})).status).toBe(404);
    expect((await post('/p/demo/dashboard/rpc/save_settings', {}, { origin: 'null' })).status).toBe(403);
  });

  it('GIVEN the manifest route THEN the parsed dashboard_manifest.json comes back for a session', async () => {
    expect(await (await fetch(`${base}/p/demo/dashboard-manifest`, { headers: { origin, cookie: 'sid=ok' } })).json()).toEqual({ pages: [] });
    expect((await fetch(`${base}/p/demo/dashboard-manifest`, { headers: { origin, cookie: 'no' } })).status).toBe(403);
    expect((await fetch(`${base}/p/demo/dashboard-manifest`, { headers: { cookie: 'sid=ok' } })).status).toBe(200); // same-origin GET: no Origin header
    expect((await fetch(`${base}/p/demo/dashboard-manifest`, { headers: { cookie: 'sid=ok', 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(`${base}/p/demo/dashboard-manifest`, { headers: { cookie: 'sid=ok', origin: 'null' } })).status).toBe(403);
  });

  it('GIVEN the browser transports (run here with Node fetch) THEN results come back and errors are BridgeErrors with their code', async () => {
    const withSession: typeof fetch = (url, init) => fetch(new URL(String(url), base), { ...init, headers: { ...(init?.headers as Record<string, string>), origin, cookie: 'sid=ok' } });
    const transport = createHttpTransport({ pluginId: 'demo', fetch: withSession });
    expect(await transport({ namespace: 'kv', method: 'set', params: { key: 'k', value: [1, 'two'] } })).toEqual({});
    expect(await transport({ namespace: 'kv', method: 'get', params: { key: 'k' } })).toEqual({ value: [1, 'two'] });
    const denied = await transport({ namespace: 'sql', method: 'query', params: { sql: 'SELECT 1' } }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(BridgeError);
    expect((denied as BridgeError).code).toBe('CAPABILITY_DENIED');
    const rpc = createHttpRpc('demo', { fetch: withSession });
    expect(await rpc('dashboard.get_settings', {})).toMatchObject({ values: { message: expect.any(String) } });
    expect(((await rpc('boom', {}).catch((e: unknown) => e)) as BridgeError).code).toBe('HANDLER_ERROR');
    const offline = createHttpTransport({ pluginId: 'demo', baseUrl: 'http://127.0.0.1:9', fetch: (u, i) => fetch(u, i) });
    expect(((await offline({ namespace: 'kv', method: 'get', params: { key: 'k' } }).catch((e: unknown) => e)) as BridgeError).code).toBe('NOT_CONNECTED');
  });
});
