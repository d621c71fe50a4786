import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntries, loadPlugin, ManifestError, readPlugin, staticCheck, writeBundleTo } from '../src/index.js';
import { casaManifest, CASA_CODE, HELLO_MAIN, mmoManifest, scratch, zipOf } from './helpers/fixtures.js';

const fs = scratch('read');
afterAll(() => fs.cleanup());
const codes = (b: { diagnostics: Array<{ code: string }> }) => b.diagnostics.map((d) => d.code);
const examples = resolve(__dirname, '../../../examples');

describe('MMO Maid bundles', () => {
  it('GIVEN the hello plugin zipped under one top-level folder (as zipping a folder does) THEN it is accepted with the folder stripped', async () => {
    const bytes = await zipOf({
      'my_plugin/manifest.json': readFileSync(join(examples, 'hello-plugin/manifest.json')),
      'my_plugin/__main__.py': readFileSync(join(examples, 'hello-plugin/__main__.py')),
    });
    const b = await readPlugin(bytes);
    expect(b.diagnostics).toEqual([]);
    expect(b).toMatchObject({ ok: true, format: 'mmo-maid', entry: '__main__.py', source: { kind: 'zip', strippedRoot: 'my_plugin' } });
    expect(b.files.map((f) => f.path).sort()).toEqual(['__main__.py', 'manifest.json']);
    expect(new TextDecoder().decode(b.contents.get('__main__.py'))).toContain('plugin.run()');
  });

  it('GIVEN the full optional layout THEN requirements, dashboard manifest and iframe assets are all read', async () => {
    const dashboard = readFileSync(join(examples, 'dashboard-plugin/dashboard_manifest.json'));
    const bytes = await zipOf({
      'manifest.json': mmoManifest({ proxy_domains_requested: ['api.example.com'] }),
      '__main__.py': readFileSync(join(examples, 'dashboard-plugin/__main__.py'), 'utf8') + 'URL = "https://api.example.com/v2/items"\n',
      'requirements.txt': 'requests>=2.31,<3\n',
      'dashboard_manifest.json': dashboard,
      'dashboard/index.html': '<!DOCTYPE html>',
      'dashboard/sdk/ui.css': '',
    });
    const b = await readPlugin(bytes);
    expect(b.diagnostics).toEqual([]);
    if (b.format !== 'mmo-maid') throw new Error('format');
    expect(b.manifest?.capabilities_required).toEqual(['proxy:http']);
    expect(b.requirements.map((r) => r.name)).toEqual(['requests']);
    expect(b.dashboard.manifest?.pages[0]?.id).toBe('overview');
    expect(b.dashboard.assets.map((a) => a.path)).toEqual(['dashboard/index.html', 'dashboard/sdk/ui.css']);
    expect(b.dashboard.handlers).toEqual(['get_active_users', 'get_messages_chart', 'get_settings', 'save_settings']);
    const line = readFileSync(join(examples, 'dashboard-plugin/__main__.py'), 'utf8').split('\n').length;
    expect(b.detectedUrls).toEqual([{ domain: 'api.example.com', url: 'https://api.example.com/v2/items', file: '__main__.py', line }]);
  });

  it('GIVEN a manifest that repeats capabilities_required (a reviewer sees the first, the host the last) THEN refused', async () => {
    const manifest = '{"id": "my_plugin", "name": "P", "version": "1.0.0", "description": "d", "capabilities_required": [],\n "capabilities_required": ["discord:ban_members"]}';
    const b = await readPlugin(fs.dir({ 'manifest.json': manifest, '__main__.py': HELLO_MAIN }));
    expect(b.ok).toBe(false);
    expect(b.diagnostics[0]).toMatchObject({ code: 'json.duplicate_key', path: '/capabilities_required', file: 'manifest.json' });
  });

  it('GIVEN extra modules THEN they are refused unless the host allows them', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'helpers.py': '', 'lib/__init__.py': '' });
    expect(codes(await readPlugin(dir)).filter((c) => c === 'layout.unexpected_file')).toHaveLength(2);
    const allowed = await readPlugin(dir, { allowExtraModules: true });
    expect(allowed.ok).toBe(true);
    expect(allowed.files).toHaveLength(4);
  });

  it('GIVEN a hostile zip THEN the zip reader\'s codes come back and no content is exposed', async () => {
    const bytes = await zipOf({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN });
    // Rename __main__.py to ../main.py in place (same length) in both headers.
    const text = Buffer.from(bytes);
    let at = text.indexOf('__main__.py');
    while (at >= 0) {
      text.write('../main.py_', at, 'latin1');
      at = text.indexOf('__main__.py', at + 1);
    }
    const b = await readPlugin(new Uint8Array(text));
    expect(b.ok).toBe(false);
    expect(codes(b)).toContain('zip.path_traversal');
    expect(b.contents.size).toBe(0);
    expect(() => writeBundleTo(b, join(fs.root, 'never'))).toThrow(ManifestError);
  });

  it('GIVEN bytes that are not a zip THEN zip.not_a_zip, not a crash', async () => {
    const b = await readPlugin(new TextEncoder().encode('definitely not a zip'));
    expect(codes(b)).toContain('zip.not_a_zip');
    expect(b.format).toBe('unknown');
  });

  it('GIVEN a zip path on disk THEN it is read like bytes, and an oversize file is refused before it is read', async () => {
    const dir = fs.dir({});
    const zipPath = join(dir, 'p.zip');
    writeFileSync(zipPath, await zipOf({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN }));
    expect((await readPlugin(zipPath)).ok).toBe(true);
    expect(codes(await readPlugin(zipPath, { limits: { maxZipBytes: 10 } }))).toEqual(['zip.too_large']);
  });
});

