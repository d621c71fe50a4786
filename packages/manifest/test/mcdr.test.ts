import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMcdrVersion, legalityCheck, mcdrFallbackId, parseMcdrRequirement, readPlugin, validateMcdrMetadata } from '../src/index.js';
import { scratch, zipOf } from './helpers/fixtures.js';

const fs = scratch('mcdr');
afterAll(() => fs.cleanup());
const codes = (b: { diagnostics: Array<{ code: string }> }) => b.diagnostics.map((d) => d.code);
const meta = (m: Record<string, unknown> = {}) => JSON.stringify({ id: 'my_plugin', version: '1.0.0', ...m });

describe('MCDR metadata', () => {
  it('GIVEN MCDR versions THEN any number of components with -pre and +build pass, wildcards do not', () => {
    for (const v of ['1', '1.2', '1.2.3.4', '1.0.0-alpha.1', '2.0+build.7', '0.1-rc1+x']) expect(isMcdrVersion(v)).toBe(true);
    for (const v of ['', 'v1.0', '1.*', '1..2', '1.0-', 'x']) expect(isMcdrVersion(v)).toBe(false);
  });

  it('GIVEN requirement strings THEN MCDR\'s operators, wildcards and conjunctions parse', () => {
    expect(parseMcdrRequirement('>=1.2.0 <2')).toEqual([{ operator: '>=', version: '1.2.0' }, { operator: '<', version: '2' }]);
    expect(parseMcdrRequirement('^2.0')).toEqual([{ operator: '^', version: '2.0' }]);
    expect(parseMcdrRequirement('1.x')).toEqual([{ operator: '==', version: '1.x' }]);
    expect(parseMcdrRequirement('=1.0')).toEqual([{ operator: '=', version: '1.0' }]);
    expect(parseMcdrRequirement('*')).toEqual([{ operator: '==', version: '*' }]);
    expect(parseMcdrRequirement('')).toEqual([]);
    expect(parseMcdrRequirement('>=')).toBeUndefined();
    expect(parseMcdrRequirement('~> 1.0')).toBeUndefined();
  });

  it('GIVEN MCDR\'s lenient fields THEN they normalize as MCDR does: version → 0.0.0, bad deps dropped, author → list', () => {
    const r = validateMcdrMetadata({ id: 'p', version: 'latest', author: 'me', dependencies: { a: '>=1', b: 'not valid!' }, unknown_key: 1 });
    expect(r.value).toEqual({ id: 'p', version: '0.0.0', name: 'p', author: ['me'], dependencies: { a: '>=1' }, entrypoint: 'p' });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['mcdr.invalid_version', 'warning'],
      ['mcdr.invalid_dependency', 'warning'],
    ]);
    expect(validateMcdrMetadata({ id: 'p', author: [] }).value?.author).toBeUndefined();
  });

  it('GIVEN a solo plugin with a bad id THEN a warning and the file-stem fallback', () => {
    expect(mcdrFallbackId('My-Plugin v2.py')).toBe('my_plugin_v2');
    const r = validateMcdrMetadata({ id: 'Bad-Id' }, { solo: true, fallbackId: 'my_plugin' });
    expect(r.value?.id).toBe('my_plugin');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['mcdr.invalid_id', 'warning']]);
  });

  it('GIVEN the package legality rules THEN only foreign packages and plain modules at the root are illegal', () => {
    const c = legalityCheck('my_plugin', ['my_plugin/__init__.py', '__main__.py', '_private.py', 'tool.py', 'data/__init__.py', 'assets/x.txt', 'deep/pkg/__init__.py', 'my_plugin.py']);
    expect(c.map((d) => [d.code, d.path])).toEqual([
      ['mcdr.illegal_module', '_private.py'],
      ['mcdr.illegal_module', 'tool.py'],
      ['mcdr.illegal_package', 'data/'],
    ]);
  });
});

