import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics.js';
import { DEFAULT_ZIP_LIMITS, indexZip, readZip, validateEntryPath } from '../../src/zip/index.js';
import { forgeZip } from './forge.js';

const enc = new TextEncoder();
const base = forgeZip([
  { name: 'manifest.json', data: enc.encode('{"id":"x"}') },
  { name: 'pkg/', data: new Uint8Array(0) },
  { name: 'pkg/a.py', data: enc.encode('print(1)\n'.repeat(40)), method: 8 },
  { name: 'pkg/b.py', data: enc.encode('b = 2\n'.repeat(10)), method: 8, flags: 8 },
]);

/** Whatever the bytes, the reader answers with diagnostics, never an exception, and never breaks its rules. */
function checkInvariants(bytes: Uint8Array): void {
  const out = readZip(bytes);
  expect(Array.isArray(out.diagnostics)).toBe(true);
  if (hasErrors(out.diagnostics)) {
    expect(out.files.size).toBe(0);
    return;
  }
  let total = 0;
  for (const [name, data] of out.files) {
    expect(validateEntryPath(name)).toEqual([]);
    total += data.length;
  }
  expect(total).toBeLessThanOrEqual(DEFAULT_ZIP_LIMITS.maxUncompressedBytes);
}

describe('mutated archives (fuzz)', () => {
  it('GIVEN the base archive THEN it is valid', () => {
    expect(readZip(base).diagnostics).toEqual([]);
  });

  it('GIVEN random byte changes THEN readZip never throws and accepted output still obeys the rules', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = base.slice();
        for (const [at, value] of edits) bytes[at] = value;
        checkInvariants(bytes);
      }),
      { numRuns: 1500 },
    );
  });

  it('GIVEN truncation, splicing and appending THEN readZip never throws', () => {
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.uint8Array({ maxLength: 64 }), (a, b, junk) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        checkInvariants(base.subarray(0, from));
        checkInvariants(new Uint8Array([...base.subarray(0, from), ...junk, ...base.subarray(to)]));
        checkInvariants(new Uint8Array([...junk, ...base]));
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN arbitrary bytes ending in a plausible end record THEN indexZip never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(0xffff), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(0xffffffff), { minLength: 2, maxLength: 2 }), (body, [d, cd, on, tot], [size, off]) => {
        const eocd = new Uint8Array(22);
        const v = new DataView(eocd.buffer);
        v.setUint32(0, 0x06054b50, true);
        v.setUint16(4, d as number, true);
        v.setUint16(6, cd as number, true);
        v.setUint16(8, on as number, true);
        v.setUint16(10, tot as number, true);
        v.setUint32(12, size as number, true);
        v.setUint32(16, off as number, true);
        const r = indexZip(new Uint8Array([...body, ...eocd]));
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pathological names stay cheap', () => {
  it('GIVEN 70 entries named with 30,000 segments each (8.4 MB of names) THEN every one is refused as too long', () => {
    const bytes = forgeZip(Array.from({ length: 70 }, (_, i) => ({ name: `${i}${'/a'.repeat(30_000)}` })));
    const { diagnostics } = indexZip(bytes);
    expect(diagnostics.filter((d) => d.code === 'zip.path_too_long').length).toBe(70);
  });
});

describe('round trip (property)', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,7}$/).filter((s) => !/^(con|prn|aux|nul|com\d|lpt\d)$/iu.test(s));
  const file = fc.record({
    path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `${s.join('/')}.py`),
    data: fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 500 }).map((s) => enc.encode(s.repeat(3)))),
    method: fc.constantFrom(0, 8),
    descriptor: fc.boolean(),
  });

  it('GIVEN any set of well-named files, stored or deflated, with or without descriptors THEN readZip returns them unchanged', () => {
    fc.assert(
      fc.property(fc.uniqueArray(file, { selector: (f) => f.path.toLowerCase(), maxLength: 12 }), (files) => {
        // A file's path may not also be another's directory.
        const dirs = new Set(files.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/').toLowerCase())));
        fc.pre(files.every((f) => !dirs.has(f.path.toLowerCase())));
        const bytes = forgeZip(files.map((f) => ({ name: f.path, data: f.data, method: f.method, flags: f.descriptor ? 8 : 0 })));
        // Any offset into a larger buffer must work too.
        const shifted = new Uint8Array(bytes.length + 3);
        shifted.set(bytes, 3);
        const out = readZip(shifted.subarray(3));
        expect(out.diagnostics).toEqual([]);
        expect([...out.files.keys()]).toEqual(files.map((f) => f.path));
        for (const f of files) expect(out.files.get(f.path)).toEqual(f.data);
      }),
      { numRuns: 200 },
    );
  });
});
