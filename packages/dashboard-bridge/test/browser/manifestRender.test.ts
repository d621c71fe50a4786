import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THEME_VARS } from '../../src/protocol/theme.js';
import { MemoryDashboardBackend } from '../../src/server/MemoryDashboardBackend.js';
import { everyWidgetHandlers, everyWidgetManifest } from '../fixtures/manifests.js';
import { chromiumAvailable, launchChromium, RESULTS, SESSION, startHarness, type Harness } from './harness.js';
import { decodePng, hexToRgb, near } from './png.js';

const runs = chromiumAvailable();
type View = { whenIdle(): Promise<void>; showPage(id: string): void };
type G = Window & { view: View; MaidkitDashboard: typeof import('../../src/host/iife.js'); __xss?: number };

async function render(page: Page, h: Harness, theme: 'dark' | 'light', pageId?: string): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(h.hostUrl);
  await page.evaluate(
    async ({ manifest, theme, pageId }) => {
      const w = window as unknown as G;
      document.documentElement.dataset.theme = theme;
      w.view = w.MaidkitDashboard.renderDashboard(document.getElementById('app')!, manifest, w.MaidkitDashboard.createHttpRpc('demo'), { theme, pluginId: 'demo', ...(pageId ? { pageId } : {}) });
      await w.view.whenIdle();
    },
    { manifest: everyWidgetManifest, theme, pageId },
  );
}

const states = (page: Page): Promise<Record<string, string | null>> =>
  page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-widget-id]')].map((e) => [e.getAttribute('data-widget-id'), e.getAttribute('data-state')])));

