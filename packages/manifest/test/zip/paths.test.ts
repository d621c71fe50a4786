import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPathSet,
  findCommonRoot,
  normalizeEntryPath,
  pathCollisionKey,
  stripCommonRoot,
  validateEntryPath,
} from '../../src/zip/index.js';

const codes = (name: string): string[] => validateEntryPath(name).map((d) => d.code);

// Characters that tend to break path handling, mixed with plain ones so that accepted paths occur often.
const tricky = fc.constantFrom(
  'a', 'b', 'Z', '0', '_', '-', '.', '..', '/', '//', '\\', ':', 'C:', '\0', '\n', '\u001b', '\u007f', '\u0085',
  '\u202e', '\u200b', '\ufeff', '\ufffd', 'é', 'e\u0301', 'ß', '\ufb01', '\uff41', ' ', '~', '*', '?', 'CON', 'nul', '😀',
);
const trickyPath = fc.string({ unit: tricky, maxLength: 12 });
const anyPath = fc.oneof(trickyPath, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const safeSegment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}$/).filter((s) => !s.endsWith('.'));
const safePath = fc.array(safeSegment, { minLength: 1, maxLength: 6 }).map((segs) => segs.join('/'));
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

describe('path validation (properties)', () => {
  it('GIVEN any accepted path THEN it is relative, has no . or .. segment, is NFC-stable and stays inside its root on POSIX and Windows', () => {
    fc.assert(
      fc.property(anyPath, (p) => {
        fc.pre(validateEntryPath(p).length === 0);
        const body = p.endsWith('/') ? p.slice(0, -1) : p;
        const segs = body.split('/');
        expect(segs).not.toContain('..');
        expect(segs).not.toContain('.');
        expect(segs).not.toContain('');
        expect(p.normalize('NFC')).toBe(p);
        expect(posix.isAbsolute(p) || win32.isAbsolute(p)).toBe(false);
        expect(posix.normalize(body)).toBe(body);
        expect(posix.resolve('/root', p).startsWith('/root/')).toBe(true);
        expect(win32.resolve('C:\\root', p).startsWith('C:\\root\\')).toBe(true);
        expect(CONTROL.test(p)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any string with a control character THEN it is refused with zip.path_control_char', () => {
    const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(anyPath, control, anyPath, (a, c, b) => {
        expect(codes(a + c + b)).toContain('zip.path_control_char');
      }),
    );
  });

  it('GIVEN any path with a .. segment THEN it is refused with zip.path_traversal', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(safeSegment, fc.constant('..')), { minLength: 1, maxLength: 6 }), (segs) => {
        fc.pre(segs.includes('..'));
        expect(codes(segs.join('/'))).toContain('zip.path_traversal');
      }),
    );
  });

  it('GIVEN a path of plain segments THEN it is accepted (the properties above are not vacuous)', () => {
    fc.assert(
      fc.property(safePath, fc.boolean(), (p, dir) => {
        fc.pre(!/(^|\/)(con|prn|aux|nul|com\d|lpt\d)(\.|\/|$)/iu.test(p));
        expect(validateEntryPath(dir ? `${p}/` : p)).toEqual([]);
      }),
    );
  });

  it('GIVEN any string THEN validation never throws and every diagnostic path is free of control characters', () => {
    fc.assert(
      fc.property(anyPath, (p) => {
        for (const d of validateEntryPath(p)) {
          expect(d.path).not.toMatch(CONTROL);
          expect(d.code).toMatch(/^zip\.path_/u);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('GIVEN two names that differ only by case THEN the set check reports a collision', () => {
    fc.assert(
      fc.property(safePath, (p) => {
        const upper = p.toUpperCase();
        fc.pre(upper !== p);
        expect(checkPathSet([p, upper]).map((d) => d.code)).toEqual(['zip.case_collision']);
      }),
    );
  });

  it('GIVEN any set of distinct accepted names THEN the collision key finds every pair the set check reports', () => {
    fc.assert(
      fc.property(fc.uniqueArray(trickyPath, { maxLength: 8 }), (names) => {
        const files = names.filter((n) => n.length > 0 && !n.endsWith('/') && validateEntryPath(n).length === 0);
        const keys = new Set(files.map(pathCollisionKey));
        const collisions = checkPathSet(files).filter((d) => d.code !== 'zip.file_directory_conflict');
        expect(collisions.length).toBe(files.length - keys.size);
      }),
    );
  });
});

describe('path validation (examples)', () => {
  it.each([
    ['../x', 'zip.path_traversal'],
    ['a/../../x', 'zip.path_traversal'],
    ['a/..', 'zip.path_traversal'],
    ['/x', 'zip.path_absolute'],
    ['//server/share', 'zip.path_absolute'],
    ['C:x', 'zip.path_drive'],
    ['c:/x', 'zip.path_drive'],
    ['\\\\server\\x', 'zip.path_backslash'],
    ['a\\b', 'zip.path_backslash'],
    ['a\u0000b', 'zip.path_control_char'],
    ['a\u200bb', 'zip.path_invisible_char'],
    ['a\ufeffb', 'zip.path_invisible_char'],
    ['a/./b', 'zip.path_dot_segment'],
    ['a//b', 'zip.path_empty_segment'],
    ['a/b/', ''],
    ['a.', 'zip.path_unportable'],
    ['a ', 'zip.path_unportable'],
    ['ab:c', 'zip.path_unportable'],
    ['a:b', 'zip.path_drive'],
    ['LPT1.txt', 'zip.path_unportable'],
    ['pkg/Aux', 'zip.path_unportable'],
    ['CONOUT$.txt', 'zip.path_unportable'],
    ['cafe\u0301', 'zip.path_not_nfc'],
    ['', 'zip.path_empty'],
    ['/', 'zip.path_absolute'],
  ])('%j → %s', (name, code) => {
    if (code === '') expect(codes(name)).toEqual([]);
    else expect(codes(name)).toContain(code);
  });

  it('GIVEN ordinary plugin paths THEN they are accepted', () => {
    for (const p of ['manifest.json', '__main__.py', 'pkg/__init__.py', 'assets/icon.png', 'café/ünïcode.py', 'a/b/c/d.e.f', 'con_fig.py', '.hidden']) {
      expect(codes(p)).toEqual([]);
    }
  });

  it('GIVEN a path of 1025 bytes THEN zip.path_too_long; 1024 THEN accepted', () => {
    const seg = 'a'.repeat(200);
    const exact = [seg, seg, seg, seg, seg, 'b'.repeat(19)].join('/');
    expect(exact.length).toBe(1024);
    expect(codes(exact)).toEqual([]);
    expect(codes(`${exact}b`)).toContain('zip.path_too_long');
    expect(codes('a'.repeat(256))).toContain('zip.path_too_long');
    expect(codes('é'.repeat(128))).toContain('zip.path_too_long'); // 256 UTF-8 bytes
  });
});

describe('path helpers', () => {
  it('normalizeEntryPath turns file-system relative paths into entry form and leaves bad parts in place', () => {
    expect(normalizeEntryPath('./a/b/')).toBe('a/b');
    expect(normalizeEntryPath('a\\b\\c.py', '\\')).toBe('a/b/c.py');
    expect(normalizeEntryPath('../a')).toBe('../a');
    expect(codes(normalizeEntryPath('../a'))).toContain('zip.path_traversal');
  });

  it('checkPathSet reports files used as directories, in either order', () => {
    expect(checkPathSet(['a', 'a/b']).map((d) => d.code)).toEqual(['zip.file_directory_conflict']);
    expect(checkPathSet(['a/b', 'a']).map((d) => d.code)).toEqual(['zip.file_directory_conflict']);
    expect(checkPathSet(['a/', 'a']).map((d) => d.code)).toContain('zip.file_directory_conflict');
    expect(checkPathSet(['A/b', 'a']).map((d) => d.code)).toContain('zip.file_directory_conflict');
    expect(checkPathSet(['a/', 'a/b', 'a/c/', 'a/c/d'])).toEqual([]);
  });

  it('findCommonRoot / stripCommonRoot find the one top-level folder a zipped folder has', () => {
    expect(findCommonRoot(['p/', 'p/manifest.json', 'p/src/', 'p/src/a.py'])).toBe('p');
    expect(findCommonRoot(['p/manifest.json', 'q/a.py'])).toBeUndefined();
    expect(findCommonRoot(['manifest.json', 'p/a.py'])).toBeUndefined();
    expect(findCommonRoot(['p/'])).toBeUndefined();
    expect(findCommonRoot([])).toBeUndefined();
    expect(stripCommonRoot(['p/', 'p/manifest.json', 'p/src/a.py'])).toEqual({ root: 'p', names: ['manifest.json', 'src/a.py'] });
    expect(stripCommonRoot(['manifest.json'])).toEqual({ root: undefined, names: ['manifest.json'] });
  });
});
