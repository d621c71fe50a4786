import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseSignedRelease, bundleDigest } from '@maidkit/integrity';
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

const manifest = { id: 'my_plugin', name: 'My Plugin', version: '1.2.3', description: 'Pongs.', capabilities_required: ['discord:send_message'], proxy_domains_requested: ['api.example.com'] };

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'maidkit-sign-'));
  writeFileSync(
    join(dir, 'plugin.zip'),
    makeZip([
      { name: 'manifest.json', data: JSON.stringify(manifest) },
      { name: '__main__.py', data: 'from mmo_maid_sdk import Plugin\nplugin = Plugin()\nURL = "https://api.example.com/x"\nplugin.run()\n' },
    ]),
  );
  expect((await run(['keygen', '--out', 'k.key', '--kid', 'pub-1'], dir)).code).toBe(0);
  return dir;
}

describe('maidkit sign', () => {
  it('GIVEN a valid bundle and key THEN it writes <bundle>.statement.json binding the manifest id, version, normalized capabilities and both digests', async () => {
    const dir = await setup();
    const r = await run(['sign', 'plugin.zip', '--key', 'k.key', '--expires', '30d'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signed my_plugin 1.2.3 with key pub-1');
    const signed = parseSignedRelease(readFileSync(join(dir, 'plugin.zip.statement.json')));
    const s = signed.statement;
    expect(s).toMatchObject({ pluginId: 'my_plugin', version: '1.2.3', capabilities: ['discord:send_message', 'proxy:http'], size: readFileSync(join(dir, 'plugin.zip')).length });
    expect(s.expiresAt - s.issuedAt).toBe(30 * 86_400);
    const bundle = await readPlugin(new Uint8Array(readFileSync(join(dir, 'plugin.zip'))));
    expect(s.bundleDigest).toBe(bundleDigest(bundle.contents));
    expect(signed.signatures.map((x) => x.kid)).toEqual(['pub-1']);
    const secret = (JSON.parse(readFileSync(join(dir, 'k.key'), 'utf8')) as { secretKey: string }).secretKey;
    expect(r.stdout + r.stderr + readFileSync(join(dir, 'plugin.zip.statement.json'), 'utf8')).not.toContain(secret);
  });

  it('GIVEN --out and --json THEN the statement goes there and stdout is one JSON document', async () => {
    const dir = await setup();
    const r = await run(['sign', 'plugin.zip', '--key', 'k.key', '--out', 'release.json', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, statementFile: join(dir, 'release.json'), kid: 'pub-1', statement: { pluginId: 'my_plugin' } });
    expect(existsSync(join(dir, 'release.json'))).toBe(true);
  });

  it('GIVEN an invalid bundle THEN exit 1, every manifest problem listed, and nothing written', async () => {
    const dir = await setup();
    writeFileSync(join(dir, 'bad.zip'), makeZip([{ name: 'manifest.json', data: JSON.stringify({ ...manifest, version: 'one', capabilities_required: ['discord:send_mesage'] }) }]));
    const r = await run(['sign', 'bad.zip', '--key', 'k.key'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bundle_invalid');
    expect(r.stderr.split('\n').filter((l) => /^ {2}\S/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, 'bad.zip.statement.json'))).toBe(false);
  });

  it('GIVEN a secret key file readable by others THEN exit 1 with key_file_permissions and the chmod hint', async () => {
    const dir = await setup();
    chmodSync(join(dir, 'k.key'), 0o644);
    const r = await run(['sign', 'plugin.zip', '--key', 'k.key'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('key_file_permissions');
    expect(r.stderr).toContain('chmod 600');
  });

  it('GIVEN a public key file as --key THEN exit 1 (a public key cannot sign)', async () => {
    const dir = await setup();
    chmodSync(join(dir, 'k.key.pub'), 0o600);
    const r = await run(['sign', 'plugin.zip', '--key', 'k.key.pub', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'key_malformed', path: '/secretKey' } });
  });

  it.each([
    [['sign'], 'which bundle'],
    [['sign', 'plugin.zip'], '--key FILE is required'],
    [['sign', 'plugin.zip', '--key', 'k.key', '--expires', 'soon'], 'not like 90d'],
    [['sign', 'missing.zip', '--key', 'k.key'], 'does not exist'],
    [['sign', 'plugin.zip', '--key', 'nokey'], 'does not exist'],
    [['sign', 'a.zip', 'b.zip', '--key', 'k.key'], 'exactly one'],
    [['sign', 'plugin.zip', '--key', 'k.key', '--nope'], 'Unknown option'],
  ])('GIVEN %j THEN exit 2 with the usage', async (argv, message) => {
    const dir = await setup();
    const r = await run(argv, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: maidkit sign');
  });

  it('GIVEN an --out that cannot be written THEN exit 1 with write_failed', async () => {
    const dir = await setup();
    const r = await run(['sign', 'plugin.zip', '--key', 'k.key', '--out', 'missing/dir/s.json', '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('write_failed');
  });

  it('GIVEN a bundle with its files under one top-level folder THEN it signs and verifies like the flat zip', async () => {
    const dir = await setup();
    writeFileSync(
      join(dir, 'nested.zip'),
      makeZip([
        { name: 'my_plugin/manifest.json', data: JSON.stringify(manifest) },
        { name: 'my_plugin/__main__.py', data: 'from mmo_maid_sdk import Plugin\nplugin = Plugin()\nURL = "https://api.example.com/x"\nplugin.run()\n' },
      ]),
    );
    expect((await run(['sign', 'nested.zip', '--key', 'k.key'], dir)).code).toBe(0);
    expect((await run(['sign', 'plugin.zip', '--key', 'k.key'], dir)).code).toBe(0);
    const nested = parseSignedRelease(readFileSync(join(dir, 'nested.zip.statement.json'))).statement;
    const flat = parseSignedRelease(readFileSync(join(dir, 'plugin.zip.statement.json'))).statement;
    expect(nested.bundleDigest).toBe(flat.bundleDigest);
    expect(nested.zipSha256).not.toBe(flat.zipSha256);
    expect((await run(['verify', 'nested.zip', '--keys', 'k.key.pub'], dir)).code).toBe(0);
  });

  it('GIVEN --help THEN usage on stdout and exit 0', async () => {
    const r = await run(['sign', '--help'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--expires');
  });
});
