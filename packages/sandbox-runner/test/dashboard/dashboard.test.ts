import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
// The server entry only (the package index also holds browser code that needs the DOM types).
import { createDashboardServer } from '../../../dashboard-bridge/src/server.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createDashboardBackend } from '../../src/index.js';
import { cleanupScratch, makeHost, pluginDir, type TestHost } from '../helpers.js';

afterAll(cleanupScratch);

// Seed 002's four handlers, verbatim (examples/dashboard-plugin), with its dashboard_manifest.json.
const DASHBOARD = resolve(__dirname, '../../../../examples/dashboard-plugin');
const manifest = JSON.parse(readFileSync(resolve(DASHBOARD, 'dashboard_manifest.json'), 'utf8')) as unknown;
const SERVER = '123456789012345678';
const plugin = { id: 'dashboard_plugin', version: '1.0.0', dir: DASHBOARD, capabilities: [], dashboardManifest: manifest };

async function withDashboard(fn: (t: TestHost, installId: string) => Promise<void>): Promise<void> {
  const t = makeHost();
  try {
    const { installId } = await t.host.install(plugin, { serverId: SERVER });
    await fn(t, installId);
  } finally {
    await t.close();
  }
}

describe('seed 002 dashboard handlers through PluginHost.dashboard', () => {
  it('GIVEN active_user: keys in KV THEN get_active_users returns their count as a stat card', async () => {
    await withDashboard(async (t, installId) => {
      for (const u of ['1', '2', '3']) await t.host.callService(installId, 'kv.set', { key: `active_user:${u}`, value: true });
      await t.host.callService(installId, 'kv.set', { key: 'other', value: 1 });
      expect(await t.host.dashboard(installId, 'dashboard.get_active_users')).toEqual({ value: 3, change: '+12%' });
    });
  });

  it('GIVEN recorded messages THEN get_messages_chart returns seven daily labels and one series from ctx.metrics', async () => {
    await withDashboard(async (t, installId) => {
      for (let i = 0; i < 4; i++) await t.host.callService(installId, 'metrics.record', { name: 'messages' });
      const chart = (await t.host.dashboard(installId, 'get_messages_chart')) as { labels: string[]; series: Array<{ name: string; data: number[] }> };
      expect(chart.labels).toHaveLength(7);
      expect(chart.labels.at(-1)).toBe(new Date().toISOString().slice(0, 10));
      expect(chart.series).toEqual([{ name: 'Messages', data: [0, 0, 0, 0, 0, 0, 4] }]);
    });
  });

  it('GIVEN save_settings THEN get_settings returns the saved values (round trip through KV); before, the defaults', async () => {
    await withDashboard(async (t, installId) => {
      expect(await t.host.dashboard(installId, 'get_settings')).toEqual({ values: { channel_id: '', message: 'Welcome!' } });
      expect(await t.host.dashboard(installId, 'dashboard.save_settings', { values: { channel_id: '1200000000000000001', message: 'Hi there' } })).toEqual({ ok: true });
      expect(await t.host.dashboard(installId, 'get_settings')).toEqual({ values: { channel_id: '1200000000000000001', message: 'Hi there' } });
      expect(await t.host.callService(installId, 'kv.get', { key: 'welcome_message' })).toEqual({ value: 'Hi there' });
    });
  });

  it('GIVEN an unknown handler or a hostile name THEN it is refused before the plugin runs', async () => {
    await withDashboard(async (t, installId) => {
      await expect(t.host.dashboard(installId, 'nope')).rejects.toMatchObject({ code: -32601 });
      await expect(t.host.dashboard(installId, '__proto__')).rejects.toMatchObject({ code: -32602 });
      await expect(t.host.dashboard(installId, 'get_settings', [] as unknown as Record<string, unknown>)).rejects.toMatchObject({ code: -32602 });
    });
  });
});

