/**
 * Real Chromium (Debian's /usr/bin/chromium through playwright-core), as /work/shared/MACHINE.md says:
 * missing locally → the browser tests skip with a printed notice; missing with CI=true → they fail.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(PKG, '../..');
export const RESULTS = join(PKG, 'test-results');
export const CHROMIUM = process.env.MAIDKIT_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; CI must run the real-browser tests (apt-get install -y chromium)`);
  console.warn(`\n[playground] NOTICE: ${CHROMIUM} not found — real-browser tests are SKIPPED on this machine (install Debian's chromium to run them).\n`);
  return false;
}

/** A browser with a fresh profile (its own --user-data-dir), closed with the context. */
export async function launchBrowser(): Promise<BrowserContext> {
  mkdirSync(RESULTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'maidkit-playground-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The profile goes with the browser (Chromium may still be flushing it for a moment after close).
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A leftover temp folder is not worth failing a test over.
    }
  };
  return context;
}