describe('structure depth (zips)', () => {
  it('GIVEN a zip read at structure depth THEN the layout and manifest are checked, only metadata is inflated, and the CRC of code is not', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('manifest.json', mmoManifest());
    zip.file('__main__.py', HELLO_MAIN + '# MARKER\n', { compression: 'STORE' });
    zip.file('requirements.txt', 'requests>=2\n');
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    bytes.write('W', bytes.indexOf('MARKER'), 'latin1'); // corrupt stored code: only a full read sees it
    const quick = await readPlugin(new Uint8Array(bytes), { depth: 'structure' });
    expect(quick).toMatchObject({ ok: true, partial: true, format: 'mmo-maid', entry: '__main__.py' });
    expect([...quick.contents.keys()].sort()).toEqual(['manifest.json', 'requirements.txt']);
    expect(quick.files.map((f) => f.path).sort()).toEqual(['__main__.py', 'manifest.json', 'requirements.txt']);
    expect(quick.requirements.map((r) => r.name)).toEqual(['requests']);
    const full = await readPlugin(new Uint8Array(bytes));
    expect(codes(full)).toEqual(['zip.crc_mismatch']);
  });

  it('GIVEN structure depth THEN manifest errors and a missing entry are still found, and an oversize Casa plugin.py by its listed size', async () => {
    const bad = await readPlugin(await zipOf({ 'pkg/manifest.json': '{"id": "X"}' }), { depth: 'structure' });
    expect(codes(bad)).toEqual(expect.arrayContaining(['layout.missing_entry', 'manifest.invalid_id', 'manifest.missing_field']));
    expect(bad.source.strippedRoot).toBe('pkg');
    const casa = await readPlugin(await zipOf({ 'plugin.py': CASA_CODE + '# ' + randomBytes(3 * 1024 * 1024).toString('hex') + '\n', 'manifest.json': JSON.stringify(casaManifest()) }), { depth: 'structure' });
    expect(codes(casa)).toEqual(['casa.code_too_large']);
  });
});

