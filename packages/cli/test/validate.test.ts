import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = resolve(__dirname, '../../..');
const examples = join(repo, 'examples');
const tmp = mkdtempSync(join(tmpdir(), 'maidkit-cli-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY,
    stdin: Readable.from([]),
    cwd: repo,
    env: {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function badPlugin(): string {
  const dir = join(tmp, `bad-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'bad', name: 'Bad', version: '1.0', capabilities_required: ['discord:send_mesage'] }));
  writeFileSync(join(dir, '__main__.py'), 'print("hi")\n');
  writeFileSync(join(dir, 'helpers.py'), 'X = 1\n');
  return dir;
}

describe('maidkit validate', () => {
  it('GIVEN every example plugin THEN it exits 0 and says valid for each', async () => {
    const paths = ['hello-plugin', 'lifecycle-plugin', 'interactions-plugin', 'components-plugin', 'tasks-plugin', 'dashboard-plugin', 'casa-hello', 'casa-auto-react', 'mcdr-solo/MyPlugin.py', 'mcdr-directory'].map((p) => `examples/${p}`);
    const r = await run(['validate', ...paths]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/✔ valid/g)).toHaveLength(paths.length);
    expect(r.stdout).toContain('examples/hello-plugin  mmo-maid my_plugin 1.0.0  (2 files)');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toContain('  needs discord:send_message — Send and edit its own messages in channels of this server.');
    expect(r.stdout).toContain('  needs interaction:respond — ');
    expect(r.stdout).toContain('(added: declares slash_commands)');
  });

  it('GIVEN an invalid plugin THEN it exits 1 and prints every problem with code, place and hint', async () => {
    const r = await run(['validate', badPlugin()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ invalid');
    expect(r.stdout).toContain('manifest.invalid_version');
    expect(r.stdout).toContain('manifest.unknown_capability');
    expect(r.stdout).toContain('hint: Did you mean "discord:send_message"?');
    expect(r.stdout).toContain('layout.unexpected_file');
    expect(r.stdout).toMatch(/3 errors, 1 warning/);
  });

  it('GIVEN --allow-extra-modules THEN an extra Python module is accepted', async () => {
    const dir = badPlugin();
    const r = await run(['validate', '--allow-extra-modules', '--json', dir]);
    const out = JSON.parse(r.stdout) as { ok: boolean; bundles: Array<{ diagnostics: Array<{ code: string }> }> };
    expect(out.bundles[0]!.diagnostics.map((d) => d.code)).not.toContain('layout.unexpected_file');
  });

  it('GIVEN --json THEN stdout is one JSON document with the normalized manifest and sorted diagnostics', async () => {
    const r = await run(['validate', '--json', 'examples/interactions-plugin', badPlugin()]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; bundles: Array<Record<string, unknown> & { diagnostics: Array<{ severity: string; code: string }> }> };
    expect(out.ok).toBe(false);
    expect(out.bundles).toHaveLength(2);
    const [good, bad] = out.bundles;
    expect(good!['ok']).toBe(true);
    expect(good!['format']).toBe('mmo-maid');
    expect((good!['manifest'] as { capabilities_required: string[] }).capabilities_required).toEqual(['interaction:respond']);
    expect(bad!['ok']).toBe(false);
    const severities = bad!.diagnostics.map((d) => d.severity);
    expect(severities).toEqual([...severities].sort()); // errors before warnings
  });

  it('GIVEN a terminal THEN output is coloured, and NO_COLOR or --no-color turns it off', async () => {
    const coloured = await run(['validate', badPlugin()], true);
    expect(coloured.stdout).toContain('\x1b[31m');
    const plain = await run(['validate', '--no-color', badPlugin()], true);
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('GIVEN a name with terminal escape codes in a diagnostic THEN they are printed escaped', async () => {
    const dir = join(tmp, 'escape');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'x\x1b[2Jy', name: 'n', version: '1.0.0' }));
    writeFileSync(join(dir, '__main__.py'), '');
    const r = await run(['validate', dir], false);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\x1b[2J');
    expect(r.stdout).toContain('\\u001b[2J');
  });

  it('GIVEN usage errors THEN it exits 2 with the usage on stderr', async () => {
    expect((await run(['validate'])).code).toBe(2);
    const unknown = await run(['validate', '--bogus', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: maidkit validate');
    expect((await run(['validate', '--format', 'nope', 'x'])).code).toBe(2);
    expect((await run(['validate', '--max-files', '-3', 'x'])).code).toBe(2);
  });

  it('GIVEN --help THEN it prints the options and exits 0', async () => {
    const r = await run(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--allow-extra-modules');
    expect(r.stdout).toContain('exit status');
  });

  it('GIVEN a path that does not exist THEN it exits 1 with source.not_found', async () => {
    const r = await run(['validate', 'no/such/plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('source.not_found');
  });

  it('GIVEN --structure on a zip THEN only the layout and metadata are read', async () => {
    const path = join(tmp, 'p.zip');
    // A real zip from Python's zipfile (the CLI package has no zip writer of its own).
    execFileSync('python3', ['-c', `import zipfile,sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('manifest.json', '{"id": "zz", "name": "Z", "version": "1.0.0", "description": "d"}')
    z.writestr('__main__.py', 'plugin.run()\\n')`, path]);
    const r = await run(['validate', '--json', '--structure', path]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).bundles[0].format).toBe('mmo-maid');
  });

  it('GIVEN a lower --max-files THEN the limit applies', async () => {
    const r = await run(['validate', '--json', '--max-files', '1', 'examples/hello-plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('layout.too_many_files');
  });

});
