import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDashboardBackend } from '../../src/server/MemoryDashboardBackend.js';
import { buildBundles, BUNDLES, chromiumAvailable, launchChromium, PKG, RESULTS } from './harness.js';

const runs = chromiumAvailable();
type Demo = { url: string; backend: MemoryDashboardBackend; close(): Promise<void> };
type G = Window & { view: { whenIdle(): Promise<void>; pageId: string }; host: { connections: number } };

describe.skipIf(!runs)('examples/dashboard-demo in real Chromium (both modes on one host page)', () => {
  let browser: Browser;
  let demo: Demo;

  beforeAll(async () => {
    await buildBundles();
    const mod = (await import(pathToFileURL(join(PKG, '../../examples/dashboard-demo/host.mjs')).href)) as { startDemo(o: { port: number; bundleDir: string }): Promise<Demo> };
    demo = await mod.startDemo({ port: 0, bundleDir: BUNDLES });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('GIVEN the demo host THEN the manifest dashboard and the iframe dashboard both render, save, navigate and follow the theme', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await page.goto(demo.url);
    await page.waitForFunction(() => (window as unknown as G).view !== undefined);
    await page.evaluate(() => (window as unknown as G).view.whenIdle());
    const states = await page.$$eval('[data-widget-id]', (els) => els.map((e) => `${e.getAttribute('data-widget-id')}:${e.getAttribute('data-state')}`));
    expect(states).toEqual(['active_users:ready', 'quota:ready', 'status:ready', 'messages_chart:ready', 'recent_joins:ready', 'active_table:ready']);
    expect(await page.textContent('[data-widget-id="active_table"] .maid-pager-status')).toBe('Page 1 of 3 · 27 rows');

    const frame = (await (await page.waitForSelector('#frame')).contentFrame())!;
    await frame.waitForFunction(() => document.getElementById('stat')?.textContent?.endsWith('messages'));
    expect(await frame.textContent('#stat')).toMatch(/^\d+ messages$/);
    expect(await frame.$$eval('#members li', (li) => li.map((l) => l.textContent))).toEqual(['1000', '1001', '1002', '1003', '1004']);
    await frame.waitForFunction(() => (document.getElementById('channel_id') as HTMLInputElement).value === '' && (document.getElementById('message') as HTMLTextAreaElement).value === 'Welcome!');

    await frame.fill('#channel_id', '123456789012345678');
    await frame.click('button[type="submit"]');
    await frame.waitForSelector('.maid-toast-ok');
    expect(demo.backend.store('dashboard_demo', '123456789012345678').get('welcome_channel')).toBe('123456789012345678');

    await frame.click('#to-settings');
    await page.waitForFunction(() => (window as unknown as G).view.pageId === 'settings');
    await page.evaluate(() => (window as unknown as G).view.whenIdle());
    expect(await page.inputValue('[data-widget-id="settings_form"] input[name="channel_id"]')).toBe('123456789012345678');

    await page.click('#theme');
    await frame.waitForFunction(() => document.getElementById('theme')?.textContent === 'light theme');
    expect(await page.$eval('.maid-dashboard', (e) => e.getAttribute('data-theme'))).toBe('light');
    writeFileSync(join(RESULTS, 'example-demo-light.png'), await page.screenshot({ fullPage: true }));
    await page.close();
  });
});
