import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { BotError, prepareBundle, type InstallPolicy } from '../src/index.js';
import { examplesDir, zipFolder } from './helpers.js';

function policy(): InstallPolicy & { bundleDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'bot-bundles-'));
  const bundleDir = join(dataDir, 'bundles');
  mkdirSync(bundleDir);
  return { dataDir, bundleDir, downloadHosts: [] };
}

async function refusal(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('prepareBundle: hostile and malformed bundles are refused with every problem, and nothing is written', () => {
  it('GIVEN a valid zip THEN its files land in a content-addressed folder and the manifest facts are kept', async () => {
    const p = policy();
    writeFileSync(join(p.bundleDir, 'interactions.zip'), await zipFolder(join(examplesDir, 'interactions-plugin')));
    const stored = await prepareBundle({ path: 'interactions.zip' }, p);
    expect(stored).toMatchObject({ id: 'my_plugin', version: '1.0.0', entry: '__main__.py', capabilities: ['interaction:respond'], signers: [] });
    expect(stored.slashCommands.map((c) => c['name'])).toEqual(['greet', 'menu', 'feedback']);
    expect(stored.dir).toMatch(/plugins\/my_plugin@1\.0\.0-[0-9a-f]{16}$/);
    expect((await prepareBundle({ path: 'interactions.zip' }, p)).dir).toBe(stored.dir);
  });

  it('GIVEN a manifest with several mistakes and a stray file THEN bundle_invalid lists each of them', async () => {
    const p = policy();
    const zip = new JSZip();
    zip.file('manifest.json', JSON.stringify({ id: 'Bad Id!', version: 'one', capabilities_required: ['discord:send_mesage'] }));
    zip.file('__main__.py', 'print("hi")\n');
    zip.file('secrets.env', 'TOKEN=x');
    writeFileSync(join(p.bundleDir, 'bad.zip'), await zip.generateAsync({ type: 'uint8array' }));
    const error = await refusal(prepareBundle({ path: 'bad.zip' }, p));
    expect(error.code).toBe('bundle_invalid');
    const all = error.problems.join('\n');
    for (const code of ['manifest.invalid_id', 'manifest.invalid_version', 'layout.unexpected_file']) expect(all).toContain(code);
    expect(all).toMatch(/send_mesage/);
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
  });

  it('GIVEN bytes that are not a zip THEN bundle_invalid, not a crash', async () => {
    const p = policy();
    writeFileSync(join(p.bundleDir, 'junk.zip'), Buffer.from('PK\u0003\u0004 definitely not a zip'));
    expect((await refusal(prepareBundle({ path: 'junk.zip' }, p))).code).toBe('bundle_invalid');
  });

  it('GIVEN paths that leave the bundle folder (.., absolute, a symlink out) THEN bundle_outside_dir or bundle_not_found', async () => {
    const p = policy();
    symlinkSync(join(examplesDir, 'hello-plugin'), join(p.bundleDir, 'escape'));
    expect((await refusal(prepareBundle({ path: 'escape' }, p))).code).toBe('bundle_outside_dir');
    expect((await refusal(prepareBundle({ path: '..' }, p))).code).toBe('bundle_outside_dir');
    expect((await refusal(prepareBundle({ path: join(examplesDir, 'hello-plugin') }, p))).code).toBe('bundle_outside_dir');
    expect((await refusal(prepareBundle({ path: 'missing.zip' }, p))).code).toBe('bundle_not_found');
  });

  it('GIVEN a URL that is not one, or not on an allowed host THEN bundle_download_failed before any request', async () => {
    const p = policy();
    expect((await refusal(prepareBundle({ url: 'not a url' }, p))).code).toBe('bundle_download_failed');
    expect((await refusal(prepareBundle({ url: 'file:///etc/passwd' }, { ...p, downloadHosts: [''] }))).code).toBe('bundle_download_failed');
    expect((await refusal(prepareBundle({ url: 'https://169.254.169.254/latest' }, { ...p, downloadHosts: ['cdn.discordapp.com'] }))).code).toBe('bundle_download_failed');
  });
});
