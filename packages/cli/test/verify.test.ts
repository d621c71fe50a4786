import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeSignedRelease, readSecretKeyFile, signRelease, TrustSet, readTrustFile } from '@maidkit/integrity';
import { readPlugin } from '@maidkit/manifest';
import { main } from '../src/main.js';
import type { CliIO } from '../src/io.js';
import { makeZip } from '../../integrity/test/helpers/zip.js';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin: Readable.from([]), cwd, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function pluginZip(version: string, capabilities = ['discord:send_message']): Uint8Array {
  return makeZip([
    { name: 'manifest.json', data: JSON.stringify({ id: 'my_plugin', name: 'My Plugin', version, description: 'Pongs.', capabilities_required: capabilities }) },
    { name: '__main__.py', data: `from mmo_maid_sdk import Plugin\nplugin = Plugin()\nVERSION = "${version}"\nplugin.run()\n` },
  ]);
}

/** A publisher directory: key pair plus signed bundles named v<version>.zip. */
async function publisher(versions: [string, string[]?][] = [['1.0.0']]) {
  const dir = mkdtempSync(join(tmpdir(), 'maidkit-verify-'));
  expect((await run(['keygen', '--out', 'k.key', '--kid', 'pub-1'], dir)).code).toBe(0);
  for (const [v, caps] of versions) {
    writeFileSync(join(dir, `v${v}.zip`), pluginZip(v, caps));
    expect((await run(['sign', `v${v}.zip`, '--key', 'k.key'], dir)).code).toBe(0);
  }
  return dir;
}

/** Signs with the library directly, for statements the CLI would not produce (expired, wrong id). */
async function signCustom(dir: string, zipName: string, overrides: { pluginId?: string; issuedAt?: number; expiresIn?: number }) {
  const zipBytes = new Uint8Array(readFileSync(join(dir, zipName)));
  const bundle = await readPlugin(zipBytes);
  const m = bundle.manifest as { id: string; version: string };
  const signed = signRelease({ pluginId: overrides.pluginId ?? m.id, version: m.version, zipBytes, files: bundle.contents, ...(overrides.issuedAt === undefined ? {} : { issuedAt: overrides.issuedAt }), ...(overrides.expiresIn === undefined ? {} : { expiresIn: overrides.expiresIn }) }, readSecretKeyFile(join(dir, 'k.key')));
  writeFileSync(join(dir, 'custom.json'), encodeSignedRelease(signed));
}

