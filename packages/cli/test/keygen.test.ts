import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import type { CliIO } from '../src/io.js';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin: Readable.from([]), cwd, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'maidkit-keygen-'));

describe('maidkit keygen', () => {
  it('GIVEN --out and --kid THEN it writes a 0600 secret file and a public file, and prints no secret', async () => {
    const dir = tmp();
    const r = await run(['keygen', '--out', 'pub.key', '--kid', 'publisher-1'], dir);
    expect(r.code).toBe(0);
    const secretFile = JSON.parse(readFileSync(join(dir, 'pub.key'), 'utf8')) as { secretKey: string; kid: string; fingerprint: string };
    expect(statSync(join(dir, 'pub.key')).mode & 0o777).toBe(0o600);
    expect(secretFile.kid).toBe('publisher-1');
    expect(JSON.parse(readFileSync(join(dir, 'pub.key.pub'), 'utf8'))).not.toHaveProperty('secretKey');
    expect(r.stdout).toContain('publisher-1');
    expect(r.stdout).toContain(secretFile.fingerprint);
    expect(r.stdout + r.stderr).not.toContain(secretFile.secretKey);
  });

  it('GIVEN no options THEN it writes maidkit.key in the working directory with the fingerprint as key id', async () => {
    const dir = tmp();
    const r = await run(['keygen', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { kid: string; fingerprint: string; secretKeyFile: string; publicKeyFile: string };
    expect(out.kid).toBe(out.fingerprint);
    expect(out.secretKeyFile).toBe(join(dir, 'maidkit.key'));
    expect(out.publicKeyFile).toBe(join(dir, 'maidkit.key.pub'));
    expect(r.stdout).not.toContain(JSON.parse(readFileSync(out.secretKeyFile, 'utf8')).secretKey);
  });

  it('GIVEN an existing key file THEN it refuses (exit 1) and leaves it alone, unless --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'maidkit.key'), 'precious');
    const r = await run(['keygen'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists');
    expect(readFileSync(join(dir, 'maidkit.key'), 'utf8')).toBe('precious');
    expect((await run(['keygen', '--force'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'maidkit.key'), 'utf8')).toContain('maidkit-key/v1');
  });

  it('GIVEN --out in a directory that does not exist THEN exit 1 with write_failed', async () => {
    const r = await run(['keygen', '--out', 'no/such/dir/k.key', '--json'], tmp());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'write_failed' } });
  });

  it('GIVEN a bad key id THEN exit 1 with key_malformed in --json', async () => {
    const r = await run(['keygen', '--kid', 'has space', '--json'], tmp());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'key_malformed' } });
  });

  it('GIVEN --help THEN usage on stdout, exit 0; an unknown flag or a positional THEN exit 2', async () => {
    const help = await run(['keygen', '--help'], tmp());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: maidkit keygen');
    expect((await run(['keygen', '--bogus'], tmp())).code).toBe(2);
    expect((await run(['keygen', 'extra'], tmp())).code).toBe(2);
    expect((await run(['keygen', '--out'], tmp())).code).toBe(2);
  });
});
