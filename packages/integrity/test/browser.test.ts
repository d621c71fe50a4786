import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSignedRelease, signRelease } from '../src/release.js';
import { bundleDigest } from '../src/bundleDigest.js';
import { sha256Portable } from '../src/sha256.js';
import { nodeEd25519 } from '../src/ed25519.js';
import { createHash } from 'node:crypto';
import { pluginZip, testKey } from './helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ENTRY = fileURLToPath(new URL('../src/browser.ts', import.meta.url));

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; CI must run the real-browser tests`);
  console.warn(`\n[integrity] NOTICE: ${CHROMIUM} not found — the real-browser test is SKIPPED on this machine.\n`);
  return false;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('portable SHA-256', () => {
  it('GIVEN inputs around every padding boundary and random data THEN it equals OpenSSL', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 70_000]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(Buffer.from(sha256Portable(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe.runIf(chromiumAvailable())('@maidkit/integrity/browser in real Chromium', () => {
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    const out = await build({ entryPoints: [ENTRY], bundle: true, format: 'iife', globalName: 'MaidkitIntegrity', platform: 'browser', target: 'es2022', write: false, external: ['crypto'], logLevel: 'silent' });
    script = out.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('GIVEN a release signed on Node THEN the browser build verifies it with tweetnacl and a portable SHA-256, refuses tampering, and signs byte-identically', async () => {
    expect(script).not.toMatch(/require\("node:|from "node:/);
    const key = testKey(7, 'publisher');
    const { zipBytes, files } = pluginZip('1.0.0');
    const statement = encodeSignedRelease(signRelease({ pluginId: 'my_plugin', version: '1.0.0', zipBytes, files, capabilities: ['discord:send_message'], expiresIn: 3600 }, key, nodeEd25519));
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>integrity</title>');
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(
      async ({ statement, zip, fileList, publicKey, seed }) => {
        const M = (globalThis as unknown as { MaidkitIntegrity: typeof import('../src/browser.js') }).MaidkitIntegrity;
        const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
        const files = new Map(fileList.map(([p, d]) => [p, bytes(d)] as [string, Uint8Array]));
        const zipBytes = bytes(zip);
        const trust = new M.TrustSet({ keys: [{ kid: 'publisher', publicKey: bytes(publicKey) }] });
        const ok = await M.verifyBundle({ zipBytes, files, statement, trust, expect: { pluginId: 'my_plugin' } });
        const code = async (f: () => Promise<unknown>) => f().then(() => 'verified', (e: { code?: string }) => e.code ?? String(e));
        const flipped = Uint8Array.from(zipBytes);
        flipped[10] = (flipped[10] as number) ^ 1;
        const signature = M.SigningKey.fromSeed(bytes(seed), { kid: 'publisher' }).sign(new TextEncoder().encode('maidkit'));
        return {
          signers: ok.signers,
          backend: M.defaultEd25519().name,
          digest: M.bundleDigest(files),
          tamperedZip: await code(() => M.verifyBundle({ zipBytes: flipped, files, statement, trust })),
          tamperedStatement: await code(() => M.verifyBundle({ zipBytes, files, statement: statement.replace('"1.0.0"', '"1.0.1"'), trust })),
          otherPlugin: await code(() => M.verifyBundle({ zipBytes, files, statement, trust, expect: { pluginId: 'other' } })),
          signature: btoa(String.fromCharCode(...signature)),
        };
      },
      { statement, zip: b64(zipBytes), fileList: [...files].map(([p, d]) => [p, b64(d)] as [string, string]), publicKey: b64(key.publicKey), seed: b64(key.exportSeed()) },
    );
    expect(result).toEqual({
      signers: ['publisher'],
      backend: 'tweetnacl',
      digest: bundleDigest(files),
      tamperedZip: 'sha256_mismatch',
      tamperedStatement: 'signature_invalid',
      otherPlugin: 'plugin_mismatch',
      signature: b64(key.sign(new TextEncoder().encode('maidkit'), nodeEd25519)),
    });
  });
});