describe('maidkit verify', () => {
  it('GIVEN a signed bundle and the publisher\'s .pub THEN exit 0 and a clear VERIFIED report', async () => {
    const dir = await publisher();
    const r = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key.pub'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VERIFIED my_plugin 1\.0\.0\n {2}signed by {5}pub-1\n/);
    expect(r.stdout).toContain('bundle digest h1:');
  });

  it('GIVEN --json and --statement THEN one JSON document with signers and the statement', async () => {
    const dir = await publisher();
    const r = await run(['verify', 'v1.0.0.zip', '--statement', 'v1.0.0.zip.statement.json', '--keys', 'k.key.pub', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verified: true, pluginId: 'my_plugin', version: '1.0.0', signers: ['pub-1'], statement: { capabilities: ['discord:send_message'] } });
  });

  it('GIVEN a trust file with the key THEN it verifies too', async () => {
    const dir = await publisher();
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(readTrustFile(join(dir, 'k.key.pub')).toJSON()));
    expect((await run(['verify', 'v1.0.0.zip', '--keys', 'trust.json'], dir)).code).toBe(0);
  });

  it('GIVEN one flipped byte in the zip THEN exit 1 with sha256_mismatch', async () => {
    const dir = await publisher();
    const bytes = readFileSync(join(dir, 'v1.0.0.zip'));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x20;
    writeFileSync(join(dir, 'v1.0.0.zip'), bytes);
    const r = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ verified: false, error: { code: 'sha256_mismatch', path: '/statement/zipSha256' } });
  });

  it('GIVEN one flipped byte in the statement THEN exit 1 with a refusal code', async () => {
    const dir = await publisher();
    const text = readFileSync(join(dir, 'v1.0.0.zip.statement.json'), 'utf8');
    const i = text.indexOf('"version":"1.0.0"') + '"version":"1.0.'.length;
    writeFileSync(join(dir, 'v1.0.0.zip.statement.json'), `${text.slice(0, i)}1${text.slice(i + 1)}`);
    const r = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key.pub'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^REFUSED signature_invalid: /);
    expect(r.stderr).toContain('hint');
  });

  it('GIVEN another publisher\'s key THEN exit 1 with key_unknown; the same kid with another key THEN key_mismatch', async () => {
    const dir = await publisher();
    expect((await run(['keygen', '--out', 'other.key', '--kid', 'someone-else'], dir)).code).toBe(0);
    expect(JSON.parse((await run(['verify', 'v1.0.0.zip', '--keys', 'other.key.pub', '--json'], dir)).stdout).error.code).toBe('key_unknown');
    expect((await run(['keygen', '--out', 'imposter.key', '--kid', 'pub-1'], dir)).code).toBe(0);
    expect(JSON.parse((await run(['verify', 'v1.0.0.zip', '--keys', 'imposter.key.pub', '--json'], dir)).stdout).error.code).toBe('key_mismatch');
  });

  it('GIVEN a revoked key in the trust file THEN exit 1 with key_revoked', async () => {
    const dir = await publisher();
    const trust = readTrustFile(join(dir, 'k.key.pub'));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(new TrustSet({ keys: trust.keys(), revoked: ['pub-1'] }).toJSON()));
    expect(JSON.parse((await run(['verify', 'v1.0.0.zip', '--keys', 'trust.json', '--json'], dir)).stdout).error.code).toBe('key_revoked');
  });

  it('GIVEN an expired statement THEN exit 1 with statement_expired', async () => {
    const dir = await publisher();
    await signCustom(dir, 'v1.0.0.zip', { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 });
    const r = await run(['verify', 'v1.0.0.zip', '--statement', 'custom.json', '--keys', 'k.key.pub'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('statement_expired');
  });

  it('GIVEN a statement for another plugin id over these very bytes THEN exit 1 with plugin_mismatch', async () => {
    const dir = await publisher();
    await signCustom(dir, 'v1.0.0.zip', { pluginId: 'another_plugin' });
    const r = await run(['verify', 'v1.0.0.zip', '--statement', 'custom.json', '--keys', 'k.key.pub', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('plugin_mismatch');
  });

  it('GIVEN another version\'s statement THEN exit 1 (its zip digest does not match)', async () => {
    const dir = await publisher([['1.0.0'], ['1.0.1']]);
    const r = await run(['verify', 'v1.0.1.zip', '--statement', 'v1.0.0.zip.statement.json', '--keys', 'k.key.pub', '--json'], dir);
    expect(r.code).toBe(1);
    expect(['size_mismatch', 'sha256_mismatch']).toContain(JSON.parse(r.stdout).error.code);
  });

  it('GIVEN --state THEN a later rollback is refused, and a MAJOR update needs --reconsent', async () => {
    const dir = await publisher([['1.0.0'], ['1.1.0'], ['2.0.0', ['discord:send_message', 'storage:sql']]]);
    const v = (zip: string, ...extra: string[]) => run(['verify', zip, '--keys', 'k.key.pub', '--state', 'accepted.json', '--json', ...extra], dir);
    expect((await v('v1.1.0.zip')).code).toBe(0);
    const rollback = await v('v1.0.0.zip');
    expect(rollback.code).toBe(1);
    expect(JSON.parse(rollback.stdout).error.code).toBe('rollback');
    const major = await v('v2.0.0.zip');
    expect(JSON.parse(major.stdout).error.code).toBe('consent_required_major');
    const consented = await v('v2.0.0.zip', '--reconsent');
    expect(consented.code).toBe(0);
    expect(JSON.parse(consented.stdout).decision).toMatchObject({ kind: 'update', majorBump: true, addedCapabilities: ['storage:sql'] });
    expect(JSON.parse(readFileSync(join(dir, 'accepted.json'), 'utf8')).plugins.my_plugin.version).toBe('2.0.0');
  });

  it('GIVEN a single-file MCDR plugin (.py) THEN sign and verify work on it, and an edit is refused', async () => {
    const dir = await publisher();
    writeFileSync(join(dir, 'hello.py'), "PLUGIN_METADATA = {'id': 'hello_solo', 'version': '1.0.0', 'name': 'Hello'}\n\ndef on_load(server, old):\n    server.logger.info('hi')\n");
    const signed = await run(['sign', 'hello.py', '--key', 'k.key', '--json'], dir);
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout).statement).toMatchObject({ pluginId: 'hello_solo', version: '1.0.0', capabilities: [] });
    expect((await run(['verify', 'hello.py', '--keys', 'k.key.pub'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'hello.py'), `${readFileSync(join(dir, 'hello.py'), 'utf8')}# edited\n`);
    const edited = await run(['verify', 'hello.py', '--keys', 'k.key.pub', '--json'], dir);
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout).error.code).toBe('size_mismatch');
  });

  it('GIVEN --state ending in .db THEN the accepted versions live in SQLite, across runs', async () => {
    const dir = await publisher([['1.0.0'], ['1.1.0']]);
    expect((await run(['verify', 'v1.1.0.zip', '--keys', 'k.key.pub', '--state', 'accepted.db'], dir)).code).toBe(0);
    const r = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--state', 'accepted.db', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('rollback');
  });

  it('GIVEN a bundle over --max-bytes THEN exit 1 with bundle_too_large', async () => {
    const dir = await publisher();
    const r = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--max-bytes', '100', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('bundle_too_large');
  });

  it('GIVEN a malformed statement or keys file THEN exit 1 naming the problem', async () => {
    const dir = await publisher();
    writeFileSync(join(dir, 'broken.json'), '{"signatures":[');
    expect(JSON.parse((await run(['verify', 'v1.0.0.zip', '--statement', 'broken.json', '--keys', 'k.key.pub', '--json'], dir)).stdout).error.code).toBe('statement_malformed');
    const secret = await run(['verify', 'v1.0.0.zip', '--keys', 'k.key', '--json'], dir);
    expect(secret.code).toBe(1);
    expect(JSON.parse(secret.stdout).error).toMatchObject({ code: 'key_malformed', path: '/secretKey' });
    expect(secret.stdout).not.toContain(JSON.parse(readFileSync(join(dir, 'k.key'), 'utf8')).secretKey);
  });

  it.each([
    [['verify'], 'which bundle'],
    [['verify', 'v1.0.0.zip'], '--keys FILE is required'],
    [['verify', 'nope.zip', '--keys', 'k.key.pub'], 'does not exist'],
    [['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--statement', 'nope.json'], 'does not exist'],
    [['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--max-bytes', '0'], 'positive integer'],
    [['verify', 'v1.0.0.zip', '--keys', 'k.key.pub', '--wat'], 'Unknown option'],
  ])('GIVEN %j THEN exit 2 with the usage', async (argv, message) => {
    const dir = await publisher();
    const r = await run(argv, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: maidkit verify');
  });

  it('GIVEN --help THEN usage on stdout and exit 0', async () => {
    const r = await run(['verify', '--help'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--statement FILE');
  });
});