describe('MCDR layouts', () => {
  it('GIVEN a packed .mcdr without directory entries THEN packages are still derived from paths', async () => {
    const dir = fs.dir({});
    const path = join(dir, 'MyPlugin.mcdr');
    writeFileSync(path, await zipOf({ 'mcdreforged.plugin.json': meta(), 'my_plugin/__init__.py': '', 'other/__init__.py': '', 'lang/en_us.yml': 'a: b', 'requirements.txt': 'requests>=2\n-r more.txt\n' }));
    const b = await readPlugin(path);
    expect(b.format).toBe('mcdr-packed');
    expect(codes(b).sort()).toEqual(['mcdr.illegal_package', 'requirements.unsupported_option']);
    expect(b.diagnostics.find((d) => d.code === 'requirements.unsupported_option')).toMatchObject({ severity: 'warning', path: 'requirements.txt:2' });
    if (b.format !== 'mcdr-packed') throw new Error('format');
    expect(b.mcdr.langFiles).toEqual(['lang/en_us.yml']);
    expect(b.entry).toBe('my_plugin/__init__.py');
  });

  it('GIVEN a .pyz path with a module entrypoint THEN the module file is the entry', async () => {
    const dir = fs.dir({});
    const path = join(dir, 'tool.pyz');
    writeFileSync(path, await zipOf({ 'mcdreforged.plugin.json': meta({ entrypoint: 'my_plugin.entry' }), 'my_plugin/__init__.py': '', 'my_plugin/entry.py': '', '__main__.py': '' }));
    const b = await readPlugin(path);
    expect(b).toMatchObject({ ok: true, format: 'mcdr-packed', entry: 'my_plugin/entry.py' });
  });

  it('GIVEN a missing entrypoint module or metadata file THEN layout errors', async () => {
    expect(codes(await readPlugin(fs.dir({ 'mcdreforged.plugin.json': meta() })))).toEqual(['layout.missing_entry']);
    const b = await readPlugin(await zipOf({ 'my_plugin/__init__.py': '' }), { format: 'mcdr-packed' });
    expect(codes(b)).toContain('layout.missing_manifest');
  });

  it('GIVEN a linked directory THEN its target is read, relative to cwd, and the legality check can be skipped', async () => {
    const target = fs.dir({ 'mcdreforged.plugin.json': meta(), 'my_plugin/__init__.py': '', 'scripts/__init__.py': '' });
    const linked = fs.dir({ 'mcdreforged.linked_directory_plugin.json': JSON.stringify({ target }) });
    const strict = await readPlugin(linked);
    expect(strict.format).toBe('mcdr-linked');
    expect(codes(strict)).toEqual(['mcdr.illegal_package']);
    const skip = fs.dir({ 'mcdreforged.linked_directory_plugin.json': JSON.stringify({ target: target.split('/').pop(), skip_package_legality_check: true }) });
    const b = await readPlugin(skip, { cwd: resolve(target, '..') });
    expect(b.ok).toBe(true);
    if (b.format !== 'mcdr-linked') throw new Error('format');
    expect(b.mcdr).toMatchObject({ linkedTarget: target, skipPackageLegalityCheck: true });
    expect(codes(await readPlugin(skip, { cwd: resolve(target, '..'), followLinks: false }))).toEqual(['mcdr.link_target_not_found']);
  });

  it('GIVEN a solo plugin THEN its PLUGIN_METADATA is read without running it', async () => {
    const dir = fs.dir({ 'Hello.py': "import os\nos.system('echo never run')\nPLUGIN_METADATA = {'id': 'hello', 'version': '1.0', 'dependencies': {'mcdreforged': '>=2.0'}}\n" });
    const b = await readPlugin(join(dir, 'Hello.py'));
    expect(b).toMatchObject({ ok: true, format: 'mcdr-solo', entry: 'Hello.py', manifest: { id: 'hello', version: '1.0', dependencies: { mcdreforged: '>=2.0' } } });
  });

  it('GIVEN a solo plugin without metadata THEN MCDR\'s defaults with a warning', async () => {
    const b = await readPlugin(join(fs.dir({ 'Cool Plugin.py': 'x = 1\n' }), 'Cool Plugin.py'));
    expect(b.ok).toBe(true);
    expect(b.manifest).toMatchObject({ id: 'cool_plugin', version: '0.0.0' });
    expect(codes(b)).toEqual(['mcdr.missing_metadata']);
  });
});