describe('hostile directories', () => {
  it('GIVEN symlinks escaping the directory (absolute and ../) THEN each is refused and nothing outside is read', async () => {
    const outside = fs.dir({ 'secret.txt': 'TOKEN' });
    const dir = fs.dir({
      'manifest.json': mmoManifest(),
      '__main__.py': HELLO_MAIN,
      'dashboard/index.html': '',
      'dashboard/a.txt': { symlink: join(outside, 'secret.txt') },
      'dashboard/b.txt': { symlink: '../../' + outside.split('/').pop() + '/secret.txt' },
    });
    const b = await readPlugin(dir);
    expect(b.diagnostics.filter((d) => d.code === 'layout.symlink_escape').map((d) => d.path).sort()).toEqual(['dashboard/a.txt', 'dashboard/b.txt']);
    for (const bytes of b.contents.values()) expect(new TextDecoder().decode(bytes)).not.toContain('TOKEN');
  });

  it('GIVEN a symlink to a file inside the directory THEN it is followed', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), 'real.py': HELLO_MAIN, '__main__.py': { symlink: 'real.py' } });
    const b = await readPlugin(dir, { allowExtraModules: true });
    expect(b.ok).toBe(true);
    expect(b.contents.get('__main__.py')).toEqual(b.contents.get('real.py'));
  });

  it('GIVEN ten thousand files THEN reading stops at the limit with one diagnostic and no content', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN });
    mkdirSync(join(dir, 'dashboard'));
    for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, 'dashboard', `f${i}.js`), '');
    const started = Date.now();
    const b = await readPlugin(dir);
    expect(codes(b)).toEqual(['layout.too_many_files']);
    expect(b.contents.size).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('GIVEN thousands of nested empty directories THEN the walk stops at maxDirectories', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN });
    for (let i = 0; i < 600; i++) mkdirSync(join(dir, 'dashboard', `d${i}`), { recursive: true });
    const b = await readPlugin(dir);
    expect(codes(b)).toEqual(['layout.too_many_files']);
    expect(b.diagnostics[0]!.message).toContain('500 directories');
  });

  it('GIVEN file names a zip would refuse THEN the directory reader refuses them with the same codes', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': '', 'dashboard/a\\b.js': '', 'dashboard/con.txt': '', 'dashboard/x\u202e.js': '' });
    const c = codes(await readPlugin(dir));
    expect(c).toEqual(expect.arrayContaining(['zip.path_backslash', 'zip.path_unportable', 'zip.path_invisible_char']));
  });

  it('GIVEN names that collide by case THEN zip.case_collision', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': '', 'dashboard/Index.html': '' });
    expect(codes(await readPlugin(dir))).toContain('zip.case_collision');
  });

  it('GIVEN a file replaced between the walk and the read THEN the read is refused (identity check)', async () => {
    const { readCapped } = await import('../src/bundle/readDirectory.js');
    const dir = fs.dir({ 'a.txt': 'same size', 'b.txt': 'same size' });
    const { statSync } = await import('node:fs');
    const a = statSync(join(dir, 'a.txt'));
    expect(readCapped(join(dir, 'a.txt'), a.size, { dev: a.dev, ino: a.ino })).toBeDefined();
    expect(readCapped(join(dir, 'b.txt'), a.size, { dev: a.dev, ino: a.ino })).toBeUndefined();
    expect(readCapped(join(dir, 'a.txt'), a.size + 1)).toBeUndefined();
  });

  it('GIVEN a .maidkitignore THEN listed files are left out and recorded', async () => {
    const dir = fs.dir({ '.maidkitignore': '# local files\nevents.jsonl\nnotes/\n*.log\n', 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'events.jsonl': '{}', 'notes/a.md': '', 'dashboard/index.html': '', 'dashboard/debug.log': '' });
    const b = await readPlugin(dir);
    expect(b.ok).toBe(true);
    expect(b.files.map((f) => f.path).sort()).toEqual(['__main__.py', 'dashboard/index.html', 'manifest.json']);
    expect(b.source.ignored?.sort()).toEqual(['.maidkitignore', 'dashboard/debug.log', 'events.jsonl', 'notes/']);
  });
});

describe('Casa Cloner bundles', () => {
  it('GIVEN plugin.py and manifest.json in a zip THEN casa-cloner with its entry', async () => {
    const b = await readPlugin(await zipOf({ 'plugin.py': CASA_CODE, 'manifest.json': JSON.stringify(casaManifest()) }));
    expect(b).toMatchObject({ ok: true, format: 'casa-cloner', entry: 'plugin.py' });
  });

  it('GIVEN hooks that disagree with plugin.py THEN both directions are reported', async () => {
    const code = 'def on_load(api):\n    pass\n\nclass X:\n    def on_message(self): pass\n\nasync def on_ready(api):\n    pass\n';
    const b = await readPlugin(fs.dir({ 'plugin.py': code, 'manifest.json': JSON.stringify(casaManifest({ hooks: ['on_load', 'on_message'] })) }));
    expect(b.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['casa.hook_not_defined', '/hooks/1'],
      ['casa.hook_not_declared', 'plugin.py:7'],
    ]);
  });

  it('GIVEN another file beside the two THEN layout.unexpected_file', async () => {
    const b = await readPlugin(fs.dir({ 'plugin.py': CASA_CODE, 'manifest.json': JSON.stringify(casaManifest()), 'util.py': '' }));
    expect(codes(b)).toEqual(['layout.unexpected_file']);
  });
});

