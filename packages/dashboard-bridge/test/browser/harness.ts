/**
 * Real-browser harness: Debian's Chromium driven by playwright-core, one dashboard server per test file
 * serving a host page on 127.0.0.1 and plugin frames on localhost (different sites, so Chromium puts the
 * frame in another process, as in production with a separate plugin domain).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { BUNDLES, buildBundlesNow } from './bundles.js';
import { createDashboardServer, type DashboardServerOptions } from '../../src/server/createDashboardServer.js';
import type { DashboardPlugin } from '../../src/server/DashboardBackend.js';

export const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = join(PKG, 'test-results');
export { BUNDLES };
export const FIXTURES = join(PKG, 'test/fixtures/plugins');
export const CHROMIUM = process.env.MAIDKIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether Chromium can run here. Missing locally → the browser suites skip with a visible notice;
 * missing in CI (`CI=true`) → this throws, so the run fails instead of silently skipping.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; CI must run the real-browser tests (apt-get install -y chromium)`);
  console.warn(`\n[dashboard-bridge] NOTICE: ${CHROMIUM} not found — real-browser tests are SKIPPED on this machine (install Debian's chromium to run them).\n`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  // playwright-core gives every launch a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The bundles are built once per run by `globalSetup.ts`; a file run on its own without it builds them here. */
export async function buildBundles(): Promise<void> {
  if (!existsSync(join(BUNDLES, 'mmo-maid-sdk.js')) || !existsSync(join(BUNDLES, 'dashboard-host.js'))) await buildBundlesNow();
}

export const SESSION = { serverId: '111111111111111111', userId: '222222222222222222' };

export interface Harness {
  server: Server;
  port: number;
  hostOrigin: string;
  pluginOrigin: string;
  hostUrl: string;
  close(): Promise<void>;
}

const HOST_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>maidkit host</title>
<link rel="stylesheet" href="/static/dashboard.css">
<link rel="stylesheet" href="/static/sdk/ui.css">
<style>iframe { width: 100%; border: 0; display: block; } body { padding: 16px; }</style>
</head><body>
<div id="app"></div>
<script src="/static/dashboard-host.js"></script>
<script src="/static/sdk/ui.js"></script>
</body></html>`;

/** Start a dashboard server for `plugins` plus the host page at `/host.html`. */
export async function startHarness(plugins: Record<string, Omit<DashboardPlugin, 'id'>>, options: Omit<DashboardServerOptions, 'plugins' | 'session' | 'hostOrigins'> & { hostPage?: string }): Promise<Harness> {
  await buildBundles();
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (req.url === '/host.html' && (req.headers.host ?? '').startsWith('127.0.0.1')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(options.hostPage ?? HOST_PAGE);
    }
    listener?.(req, res);
  });
  // No host: Node listens dual-stack, so both 127.0.0.1 and localhost (maybe ::1) reach it.
  await new Promise<void>((r) => server.listen(0, r));
  const port = (server.address() as { port: number }).port;
  const hostOrigin = `http://127.0.0.1:${port}`;
  listener = createDashboardServer({
    ...options,
    bundleDir: BUNDLES,
    plugins: (id) => (Object.hasOwn(plugins, id) ? { id, ...plugins[id]! } : undefined),
    session: () => SESSION,
    hostOrigins: [hostOrigin],
  }).listener;
  return {
    server,
    port,
    hostOrigin,
    pluginOrigin: `http://localhost:${port}`,
    hostUrl: `${hostOrigin}/host.html`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Open the host page, embed plugin `pluginId`'s iframe dashboard with createDashboardHost, return its frame. */
export async function openHost(page: Page, h: Harness, pluginId: string, extra: Record<string, unknown> = {}): Promise<Frame> {
  if (process.env.DEBUG_BROWSER) {
    page.on('console', (m) => console.log(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
    page.on('requestfailed', (r) => console.log(`[requestfailed] ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => console.log(`[response] ${r.status()} ${r.url()}`));
  }
  await page.goto(h.hostUrl);
  await page.evaluate(
    ({ src, pluginId, session, extra }) => {
      const w = window as unknown as Record<string, unknown> & { MaidkitDashboard: typeof import('../../src/host/iife.js') };
      const iframe = document.createElement('iframe');
      iframe.id = 'plugin';
      document.getElementById('app')!.append(iframe);
      const refused: unknown[] = [];
      w.refused = refused;
      w.navigations = [];
      w.host = w.MaidkitDashboard.createDashboardHost(iframe, {
        src,
        context: { serverId: session.serverId, pluginId, userId: session.userId },
        theme: 'dark',
        pages: ['overview', 'settings'],
        onRefused: (e) => refused.push(e),
        onNavigate: (p) => (w.navigations as string[]).push(p),
        ...extra,
      });
    },
    { src: `${h.pluginOrigin}/p/${pluginId}/dashboard/`, pluginId, session: SESSION, extra },
  );
  const handle = await page.waitForSelector('#plugin');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}
