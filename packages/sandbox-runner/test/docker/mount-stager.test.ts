import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MountStager } from '../../src/backends/docker/MountStager.js';

describe('MountStager (bind-mount sources the container user can read)', () => {
  it('GIVEN a private 0700 folder THEN its copy is world-readable, reused while unchanged, fresh when changed, and gone at dispose', () => {
    const source = mkdtempSync(join(tmpdir(), 'maidkit-stager-src-')); // mkdtemp: 0700, like loadHostedPlugin's folders
    writeFileSync(join(source, '__main__.py'), 'print(1)\n', { mode: 0o600 });
    const stager = new MountStager();
    const first = stager.stage(source);
    expect(first).not.toBe(source);
    expect(statSync(first).mode & 0o777).toBe(0o755);
    expect(statSync(join(first, '__main__.py')).mode & 0o777).toBe(0o644);
    expect(stager.stage(source)).toBe(first);
    writeFileSync(join(source, '__main__.py'), 'print(2)\n');
    utimesSync(join(source, '__main__.py'), new Date(), new Date(Date.now() + 5000));
    const second = stager.stage(source);
    expect(second).not.toBe(first);
    expect(readFileSync(join(second, '__main__.py'), 'utf8')).toBe('print(2)\n');
    expect(readFileSync(join(first, '__main__.py'), 'utf8')).toBe('print(1)\n'); // a running container's files never change
    stager.dispose();
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
  });
});
