import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleDigest, checkBundleFiles, unsafePathReason, zipSha256 } from '../src/bundleDigest.js';
import { makeZip, readZip } from './helpers/zip.js';

const files = {
  'manifest.json': '{"id":"my_plugin","version":"1.0.0"}',
  '__main__.py': 'print("hi")\n',
  'dashboard/index.html': '<!doctype html><p>hi</p>',
  'dashboard/app.js': 'console.log(1)',
};

describe('canonical bundle digest (h1)', () => {
  it('GIVEN zips with the same files in another order, with other timestamps and compression THEN the h1 digest is equal and the zip SHA-256 is not', () => {
    const entries = Object.entries(files).map(([name, data]) => ({ name, data }));
    const a = makeZip(entries.map((e) => ({ ...e, method: 8 as const, level: 9 })));
    const b = makeZip([...entries].reverse().map((e) => ({ ...e, method: 0 as const, mtime: new Date(Date.UTC(2031, 5, 6, 7, 8, 10)) })), 'a comment');
    const c = makeZip(entries.map((e) => ({ ...e, method: 8 as const, level: 1, mtime: new Date(Date.UTC(1999, 1, 2)) })));
    const digests = [a, b, c].map((z) => bundleDigest(readZip(z)));
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    expect(new Set([a, b, c].map(zipSha256)).size).toBe(3);
  });

  it('GIVEN one changed byte in any file, or a renamed file THEN the digest changes', () => {
    const base = bundleDigest(new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])));
    for (const name of Object.keys(files)) {
      const changed = new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(k === name ? `${v.slice(0, -1)}#` : v)]));
      expect(bundleDigest(changed)).not.toBe(base);
    }
    const renamed = new Map(Object.entries(files).map(([k, v]) => [k === '__main__.py' ? '__main__.pyc' : k, Buffer.from(v)]));
    expect(bundleDigest(renamed)).not.toBe(base);
  });

  it('GIVEN the same files on disk THEN it equals the coreutils recipe `find | LC_ALL=C sort | xargs sha256sum | sha256sum` (Go dirhash Hash1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-h1-'));
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
    const hexDigest = execFileSync('sh', ['-c', "find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1"], { cwd: dir, encoding: 'utf8' }).trim();
    const expected = `h1:${Buffer.from(hexDigest, 'hex').toString('base64')}`;
    expect(bundleDigest(Object.entries(files).map(([path, data]) => ({ path, bytes: Buffer.from(data) })))).toBe(expected);
  });

  it('GIVEN any shuffle of a file list THEN the digest is the same', () => {
    const list = Object.entries(files).map(([path, data]) => ({ path, bytes: new Uint8Array(Buffer.from(data)) }));
    const expected = bundleDigest(list);
    fc.assert(fc.property(fc.shuffledSubarray(list, { minLength: list.length }), (shuffled) => bundleDigest(shuffled) === expected));
  });

  it.each([
    ['', 'path_invalid'],
    ['/etc/passwd', 'path_invalid'],
    ['../evil.py', 'path_invalid'],
    ['dist/../../evil.py', 'path_invalid'],
    ['a/./b.py', 'path_invalid'],
    ['a//b.py', 'path_invalid'],
    ['dir/', 'path_invalid'],
    ['..\\evil.py', 'path_invalid'],
    ['C:/evil.py', 'path_invalid'],
    ['evil\n.py', 'path_invalid'],
    ['nul\u0000.py', 'path_invalid'],
    ['del\u007f.py', 'path_invalid'],
    ['x'.repeat(1025), 'path_invalid'],
  ])('GIVEN the unsafe path %j THEN it is refused (%s), never normalized', (path, code) => {
    expect(() => bundleDigest([{ path, bytes: new Uint8Array(1) }])).toThrowError(expect.objectContaining({ code, path }) as Error);
  });

  it.each([
    ['an exact duplicate', 'a.py', 'a.py'],
    ['a case-folded duplicate', 'A.py', 'a.py'],
    ['an NFC/NFD duplicate', 'caf\u00e9.py', 'cafe\u0301.py'],
  ])('GIVEN %s THEN it is refused with path_duplicate', (_n, first, second) => {
    expect(() => checkBundleFiles([{ path: first, bytes: new Uint8Array(1) }, { path: second, bytes: new Uint8Array(2) }])).toThrowError(
      expect.objectContaining({ code: 'path_duplicate', path: second }) as Error,
    );
  });

  it('GIVEN paths built from ordinary segments THEN they are accepted; with a `..`, `.` or empty segment spliced in anywhere THEN refused', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,11}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.nat(), fc.constantFrom('..', '.', ''), (segments, at, bad) => {
        expect(unsafePathReason(segments.join('/'))).toBeUndefined();
        const spliced = [...segments];
        spliced.splice(at % (segments.length + 1), 0, bad);
        expect(unsafePathReason(spliced.join('/'))).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN entries that are not (path, bytes) pairs THEN path_invalid', () => {
    expect(() => bundleDigest([{ path: 'a', bytes: 'text' as unknown as Uint8Array }])).toThrowError(expect.objectContaining({ code: 'path_invalid' }) as Error);
  });

  it('GIVEN names outside the BMP THEN files sort by UTF-8 bytes like Go, not by UTF-16 units', () => {
    const list = checkBundleFiles([{ path: '\u{1F600}.txt', bytes: new Uint8Array() }, { path: '\uFF61.txt', bytes: new Uint8Array() }]);
    expect(list.map((f) => f.path)).toEqual(['\uFF61.txt', '\u{1F600}.txt']);
  });
});
