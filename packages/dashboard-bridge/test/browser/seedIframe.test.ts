import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THEME_VARS } from '../../src/protocol/theme.js';
import { MemoryDashboardBackend } from '../../src/server/MemoryDashboardBackend.js';
import { chromiumAvailable, FIXTURES, launchChromium, openHost, SESSION, startHarness, type Harness } from './harness.js';

const runs = chromiumAvailable();
const daily = Array.from({ length: 40 }, (_, i) => i + 1); // last 30 days sum to 11+…+40 = 765

describe.skipIf(!runs)('seed 002 iframe page in real Chromium', () => {
  let browser: Browser;
  let h: Harness;
  const backend = new MemoryDashboardBackend({
    metrics: { messages_sent: daily },
    sql: (method, sql, params) => (method === 'query' ? { columns: ['sql', 'params'], rows: [{ sql, params }] } : { changes: 2, last_insert_rowid: 7 }),
  });

  beforeAll(async () => {
    browser = await launchChromium();
    h = await startHarness(
      {
        seed_iframe: { dashboardDir: `${FIXTURES}/seed_iframe/dashboard`, capabilities: [] },
        seed_sql: { dashboardDir: `${FIXTURES}/seed_iframe/dashboard`, capabilities: ['storage:sql'] },
      },
      { backend },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('GIVEN the seed page verbatim THEN MaidSDK.ready runs, metrics.total answers through the bridge and the frame is resized', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'seed_iframe');
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent !== 'Loading…', undefined, { timeout: 10_000, polling: 100 });
    expect(await frame.textContent('#stat')).toBe('765 messages');

    const call = backend.requests.find((r) => r.namespace === 'metrics');
    expect(call).toEqual({ pluginId: 'seed_iframe', serverId: SESSION.serverId, userId: SESSION.userId, namespace: 'metrics', method: 'total', params: { name: 'messages_sent', period: '30d' } });

    // MaidSDK.resize() with no height: the host sized the iframe to the content.
    await page.waitForFunction(() => parseInt((document.getElementById('plugin') as HTMLIFrameElement).style.height, 10) > 48);
    const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const applied = await page.evaluate(() => parseInt((document.getElementById('plugin') as HTMLIFrameElement).style.height, 10));
    expect(Math.abs(applied - content)).toBeLessThanOrEqual(4);
    await page.close();
  });

  it('GIVEN a connected frame THEN its origin is opaque, getContext carries host-supplied ids and the theme variables are applied', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'seed_iframe');
    await frame.waitForFunction(() => (window as unknown as { MaidSDK: { getTheme(): string } }).MaidSDK && document.getElementById('stat')?.textContent !== 'Loading…', undefined, { polling: 100 });
    expect(await frame.evaluate(() => self.origin)).toBe('null');
    const ctx = await frame.evaluate(() => (window as unknown as { MaidSDK: { getContext(): unknown } }).MaidSDK.getContext());
    expect(ctx).toEqual({ discord_srv_id: SESSION.serverId, plugin_id: 'seed_iframe', user_id: SESSION.userId, theme: 'dark' });
    const gold = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--gold').trim());
    expect(gold).toBe(DEFAULT_THEME_VARS.dark['--gold']);
    // The frame cannot reach into the host page.
    expect(await frame.evaluate(() => { try { return String(window.parent.document); } catch (e) { return (e as Error).name; } })).toBe('SecurityError');

    await frame.evaluate(() => {
      const w = window as unknown as { MaidSDK: { on(e: string, f: (t: string) => void): void }; themes: string[] };
      w.themes = [];
      w.MaidSDK.on('theme', (t) => w.themes.push(t));
    });
    await page.evaluate(() => (window as unknown as { host: { setTheme(t: string): void } }).host.setTheme('light'));
    await frame.waitForFunction(() => (window as unknown as { themes: string[] }).themes.length === 1, undefined, { polling: 100 });
    expect(await frame.evaluate(() => (window as unknown as { MaidSDK: { getTheme(): string } }).MaidSDK.getTheme())).toBe('light');
    const vars = await frame.evaluate(() => {
      const s = getComputedStyle(document.documentElement);
      return { text: s.getPropertyValue('--text').trim(), surface: s.getPropertyValue('--surface').trim(), theme: document.documentElement.dataset.theme, bg: getComputedStyle(document.body).backgroundColor };
    });
    expect(vars).toEqual({ text: DEFAULT_THEME_VARS.light['--text'], surface: DEFAULT_THEME_VARS.light['--surface'], theme: 'light', bg: 'rgb(244, 240, 232)' });
    await page.close();
  });

  it('GIVEN every MaidSDK namespace THEN each call reaches the backend under its PROTOCOL.md name and resolves to the unwrapped result', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'seed_sql', { capabilities: ['storage:sql'] });
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent === '765 messages', undefined, { polling: 100 });
    const from = backend.requests.length;
    const out = await frame.evaluate(async () => {
      const sdk = (window as unknown as { MaidSDK: import('../../src/client/createMaidSDK.js').MaidSDK }).MaidSDK;
      const r: Record<string, unknown> = {};
      r.set = await sdk.kv.set('greeting', { text: 'hi', n: 1 });
      r.get = await sdk.kv.get('greeting');
      r.missing = await sdk.kv.get('nope');
      r.setMany = await sdk.kv.setMany({ 'a:1': 1, 'a:2': 2, 'a:3': 3 });
      r.getMany = await sdk.kv.getMany(['a:1', 'a:3', 'zz']);
      r.list = await sdk.kv.list('a:', { limit: 2 });
      r.delete = await sdk.kv.delete('a:1');
      r.deleteAgain = await sdk.kv.delete('a:1');
      r.query = await sdk.metrics.query('messages_sent', '3d');
      r.sql = await sdk.sql.query('SELECT ?', [1]);
      r.exec = await sdk.sql.execute('DELETE FROM t');
      r.rpcUnknown = await sdk.rpc('dashboard.nothing_here', {}).catch((e: { code: string }) => e.code);
      r.navigate = await sdk.navigateTo('nowhere').catch((e: { code: string }) => e.code);
      return r;
    });
    expect(out).toEqual({
      set: undefined,
      get: { text: 'hi', n: 1 },
      missing: null,
      setMany: undefined,
      getMany: { 'a:1': 1, 'a:3': 3, zz: null },
      list: { keys: ['a:1', 'a:2'], cursor: '2' },
      delete: true,
      deleteAgain: false,
      query: { labels: ['-2d', '-1d', 'today'], series: [{ name: 'messages_sent', data: [38, 39, 40] }] },
      sql: { columns: ['sql', 'params'], rows: [{ sql: 'SELECT ?', params: [1] }] },
      exec: { changes: 2, last_insert_rowid: 7 },
      rpcUnknown: 'METHOD_NOT_FOUND',
      navigate: 'PAGE_NOT_FOUND',
    });
    expect(backend.requests.slice(from).map((r) => `${r.namespace}.${r.method}`)).toEqual([
      'kv.set', 'kv.get', 'kv.get', 'kv.set_many', 'kv.get_many', 'kv.list', 'kv.delete', 'kv.delete', 'metrics.query', 'sql.query', 'sql.execute', 'dashboard.nothing_here',
    ]);
    await page.close();
  });

  it('GIVEN resize(height) and host.destroy() THEN the frame gets a resize event, then every call fails NOT_CONNECTED', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'seed_iframe');
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent === '765 messages', undefined, { polling: 100 });
    const event = await frame.evaluate(
      () =>
        new Promise((resolve) => {
          const sdk = (window as unknown as { MaidSDK: import('../../src/client/createMaidSDK.js').MaidSDK }).MaidSDK;
          sdk.on('resize', (e) => {
            if (e.height === 321) resolve(e.height);
          });
          void sdk.resize(321);
        }),
    );
    expect(event).toBe(321);
    expect(await page.evaluate(() => (document.getElementById('plugin') as HTMLIFrameElement).style.height)).toBe('321px');
    expect(await frame.evaluate(() => (window as unknown as { MaidSDK: { resize(h: number): Promise<void> } }).MaidSDK.resize(-5).catch((e: { code: string }) => e.code))).toBe('INVALID_PARAMS');

    await page.evaluate(() => (window as unknown as { host: { destroy(): void } }).host.destroy());
    const after = await frame.evaluate(() =>
      (window as unknown as { MaidSDK: { metrics: { total(n: string): Promise<number> } } }).MaidSDK.metrics.total('messages_sent').then(
        () => 'answered',
        (e: { code: string }) => e.code,
      ),
    );
    expect(after).toBe('NOT_CONNECTED');
    await page.close();
  });

  it('GIVEN the plugin document THEN it is served with a sandboxing CSP that also blocks network access from the frame', async () => {
    const page = await browser.newPage();
    const responses: Record<string, string>[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/p/seed_iframe/dashboard/')) responses.push(r.headers());
    });
    const frame = await openHost(page, h, 'seed_iframe');
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent !== 'Loading…', undefined, { polling: 100 });
    const csp = responses[0]?.['content-security-policy'] ?? '';
    expect(csp).toMatch(/^sandbox allow-scripts allow-forms;/);
    expect(csp).not.toContain('allow-same-origin');
    expect(csp).toContain(`frame-ancestors ${h.hostOrigin}`);
    const fetched = await frame.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'reached';
      } catch (e) {
        return (e as Error).name;
      }
    }, `${h.hostOrigin}/p/seed_iframe/dashboard/bridge`);
    expect(fetched).toBe('TypeError');
    await page.close();
  });

  it('GIVEN the frame reloads THEN the host re-handshakes and the page works again', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'seed_iframe');
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent !== 'Loading…', undefined, { polling: 100 });
    expect(await page.evaluate(() => (window as unknown as { host: { connections: number } }).host.connections)).toBe(1);
    const before = backend.requests.length;
    await frame.evaluate(() => location.reload());
    await page.waitForFunction(() => (window as unknown as { host: { connections: number } }).host.connections === 2);
    const reloaded = page.frames().find((f) => f.url().includes('/p/seed_iframe/dashboard/'))!;
    await reloaded.waitForFunction(() => document.getElementById('stat')?.textContent === '765 messages');
    expect(backend.requests.length).toBe(before + 1);
    expect(await page.evaluate(() => (window as unknown as { host: { connected: boolean } }).host.connected)).toBe(true);
    await page.close();
  });
});
