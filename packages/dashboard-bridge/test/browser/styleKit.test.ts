import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryDashboardBackend, seedDashboardHandlers } from '../../src/server/MemoryDashboardBackend.js';
import { chromiumAvailable, FIXTURES, launchChromium, openHost, SESSION, startHarness, type Harness } from './harness.js';

const runs = chromiumAvailable();
type UI = {
  toast(m: string, k?: string): { close(): void };
  confirm(m: string): Promise<boolean>;
  fetchJSON(u: string, i?: RequestInit): Promise<unknown>;
  serializeForm(f: HTMLFormElement): Record<string, unknown>;
  copy(t: string): Promise<boolean>;
};
type G = Window & { MaidUI: UI; answer?: boolean | string };

describe.skipIf(!runs)('MaidUI style pack in real Chromium', () => {
  let browser: Browser;
  let h: Harness;
  const backend = new MemoryDashboardBackend({ handlers: seedDashboardHandlers });

  beforeAll(async () => {
    browser = await launchChromium();
    h = await startHarness({ demo: { dashboardDir: `${FIXTURES}/styled/dashboard`, capabilities: [], handlers: Object.keys(seedDashboardHandlers) } }, { backend });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('GIVEN a host page THEN toast, confirm, serializeForm and copy work', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.hostOrigin });
    const page = await context.newPage();
    await page.goto(h.hostUrl);
    await page.evaluate(() => {
      const w = window as unknown as G;
      w.MaidUI.toast('Saved!', 'ok');
      w.MaidUI.toast('<b>not html</b>', 'nonsense');
      document.getElementById('app')!.innerHTML = `<form id="f">
        <input name="channel_id" value="123456789012345678"><textarea name="message">Hi</textarea>
        <input type="checkbox" name="enabled" checked><input type="number" name="limit" value="5">
        <select name="roles" multiple><option value="a" selected>a</option><option value="b" selected>b</option><option value="c">c</option></select>
        <input type="radio" name="mode" value="x"><input type="radio" name="mode" value="y" checked>
        <input name="tag" value="one"><input name="tag" value="two"><input name="off" value="z" disabled><button name="go">Go</button></form>`;
    });
    const toasts = await page.$$eval('.maid-toast', (ts) => ts.map((t) => [t.className, t.textContent, t.getAttribute('role')]));
    expect(toasts).toEqual([
      ['maid-toast maid-toast-ok', 'Saved!', 'status'],
      ['maid-toast maid-toast-info', '<b>not html</b>', 'status'],
    ]);
    const form = await page.evaluate(() => (window as unknown as G).MaidUI.serializeForm(document.getElementById('f') as HTMLFormElement));
    expect(form).toEqual({ channel_id: '123456789012345678', message: 'Hi', enabled: true, limit: 5, roles: ['a', 'b'], mode: 'y', tag: ['one', 'two'] });

    // Seed 002: MaidUI.confirm("Delete this record?").then((yes) => { if (yes) /* ... */ });
    await page.evaluate(() => {
      const w = window as unknown as G;
      w.MaidUI.confirm('Delete this record?').then((yes) => {
        w.answer = yes;
      });
    });
    expect(await page.textContent('.maid-dialog p')).toBe('Delete this record?');
    await page.click('.maid-dialog [data-action="ok"]');
    expect(await page.evaluate(() => (window as unknown as G).answer)).toBe(true);
    await page.evaluate(() => {
      const w = window as unknown as G;
      void w.MaidUI.confirm('Again?').then((yes) => (w.answer = yes));
    });
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as G).answer)).toBe(false);
    expect(await page.$('.maid-overlay')).toBeNull();

    expect(await page.evaluate(() => (window as unknown as G).MaidUI.copy('text to clipboard'))).toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('text to clipboard');
    await context.close();
  });

  it("GIVEN seed 002's fetchJSON sample on a manifest-mode host page THEN it posts the form to /p/{plugin_id}/dashboard/rpc/save_settings", async () => {
    const page = await browser.newPage();
    await page.goto(h.hostUrl);
    const result = await page.evaluate(() => {
      const meta = document.createElement('meta');
      meta.name = 'maid-plugin-id';
      meta.content = 'demo';
      document.head.append(meta);
      document.getElementById('app')!.innerHTML = '<form id="s"><input name="channel_id" value="223456789012345678"><input name="message" value="From the host page"></form>';
      const myFormElement = document.getElementById('s') as HTMLFormElement;
      const MaidUI = (window as unknown as G).MaidUI;
      return MaidUI.fetchJSON("/p/{plugin_id}/dashboard/rpc/save_settings", {
        method: "POST",
        body: JSON.stringify(MaidUI.serializeForm(myFormElement)),
      });
    });
    expect(result).toEqual({ ok: true });
    expect(backend.store('demo', SESSION.serverId).get('welcome_message')).toBe('From the host page');
    const error = await page.evaluate(() =>
      (window as unknown as G).MaidUI.fetchJSON('/p/demo/dashboard/rpc/nope', { method: 'POST', body: '{}' }).catch((e: Error & { code: string; status: number }) => [e.status, e.code]),
    );
    expect(error).toEqual([404, 'METHOD_NOT_FOUND']);
    await page.close();
  });

  it('GIVEN an iframe dashboard that bundles the pack under dashboard-assets/sdk/ THEN the same fetchJSON call travels over the bridge', async () => {
    const page = await browser.newPage();
    const frame = await openHost(page, h, 'demo');
    await frame.waitForFunction(() => typeof (window as unknown as { MaidUI?: unknown }).MaidUI === 'object', undefined, { polling: 100 });
    const styles = await frame.evaluate(() => {
      const btn = getComputedStyle(document.querySelector('.maid-btn-primary')!);
      return { radius: btn.borderRadius, bg: btn.backgroundColor, gold: getComputedStyle(document.documentElement).getPropertyValue('--gold').trim() };
    });
    expect(styles.radius).toBe('8px');
    expect(styles.gold).toBe('#d4a94a'); // dark theme, pushed by the host
    // The button paints --gold (after its colour transition settles).
    await frame.waitForFunction(() => getComputedStyle(document.querySelector('.maid-btn-primary')!).backgroundColor === 'rgb(212, 169, 74)', undefined, { timeout: 5000, polling: 100 });
    await frame.fill('textarea[name="message"]', 'From inside the sandbox', { timeout: 5000 });
    await frame.click('button[type="submit"]', { timeout: 5000 });
    await frame.waitForFunction(() => (window as unknown as { saveResult: unknown }).saveResult !== null, undefined, { timeout: 5000, polling: 100 });
    expect(await frame.evaluate(() => (window as unknown as { saveResult: unknown }).saveResult)).toEqual({ ok: true });
    expect(backend.store('demo', SESSION.serverId).get('welcome_message')).toBe('From inside the sandbox');
    expect(backend.requests.at(-1)).toMatchObject({ namespace: 'dashboard', method: 'save_settings', params: { values: { channel_id: '123456789012345678', message: 'From inside the sandbox' }, discord_srv_id: SESSION.serverId } });
    expect(await frame.textContent('.maid-toast')).toBe('Saved!');
    await page.close();
  });
});
