import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startBot, type Running } from './helpers.js';

describe('the example bot serves plugin dashboards with the dashboard-bridge server on a local port', () => {
  let r: Running;
  let origin: string;
  let cookie: string;
  beforeAll(async () => {
    r = await startBot({}, ['dashboard-plugin']);
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'dashboard-plugin' }])).toContain('Installed');
    origin = `http://127.0.0.1:${r.bot.dashboards!.port}`;
  });
  afterAll(async () => r.close());

  const rpc = (handler: string, body: unknown, withCookie = true) =>
    fetch(`${origin}/p/dashboard_plugin/dashboard/rpc/${handler}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...(withCookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it('GIVEN /plugins dashboard THEN a short-lived link opens the host page with a session cookie', async () => {
    const text = await admin(r, 'dashboard', [{ name: 'plugin', type: 3, value: 'dashboard_plugin' }]);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/servers\/\d+\/plugins\/dashboard_plugin\?session=[\w-]+)/.exec(text)?.[1];
    expect(link).toBeDefined();
    const redirect = await fetch(link!, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    cookie = redirect.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^maidkit_session=/);
    const page = await fetch(new URL(redirect.headers.get('location')!, origin), { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Dashboard Plugin</h1>');
    expect(html).toContain('renderDashboard');
  });

  it('GIVEN the session THEN the manifest is served and the seed\'s save/get settings handlers run in the plugin', async () => {
    const manifest = (await (await fetch(`${origin}/p/dashboard_plugin/dashboard-manifest`, { headers: { cookie } })).json()) as { pages: unknown[] };
    expect(Array.isArray(manifest.pages)).toBe(true);
    const saved = await rpc('save_settings', { values: { channel_id: '310000000000000001', message: 'Hi there' } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ok: true });
    const settings = await rpc('get_settings', {});
    expect(await settings.json()).toMatchObject({ values: { channel_id: '310000000000000001', message: 'Hi there' } });
  });

  it('GIVEN no session, or an unknown link THEN nothing is served', async () => {
    expect([401, 403]).toContain((await rpc('get_settings', {}, false)).status); // the bridge server's refusal
    expect((await fetch(`${origin}/servers/210000000000000001/plugins/dashboard_plugin?session=forged`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${origin}/servers/210000000000000001/plugins/dashboard_plugin`)).status).toBe(401);
  });
});
