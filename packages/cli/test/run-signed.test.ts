import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';
import { makeZip } from '../../integrity/test/helpers/zip.js';

const repo = resolve(__dirname, '../../..');
const hello = join(repo, 'examples/hello-plugin');
const events = join(hello, 'events.jsonl');

async function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin: Readable.from([]), cwd, env };
  const code = await main(argv, io);
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

const pongs = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l['type'] === 'action').map((l) => (l['params'] as { content: string }).content);

describe('maidkit run with trusted keys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maidkit-run-signed-'));
    const files = ['manifest.json', '__main__.py'].map((name) => ({ name, data: readFileSync(join(hello, name)) }));
    writeFileSync(join(dir, 'hello.zip'), makeZip(files));
    expect((await cli(['keygen', '--out', 'pub.key', '--kid', 'publisher'], dir)).code).toBe(0);
    expect((await cli(['keygen', '--out', 'other.key', '--kid', 'stranger'], dir)).code).toBe(0);
    expect((await cli(['sign', 'hello.zip', '--key', 'pub.key'], dir)).code).toBe(0);
  });

  it('GIVEN a signed zip and the publisher key THEN it verifies first, then runs (Pong!) and exits 0', async () => {
    const r = await cli(['run', 'hello.zip', '--keys', 'pub.key.pub', '--events', events], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.lines[0]).toMatchObject({ type: 'verified', pluginId: 'my_plugin', version: '1.0.0', signers: ['publisher'] });
    expect(pongs(r.lines)).toEqual(['Pong!']);
  });

  it('GIVEN the keys in MAIDKIT_TRUSTED_KEYS and an explicit --statement THEN it verifies the same way', async () => {
    const r = await cli(['run', 'hello.zip', '--statement', 'hello.zip.statement.json', '--events', events], dir, { MAIDKIT_TRUSTED_KEYS: join(dir, 'pub.key.pub') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0]).toMatchObject({ type: 'verified', signers: ['publisher'] });
  });

  it('GIVEN a zip with one flipped byte THEN it is refused with one JSON error line, exit 1, and nothing runs', async () => {
    const bytes = readFileSync(join(dir, 'hello.zip'));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(join(dir, 'tampered.zip'), bytes);
    const r = await cli(['run', 'tampered.zip', '--keys', 'pub.key.pub', '--statement', 'hello.zip.statement.json', '--events', events], dir);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ type: 'error', during: 'verify', code: 'sha256_mismatch' });
    expect(r.stderr).toMatch(/REFUSED tampered\.zip/);
  });

  it('GIVEN a key that did not sign the statement THEN it is refused', async () => {
    const r = await cli(['run', 'hello.zip', '--keys', 'other.key.pub', '--events', events], dir);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([expect.objectContaining({ type: 'error', during: 'verify', code: 'key_unknown', message: expect.stringContaining('not pinned') })]);
    expect(pongs(r.lines)).toEqual([]);
  });

  it('GIVEN keys but no statement, or a plugin folder THEN it is refused, naming what is missing', async () => {
    const copy = join(dir, 'unsigned.zip');
    writeFileSync(copy, readFileSync(join(dir, 'hello.zip')));
    const missing = await cli(['run', 'unsigned.zip', '--keys', 'pub.key.pub'], dir);
    expect(missing.code).toBe(1);
    expect(missing.lines[0]).toMatchObject({ type: 'error', code: 'run.unreadable', message: expect.stringContaining('unsigned.zip.statement.json') });
    const folder = await cli(['run', hello, '--keys', 'pub.key.pub'], dir);
    expect(folder.code).toBe(1);
    expect(folder.lines[0]).toMatchObject({ type: 'error', code: 'run.unsigned_directory' });
  });
});