describe('dashboard rules: discord_srv_id, result shapes, the 10-second limit', () => {
  const code = `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_dashboard("whoami")
def whoami(ctx: Context, params: dict):
    return {"text": params["discord_srv_id"]}

@plugin.on_dashboard("bad_chart")
def bad_chart(ctx: Context, params: dict):
    return {"labels": ["a", "b"], "series": [{"name": "x", "data": [1, "two", 3]}]}

@plugin.on_dashboard("sleepy")
def sleepy(ctx: Context, params: dict):
    time.sleep(11)
    return {"text": "too late"}

plugin.run()
`;
  const dashboardManifest = { pages: [{ id: 'p', title: 'P', widgets: [{ id: 'w', type: 'text', title: 'W', rpc_method: 'dashboard.whoami' }, { id: 'c', type: 'chart', title: 'C', rpc_method: 'dashboard.bad_chart' }] }] };

  it('GIVEN a caller passing another server\'s id THEN the handler still sees the install\'s server', async () => {
    const t = makeHost();
    try {
      const { installId } = await t.host.install({ id: 'rules', version: '1.0.0', dir: pluginDir(code), capabilities: [], dashboardManifest }, { serverId: SERVER });
      expect(await t.host.dashboard(installId, 'whoami', { discord_srv_id: '999999999999999999' })).toEqual({ text: SERVER });
      // A chart whose data does not fit: -32602 naming the path, the value never reaches the widget.
      const error = await t.host.dashboard(installId, 'bad_chart').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: -32602, data: { reason: 'invalid_result', widget: 'chart' } });
      const paths = (error as { data: { errors: Array<{ path: string }> } }).data.errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['/series/0/data', '/series/0/data/1']));
      // An explicit widget type overrides the manifest.
      await expect(t.host.dashboard(installId, 'whoami', {}, { widget: 'stat_card' })).rejects.toMatchObject({ code: -32602 });
    } finally {
      await t.close();
    }
  });

  it('GIVEN a handler sleeping 11 s THEN the call fails with -32002 Timeout at 10 s', async () => {
    const t = makeHost();
    try {
      const { installId } = await t.host.install({ id: 'rules', version: '1.0.0', dir: pluginDir(code), capabilities: [], dashboardManifest }, { serverId: SERVER });
      const started = Date.now();
      const error = await t.host.dashboard(installId, 'sleepy').catch((e: unknown) => e);
      const took = Date.now() - started;
      expect(error).toMatchObject({ code: -32002 });
      expect(took).toBeGreaterThanOrEqual(9_900);
      expect(took).toBeLessThan(10_900);
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'timeout', during: 'dashboard:sleepy' }));
    } finally {
      await t.close();
    }
  }, 20_000);
});

describe('createDashboardBackend behind the real bridge server', () => {
  it('GIVEN the bridge HTTP route THEN kv, metrics and dashboard calls reach the real plugin, sql needs storage:sql, ids come from the session', async () => {
    const t = makeHost();
    const hostOrigin = 'http://host.test';
    const { installId } = await t.host.install(plugin, { serverId: SERVER });
    const info = t.host.get(installId)!;
    const server = await createDashboardServer({
      backend: createDashboardBackend(t.host),
      hostOrigins: [hostOrigin],
      plugins: (id) => (id === plugin.id ? { id, dashboardDir: null, dashboardManifest: manifest, capabilities: info.capabilities, handlers: info.handlers.dashboard } : undefined),
      session: () => ({ serverId: SERVER, userId: '876543210987654321' }),
    }).listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p/${plugin.id}`;
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hostOrigin }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    try {
      expect(await post('/dashboard/bridge', { namespace: 'kv', method: 'set', params: { key: 'active_user:9', value: 1 } })).toMatchObject({ status: 200, body: { ok: true } });
      expect(await post('/dashboard/bridge', { namespace: 'kv', method: 'get', params: { key: 'active_user:9' } })).toMatchObject({ body: { ok: true, result: { value: 1 } } });
      expect(await post('/dashboard/bridge', { namespace: 'dashboard', method: 'get_active_users', params: { discord_srv_id: '1' } })).toMatchObject({ body: { ok: true, result: { value: 1, change: '+12%' } } });
      expect(await post('/dashboard/bridge', { namespace: 'metrics', method: 'total', params: { name: 'messages', period: '30d' } })).toMatchObject({ body: { ok: true, result: { total: 0 } } });
      // Seed 002's form post: MaidUI.fetchJSON("/p/{plugin_id}/dashboard/rpc/save_settings", …).
      expect(await post('/dashboard/rpc/save_settings', { channel_id: '5', message: 'Yo' })).toMatchObject({ status: 200, body: { ok: true } });
      expect(await t.host.dashboard(installId, 'get_settings')).toEqual({ values: { channel_id: '5', message: 'Yo' } });
      const sql = await post('/dashboard/bridge', { namespace: 'sql', method: 'query', params: { sql: 'SELECT 1' } });
      expect(sql.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(sql.body)).toMatch(/CAPABILITY_DENIED/);
      // And straight at the backend (a bridge that forgot the check): the host denies it too.
      await expect(createDashboardBackend(t.host).call({ pluginId: plugin.id, serverId: SERVER, userId: '1', namespace: 'sql', method: 'query', params: { sql: 'SELECT 1' } })).rejects.toMatchObject({ code: -32001 });
      await expect(createDashboardBackend(t.host).call({ pluginId: plugin.id, serverId: '42', userId: '1', namespace: 'kv', method: 'get', params: { key: 'x' } })).rejects.toMatchObject({ code: -32003 });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await t.close();
    }
  });
});
