import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DependencyError, installRequirements, parseRequirements } from '../../src/deps/requirements.js';
import { buildWheel } from './wheel.js';

const PY = '/usr/bin/python3';

function importValue(envDir: string, module: string): string {
  const r = spawnSync(PY, ['-I', '-S', '-c', `import sys; sys.path.insert(0, ${JSON.stringify(envDir)}); import ${module}; print(${module}.VALUE)`], { encoding: 'utf8' });
  return r.stdout.trim() || r.stderr;
}

describe('requirements.txt environments', () => {
  let wheels: string;
  let cache: string;
  beforeAll(() => {
    wheels = mkdtempSync(join(tmpdir(), 'maidkit-wheels-'));
    cache = mkdtempSync(join(tmpdir(), 'maidkit-envs-'));
    buildWheel(wheels, 'maidtestpkg', '1.0', 42);
    buildWheel(wheels, 'maidtestpkg', '2.0', 43);
    buildWheel(wheels, 'maidotherpkg', '0.3', 7);
    writeFileSync(join(wheels, 'maidcpkg-1.0.tar.gz'), 'not really an sdist'); // a source-only package
  });

  it('installs pinned requirements from a local wheel directory into a per-version environment the plugin can import', async () => {
    const env = await installRequirements({ requirements: 'maidtestpkg==1.0\nmaidotherpkg>=0.1  # comment\n', pluginId: 'p', version: '1.0.0', cacheDir: cache, findLinks: [wheels] });
    expect(env.cached).toBe(false);
    expect(env.packages).toEqual(['maidotherpkg==0.3', 'maidtestpkg==1.0']);
    expect(importValue(env.dir, 'maidtestpkg')).toBe('42');
    expect(env.dir).toContain(join(cache, 'p', '1.0.0-'));
  });

  it('reuses the cached environment for the same requirements and builds a new one when they change', async () => {
    const a = await installRequirements({ requirements: 'maidtestpkg==2.0\n', pluginId: 'p', version: '1.1.0', cacheDir: cache, findLinks: [wheels] });
    const b = await installRequirements({ requirements: '# same, reformatted\nmaidtestpkg==2.0', pluginId: 'p', version: '1.1.0', cacheDir: cache, findLinks: [wheels] });
    expect(a.cached).toBe(false);
    expect(b).toEqual({ ...a, cached: true });
    const c = await installRequirements({ requirements: 'maidtestpkg==1.0', pluginId: 'p', version: '1.1.0', cacheDir: cache, findLinks: [wheels] });
    expect(c.dir).not.toBe(a.dir);
    expect(importValue(c.dir, 'maidtestpkg')).toBe('42');
  });

  it('reports a package that has no distribution, with its line, and leaves nothing half-installed', async () => {
    const err = (await installRequirements({ requirements: 'maidtestpkg==1.0\nnot-a-real-package==9\n', pluginId: 'q', version: '1.0.0', cacheDir: cache, findLinks: [wheels] }).catch((e: unknown) => e)) as DependencyError;
    expect(err).toBeInstanceOf(DependencyError);
    expect(err.code).toBe('deps.no_matching_distribution');
    expect(err.line).toBe(2);
    expect(err.message).toContain('not-a-real-package');
    expect(readdirSync(join(cache, 'q'))).toEqual([]);
  });

  it('refuses a source-only package as needing a compiler instead of building it on the host', async () => {
    const err = (await installRequirements({ requirements: 'maidcpkg==1.0', pluginId: 'r', version: '1.0.0', cacheDir: cache, findLinks: [wheels] }).catch((e: unknown) => e)) as DependencyError;
    expect(err.code).toBe('deps.needs_compiler');
    expect(err.line).toBe(1);
  });

  it('stops pip at the time limit with a clear error', async () => {
    const err = (await installRequirements({ requirements: 'maidotherpkg', pluginId: 's', version: '1.0.0', cacheDir: cache, findLinks: [wheels], timeoutMs: 5 }).catch((e: unknown) => e)) as DependencyError;
    expect(err.code).toBe('deps.timeout');
    expect(readdirSync(join(cache, 's'))).toEqual([]);
  });

  it('says when the interpreter cannot be run', async () => {
    const err = (await installRequirements({ requirements: 'x', pluginId: 't', version: '1', cacheDir: cache, python: '/nonexistent/python3' }).catch((e: unknown) => e)) as DependencyError;
    expect(err.code).toBe('deps.pip_missing');
  });

  it('refuses pip options, URLs, paths and malformed lines, naming the line', () => {
    const cases: Array<[string, number]> = [
      ['ok==1\n--extra-index-url https://evil.example/simple', 2],
      ['-e git+https://example.com/x.git', 1],
      ['pkg @ https://example.com/pkg.whl', 1],
      ['./local/path', 1],
      ['name with spaces', 1],
      ['\n\npkg===', 3],
    ];
    for (const [text, line] of cases) {
      try {
        parseRequirements(text);
        expect.fail(`accepted: ${text}`);
      } catch (err) {
        expect((err as DependencyError).code).toBe('deps.invalid_requirement');
        expect((err as DependencyError).line).toBe(line);
      }
    }
    expect(parseRequirements('requests[socks]>=2.0,<3 ; python_version >= "3.10"\n# c\n\nNumPy==1.26.4').map((r) => r.name)).toEqual(['requests', 'numpy']);
  });
});