describe('staticCheck (publishing pipeline)', () => {
  it('GIVEN a valid zip submitted under its own id and version THEN ok with capabilities, domains and the files to digest', async () => {
    const zip = await zipOf({ 'manifest.json': mmoManifest({ proxy_domains_requested: ['api.example.com'] }), '__main__.py': HELLO_MAIN + 'U = "https://api.example.com/x"\n' });
    const r = await staticCheck(zip, { pluginId: 'my_plugin', version: '1.0.0' });
    expect(r).toMatchObject({ ok: true, pluginId: 'my_plugin', version: '1.0.0', capabilities: ['proxy:http'], proxyDomains: ['api.example.com'] });
    expect([...r.files.keys()].sort()).toEqual(['__main__.py', 'manifest.json']);
  });

  it('GIVEN a Casa Cloner zip THEN its permissions are the capabilities; GIVEN an invalid zip THEN no files', async () => {
    const casa = await staticCheck(await zipOf({ 'plugin.py': CASA_CODE, 'manifest.json': JSON.stringify(casaManifest({ permissions: ['storage.local'] })) }), { pluginId: 'hello-world', version: '1.0.0' });
    expect(casa).toMatchObject({ ok: true, capabilities: ['storage.local'] });
    const bad = await staticCheck(await zipOf({ 'manifest.json': '{}' }), { pluginId: 'x', version: '1' });
    expect(bad.ok).toBe(false);
    expect(bad.files.size).toBe(0);
  });
});

describe('writing and handing over bytes', () => {
  it('GIVEN a valid bundle THEN writeBundleTo recreates its files and bundleEntries lists (path, bytes) sorted', async () => {
    const b = await loadPlugin(join(examples, 'dashboard-plugin'));
    const out = join(fs.root, 'written');
    const written = writeBundleTo(b, out);
    expect(written.sort()).toEqual(['__main__.py', 'dashboard_manifest.json', 'manifest.json']);
    expect(readFileSync(join(out, '__main__.py'))).toEqual(readFileSync(join(examples, 'dashboard-plugin/__main__.py')));
    expect(bundleEntries(b).map((e) => e.path)).toEqual(['__main__.py', 'dashboard_manifest.json', 'manifest.json']);
    expect(() => writeBundleTo(b, out)).toThrow(/EEXIST/);
  });

  it('GIVEN a link planted in the output directory THEN writeBundleTo refuses to write through it', async () => {
    const b = await loadPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': 'x' }));
    const elsewhere = fs.dir({});
    const out = fs.dir({ dashboard: { symlink: elsewhere } });
    expect(() => writeBundleTo(b, out)).toThrow(ManifestError);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('GIVEN an invalid bundle THEN loadPlugin throws a ManifestError with every diagnostic', async () => {
    const dir = fs.dir({ 'manifest.json': '{"id": 1}', 'stray.txt': '' });
    const err = await loadPlugin(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    const me = err as ManifestError;
    expect(me.code).toBe('bundle.invalid');
    expect(me.diagnostics.length).toBeGreaterThan(3);
    expect(me.message).toMatch(/^invalid plugin: /);
  });

  it('GIVEN a fifo as the only odd entry THEN it is refused without blocking', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN });
    execFileSync('mkfifo', [join(dir, '__init__.py')]);
    const b = await readPlugin(dir);
    expect(codes(b)).toContain('layout.not_regular_file');
    expect(readdirSync(dir)).toContain('__init__.py');
  });

  it('GIVEN a directory symlink loop THEN it is refused, not followed', async () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': '' });
    symlinkSync('..', join(dir, 'dashboard', 'up'));
    expect(codes(await readPlugin(dir))).toContain('layout.symlink_directory');
  });
});
