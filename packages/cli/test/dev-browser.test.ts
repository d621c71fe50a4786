import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';
import { splitDevArgs } from '../src/commands/devBrowser.js';

const repo = resolve(__dirname, '../../..');
const CHROMIUM = process.env.MAIDKIT_CHROMIUM ?? '/usr/bin/chromium';

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; CI must run the real-browser tests (apt-get install -y chromium)`);
  console.warn(`\n[cli] NOTICE: ${CHROMIUM} not found — the maidkit dev browser test is SKIPPED on this machine.\n`);
  return false;
}

/** Starts `maidkit dev` in-process; resolves once it printed its URL. */
async function startDev(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin, cwd: repo, env: {} };
  let finished = false;
  const done = main(['dev', ...argv], io).finally(() => (finished = true));
  const deadline = Date.now() + 20_000;
  while (!finished && !/http:\/\/127\.0\.0\.1:\d+\//.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    url: /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0],
    output: () => ({ stdout, stderr }),
    async quit() {
      stdin.write('/quit\n');
      return done;
    },
    done,
  };
}

describe('maidkit dev (browser playground)', () => {
  it('GIVEN the dev flags THEN --port, --no-open and --tty are taken out and the rest is left for the shared options', () => {
    expect(splitDevArgs(['p', '--port', '8123', '--no-open', '--grant', 'a'])).toEqual({ mode: { browser: true, port: 8123, open: false }, rest: ['p', '--grant', 'a'] });
    expect(splitDevArgs(['p', '--tty'])).toMatchObject({ mode: { browser: false } });
    expect(splitDevArgs(['p', '--no-browser', '--port=0'])).toMatchObject({ mode: { browser: false, port: 0 } });
    expect(splitDevArgs(['p', '--port', '99999'])).toEqual({ error: expect.stringContaining('--port must be a port number') });
    expect(splitDevArgs(['p', '--port'])).toEqual({ error: expect.stringContaining('--port') });
    expect(splitDevArgs(['p', '--port', 'abc'])).toEqual({ error: expect.stringContaining('"abc"') });
  });

  it('GIVEN a bad --port or an invalid plugin THEN it exits 2 or 1 without serving anything', async () => {
    const bad = await startDev(['examples/hello-plugin', '--port', 'x']);
    expect(await bad.done).toBe(2);
    expect(bad.output().stderr).toContain('--port must be a port number');
    const invalid = await startDev([resolve(repo, 'packages'), '--no-open']);
    expect(await invalid.done).toBe(1);
    expect(invalid.url).toBeUndefined();
  });

  it.skipIf(!chromiumAvailable())('GIVEN maidkit dev examples/hello-plugin THEN it prints a 127.0.0.1 URL where !ping typed in Chromium gets Pong!, and /quit stops it', async () => {
    const dev = await startDev(['examples/hello-plugin', '--no-open', '--grant', 'discord:send_message']);
    expect(dev.url, JSON.stringify(dev.output())).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(dev.output().stdout).toContain('my_plugin 1.0.0 is running — open http://127.0.0.1:');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(dev.url!);
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.textContent('#plugin-name')).toBe('My Plugin');
      await page.fill('#composer-input', '!ping');
      await page.press('#composer-input', 'Enter');
      await page.locator('.msg.from-plugin .content', { hasText: /^Pong!$/ }).waitFor();
    } finally {
      await browser.close();
    }
    expect(await dev.quit()).toBe(0);
    // The server is gone once the command returned.
    await expect(fetch(dev.url!)).rejects.toThrow();
  });
});