describe.skipIf(!runs)('manifest mode in real Chromium', () => {
  let browser: Browser;
  let h: Harness;
  const backend = new MemoryDashboardBackend({ handlers: everyWidgetHandlers, metrics: { messages: [120, 180, 150, 210, 260, 240, 300] } });

  beforeAll(async () => {
    browser = await launchChromium();
    h = await startHarness({ demo: { dashboardDir: null, capabilities: [], handlers: Object.keys(everyWidgetHandlers) } }, { backend });
    const store = backend.store('demo', SESSION.serverId);
    for (let i = 0; i < 1234; i++) store.set(`active_user:${i}`, true);
    mkdirSync(RESULTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('GIVEN every widget type THEN each renders its content, in dark and light, and the screenshots differ where the theme says', async () => {
    type Box = { x: number; y: number; width: number; height: number };
    const shots: Record<string, { png: Buffer; boxes: { dashboard: Box; card: Box; bar: Box } }> = {};
    for (const theme of ['dark', 'light'] as const) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await render(page, h, theme);
      expect(await states(page)).toEqual({ active_users: 'ready', quota: 'ready', status: 'ready', messages_chart: 'ready', top_members: 'ready', recent: 'ready', about: 'ready', notes: 'ready', settings_form: 'ready' });

      const dom = await page.evaluate(() => {
        const q = (s: string) => document.querySelector(s);
        const card = (id: string) => document.querySelector(`[data-widget-id="${id}"] .maid-card-body`)!;
        return {
          stat: card('active_users').querySelector('.maid-stat-value')?.textContent,
          change: card('active_users').querySelector('.maid-stat-up')?.textContent,
          progress: card('quota').querySelector('[role=progressbar]')?.getAttribute('aria-valuenow'),
          progressWidth: (card('quota').querySelector('.maid-progress-fill') as HTMLElement).style.width,
          alert: card('status').querySelector('.maid-alert-warn')?.textContent,
          points: (card('messages_chart').querySelector('polyline')?.getAttribute('points') ?? '').split(' ').length,
          legend: card('messages_chart').querySelector('.maid-chart-legend')?.textContent,
          tableRows: card('top_members').querySelectorAll('tbody tr').length,
          tableHead: [...card('top_members').querySelectorAll('th')].map((t) => t.textContent),
          pager: card('top_members').querySelector('.maid-pager-status')?.textContent,
          list: [...card('recent').querySelectorAll('li')].map((l) => l.textContent),
          text: card('about').textContent,
          mdTags: [...card('notes').querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
          mdLinks: [...card('notes').querySelectorAll('a')].map((a) => a.getAttribute('href')),
          form: [...card('settings_form').querySelectorAll('input')].map((i) => [i.name, i.value]),
          xss: (window as unknown as { __xss?: number }).__xss ?? null,
          scripts: document.querySelectorAll('.maid-dashboard script, .maid-dashboard img').length,
          bg: getComputedStyle(q('.maid-dashboard')!).backgroundColor,
        };
      });
      expect(dom).toMatchObject({
        stat: '1,234',
        change: '+12%',
        progress: '72',
        progressWidth: '72%',
        alert: '!Welcome channel is not set yet.',
        points: 7,
        legend: 'Messages',
        tableRows: 5,
        tableHead: ['Member', 'Messages', 'Joined'],
        pager: 'Page 1 of 5 · 23 rows',
        list: ['Noor2 min ago', 'Kofi1 h ago', 'Ilseyesterday'],
        text: 'Greets new members in the channel you choose.\nRuns in a sandbox; stores settings in KV.',
        mdLinks: ['https://example.com/docs'],
        form: [['channel_id', ''], ['message', 'Welcome!']],
        xss: null,
        scripts: 0,
      });
      expect(dom.mdTags).toEqual(['div', 'h1', 'ul', 'li', 'strong', 'li', 'em', 'li', 'a', 'p']);

      const png = await page.screenshot({ fullPage: true });
      writeFileSync(join(RESULTS, `manifest-${theme}.png`), png);
      const boxes = await page.evaluate(() => {
        const r = (s: string) => {
          const b = document.querySelector(s)!.getBoundingClientRect();
          return { x: b.x, y: b.y + window.scrollY, width: b.width, height: b.height };
        };
        return { dashboard: r('.maid-dashboard'), card: r('[data-widget-id="about"]'), bar: r('[data-widget-id="quota"] .maid-progress-fill') };
      });
      shots[theme] = { png, boxes };
      await page.close();
    }

    for (const theme of ['dark', 'light'] as const) {
      const img = decodePng(shots[theme]!.png);
      const { dashboard, card, bar } = shots[theme]!.boxes;
      // Real pixels: the dashboard's padding is --depth, a card's inside is --surface, the progress fill is gold.
      expect(near(img.pixel(dashboard.x + 4, dashboard.y + 4), hexToRgb(DEFAULT_THEME_VARS[theme]['--depth'])), `${theme} depth`).toBe(true);
      expect(near(img.pixel(card.x + card.width - 6, card.y + card.height - 6), hexToRgb(DEFAULT_THEME_VARS[theme]['--surface'])), `${theme} surface`).toBe(true);
      expect(near(img.pixel(bar.x + bar.width - 3, bar.y + bar.height / 2), hexToRgb(DEFAULT_THEME_VARS[theme]['--gold']), 24), `${theme} gold`).toBe(true);
    }
    const dark = decodePng(shots.dark!.png);
    const light = decodePng(shots.light!.png);
    const d = shots.dark!.boxes.dashboard;
    expect(dark.pixel(d.x + 4, d.y + 4)).not.toEqual(light.pixel(d.x + 4, d.y + 4));
  });

  it('GIVEN a wrong shape, a raising handler and an empty result THEN error and empty states say so; tabs, bar chart and server paging work', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await render(page, h, 'dark', 'more');
    expect(await states(page)).toEqual({ bars: 'ready', audit: 'ready', broken: 'error', nothing: 'empty', raises: 'error' });
    const texts = await page.evaluate(() => ({
      broken: document.querySelector('[data-widget-id="broken"] .maid-error')?.textContent,
      raises: document.querySelector('[data-widget-id="raises"] .maid-error-detail')?.textContent,
      empty: document.querySelector('[data-widget-id="nothing"] .maid-empty')?.textContent,
      bars: document.querySelectorAll('[data-widget-id="bars"] rect').length,
      tab: document.querySelector('.maid-tab[aria-selected="true"]')?.textContent,
    }));
    expect(texts.broken).toContain('dashboard.get_broken returned the wrong shape for a stat_card');
    expect(texts.broken).toContain('/value: value is missing');
    expect(texts.broken).toContain('Expected {"value": 1234, "change": "+12%"}');
    expect(texts.raises).toBe("TypeError: 'NoneType' object is not subscriptable");
    expect(texts).toMatchObject({ empty: 'Nothing to show yet', bars: 14, tab: 'More' });
    writeFileSync(join(RESULTS, 'manifest-states-dark.png'), await page.screenshot({ fullPage: true }));

    await page.click('[data-widget-id="audit"] [data-action="next"]');
    await page.evaluate(() => (window as unknown as G).view.whenIdle());
    expect(backend.requests.at(-1)?.params).toMatchObject({ widget_id: 'audit', page: 2, page_size: 10, offset: 10, limit: 10 });
    expect(await page.textContent('[data-widget-id="audit"] .maid-pager-status')).toBe('Page 2 of 5 · 50 rows');
    expect(await page.textContent('[data-widget-id="audit"] tbody tr td')).toBe('11');

    await page.click('.maid-tab[data-page="overview"]');
    await page.evaluate(() => (window as unknown as G).view.whenIdle());
    expect(Object.keys(await states(page))).toContain('settings_form');
    await page.click('[data-widget-id="top_members"] [data-action="next"]');
    expect(await page.textContent('[data-widget-id="top_members"] .maid-pager-status')).toBe('Page 2 of 5 · 23 rows');
    await page.close();
  });

  it('GIVEN the settings form THEN bad channel ids are refused in the browser and a good save reaches save_settings as {values}', async () => {
    const page = await browser.newPage();
    await render(page, h, 'light');
    const before = backend.requests.length;
    await page.fill('[data-widget-id="settings_form"] input[name="channel_id"]', 'general');
    await page.click('[data-widget-id="settings_form"] button[type="submit"]');
    expect(await page.textContent('[data-widget-id="settings_form"] .maid-field-error')).toBe('Welcome channel must be a channel id (17–20 digits) or mention');
    expect(backend.requests.length).toBe(before);

    await page.fill('[data-widget-id="settings_form"] input[name="channel_id"]', '<#123456789012345678>');
    await page.fill('[data-widget-id="settings_form"] input[name="message"]', 'Hello, {user}!');
    await page.click('[data-widget-id="settings_form"] button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[data-widget-id="settings_form"] .maid-form-status')?.textContent === 'Saved');
    expect(backend.requests.at(-1)).toMatchObject({ namespace: 'dashboard', method: 'save_settings', params: { widget_id: 'settings_form', values: { channel_id: '123456789012345678', message: 'Hello, {user}!' }, discord_srv_id: SESSION.serverId } });
    expect(backend.store('demo', SESSION.serverId).get('welcome_message')).toBe('Hello, {user}!');
    await page.close();
  });

  it('GIVEN a slow handler THEN the card shows its loading state until the data arrives', async () => {
    const slow = new MemoryDashboardBackend({ handlers: everyWidgetHandlers, delayMs: 700 });
    const h2 = await startHarness({ demo: { dashboardDir: null, capabilities: [] } }, { backend: slow });
    const page = await browser.newPage();
    await page.goto(h2.hostUrl);
    await page.evaluate((manifest) => {
      const w = window as unknown as G;
      w.view = w.MaidkitDashboard.renderDashboard(document.getElementById('app')!, { pages: [manifest.pages[0]!] }, w.MaidkitDashboard.createHttpRpc('demo'), {});
    }, everyWidgetManifest);
    expect(await page.getAttribute('[data-widget-id="about"]', 'data-state')).toBe('loading');
    expect(await page.textContent('[data-widget-id="about"] .maid-loading')).toBe('Loading…');
    await page.evaluate(() => (window as unknown as G).view.whenIdle());
    expect(await page.getAttribute('[data-widget-id="about"]', 'data-state')).toBe('ready');
    await page.close();
    await h2.close();
  });
});
