import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../src/index.js';
import { chromiumAvailable, launchBrowser, REPO, RESULTS } from './browser.js';
import { buildBundles } from './bundles.js';
import { close, hex, readPng } from './pixels.js';

const HAVE_CHROMIUM = chromiumAvailable();

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

const pluginSays = (page: Page, text: string) => page.locator('.msg.from-plugin', { has: page.locator('.content', { hasText: text }) }).last();

describe.skipIf(!HAVE_CHROMIUM)('hot reload and dashboards in Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('GIVEN a copy of the hello plugin WHEN its file is edited on disk THEN the open page gets the new behaviour without reloading; a broken edit keeps the last good version running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-pg-reload-'));
    cpSync(join(REPO, 'examples/hello-plugin'), dir, { recursive: true });
    const source = readFileSync(join(dir, '__main__.py'), 'utf8');
    const pg = await startPlayground({ plugin: dir, bundleDir: await buildBundles() });
    try {
      const page = await browser.newPage();
      await page.goto(pg.url);
      await page.waitForSelector('body[data-ready=true]');
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
      await say(page, '!ping');
      await page.locator('.msg.from-plugin .content', { hasText: /^Pong!$/ }).waitFor();

      // Save a new version: the watcher reloads it, the page says so and keeps its history.
      writeFileSync(join(dir, '__main__.py'), source.replace('content="Pong!"', 'content="Pong v2!"'));
      await page.waitForSelector('body[data-generation="2"]', { timeout: 20_000 });
      expect(await page.locator('#banner').textContent()).toContain('Reloaded My Plugin v1.0.0');
      expect(await page.locator('#plugin-version').textContent()).toContain('reload 1');
      await say(page, '!ping');
      await page.locator('.msg.from-plugin .content', { hasText: /^Pong v2!$/ }).waitFor();
      expect(await page.locator('.msg.from-plugin .content', { hasText: /^Pong!$/ }).count()).toBe(1);
      await page.locator('#panel-logs .entry.kind-status', { hasText: 'stopped' }).first().waitFor();

      // A syntax error: the reload fails, the banner says why, and v2 still answers.
      writeFileSync(join(dir, '__main__.py'), `${source.replace('content="Pong!"', 'content="Pong v3!"')}\ndef broken(:\n`);
      await page.locator('#banner.error', { hasText: 'Reload failed — still running the previous version' }).waitFor({ timeout: 20_000 });
      expect(await page.locator('#banner').textContent()).toMatch(/did not start|exited|SyntaxError/);
      await say(page, '!ping');
      await expect.poll(() => page.locator('.msg.from-plugin .content', { hasText: /^Pong v2!$/ }).count(), { timeout: 10_000 }).toBe(2);
      expect(await page.locator('.msg.from-plugin .content', { hasText: 'Pong v3!' }).count()).toBe(0);

      // An invalid manifest is refused by validation before anything starts.
      writeFileSync(join(dir, '__main__.py'), source.replace('content="Pong!"', 'content="Pong v4!"'));
      writeFileSync(join(dir, 'manifest.json'), '{"id": "my_plugin", "name": "My Plugin"');
      await expect.poll(async () => (await page.locator('#banner').textContent()) ?? '', { timeout: 20_000 }).toContain('is not a runnable plugin');
      // Fixing it loads v4.
      writeFileSync(join(dir, 'manifest.json'), readFileSync(join(REPO, 'examples/hello-plugin/manifest.json')));
      await page.waitForSelector('body[data-generation]:not([data-generation="2"])', { timeout: 20_000 });
      await say(page, '!ping');
      await page.locator('.msg.from-plugin .content', { hasText: /^Pong v4!$/ }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same page');
      await page.close();
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN examples/dashboard-demo THEN the Dashboard tab shows both modes from the running plugin (manifest widgets and the MaidSDK iframe), themed with the page', async () => {
    const pg = await startPlayground({ plugin: join(REPO, 'examples/dashboard-demo'), bundleDir: await buildBundles(), watch: false });
    try {
      const page = await browser.newPage();
      await page.goto(`${pg.url}?theme=dark`);
      await page.waitForSelector('body[data-ready=true]');
      await say(page, 'hello dashboard');
      await page.locator('#panel-tab-kv').click();
      await page.locator('#panel-kv tr[data-key="active_user:100000000000000002"]').waitFor();

      await page.click('#tab-dashboard');
      // Manifest mode: the widgets call the plugin's @plugin.on_dashboard handlers through the host.
      const stat = page.locator('[data-widget-id="active_users"]');
      await page.waitForSelector('[data-widget-id="active_users"][data-state="ready"]');
      expect(await stat.locator('.maid-stat-value').textContent()).toBe('1');
      expect(await stat.locator('.maid-stat-change').textContent()).toBe('+12%');
      // Iframe mode: the plugin's own page on the other origin, over MaidSDK (metrics, kv, rpc).
      const frame = (await (await page.waitForSelector('#dashboard-frame')).contentFrame())!;
      // Interval polling: the default requestAnimationFrame polling can stall in a frame Chromium throttles.
      await frame.waitForFunction(() => document.getElementById('stat')?.textContent?.endsWith('messages'), undefined, { timeout: 20_000, polling: 100 });
      expect(await frame.textContent('#stat')).toBe('1 messages');
      expect(await frame.$$eval('#members li', (li) => li.map((l) => l.textContent))).toEqual(['100000000000000002']);
      await frame.waitForFunction(() => (document.getElementById('message') as HTMLTextAreaElement).value === 'Welcome!', undefined, { polling: 100 });
      expect(new URL(frame.url()).origin).toBe(pg.pluginOrigin);
      await page.screenshot({ path: join(RESULTS, 'dashboard-dark.png') });
      const dark = readPng(await page.screenshot());
      const root = (await page.locator('#dashboard-root').boundingBox())!;
      expect(close(dark.at(root.x + root.width - 4, root.y + 4), hex('#313338'))).toBe(true);

      // The theme toggle reaches the frame (MaidSDK "theme" event) and the manifest view.
      await frame.waitForFunction(() => document.getElementById('theme')?.textContent === 'dark theme', undefined, { polling: 100 });
      await page.click('#theme-toggle');
      await frame.waitForFunction(() => document.getElementById('theme')?.textContent === 'light theme', undefined, { polling: 100 });
      expect(await page.$eval('.maid-dashboard', (e) => e.getAttribute('data-theme'))).toBe('light');
      await page.screenshot({ path: join(RESULTS, 'dashboard-light.png') });

      // Saving the iframe form reaches the plugin's save_settings; the KV panel shows the new value.
      await frame.fill('#channel_id', '123456789012345678');
      await frame.click('#settings button[type=submit]');
      await frame.waitForSelector('.maid-toast-ok');
      await page.click('#tab-channel');
      await page.locator('#panel-kv tr[data-key="welcome_channel"] pre', { hasText: '"123456789012345678"' }).waitFor();

      // The ⚡ form sends any of the 16 events: a member_join makes the plugin welcome them in that channel.
      await page.click('#event-btn');
      await page.selectOption('#event-form select[name=event]', 'member_join');
      await page.fill('#event-form textarea[name=payload]', '{"username": "ann"}');
      await page.click('#event-form .send-event');
      await page.locator('.system', { hasText: '⚡ member_join' }).waitFor();
      const welcome = pluginSays(page, 'Welcome!');
      await welcome.waitFor();
      expect(await welcome.locator('.channel-tag').textContent()).toBe('(in #123456789012345678)');
      // A payload that is not an object is refused in the form, with the reason.
      await page.click('#event-btn');
      await page.fill('#event-form textarea[name=payload]', '{"username": ');
      await page.click('#event-form .send-event');
      expect(await page.locator('#event-form .opt-error').textContent()).toContain('not JSON');
      await page.fill('#event-form textarea[name=payload]', '{"username": 5}');
      await page.click('#event-form .send-event');
      await expect.poll(() => page.locator('#event-form .opt-error').textContent()).toContain('invalid member_join payload');
      await page.close();
    } finally {
      await pg.close();
    }
  });
});
