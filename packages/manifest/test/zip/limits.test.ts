import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, type ZipEntry, indexZip, inflateEntry, readZip, resolveZipLimits } from '../../src/zip/index.js';
import { forgeZip } from './forge.js';

const enc = new TextEncoder();

describe('limits', () => {
  it('GIVEN no limits THEN the defaults of issue 2 apply', () => {
    expect(resolveZipLimits()).toEqual({
      maxZipBytes: 10_000_000,
      maxUncompressedBytes: 40_000_000,
      maxEntries: 200,
      maxEntryBytes: 40_000_000,
      maxCompressionRatio: 1000,
      maxDirectories: 500,
    });
    expect(Object.isFrozen(DEFAULT_ZIP_LIMITS)).toBe(true);
  });

  it('GIVEN only maxUncompressedBytes THEN maxEntryBytes follows it', () => {
    expect(resolveZipLimits({ maxUncompressedBytes: 5 }).maxEntryBytes).toBe(5);
    expect(resolveZipLimits({ maxUncompressedBytes: 5, maxEntryBytes: 3 }).maxEntryBytes).toBe(3);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('GIVEN a limit of %s THEN resolveZipLimits throws instead of disabling the check', (v) => {
    expect(() => resolveZipLimits({ maxEntries: v })).toThrow(RangeError);
  });

  it('GIVEN custom limits THEN indexZip and readZip apply them', () => {
    const bytes = forgeZip([{ name: 'a.py', data: enc.encode('12345') }, { name: 'b.py', data: enc.encode('12345') }, { name: 'd/' }]);
    expect(indexZip(bytes, { maxEntries: 1 }).diagnostics.map((d) => d.code)).toEqual(['zip.too_many_entries']);
    expect(indexZip(bytes, { maxDirectories: 0 }).diagnostics.map((d) => d.code)).toEqual(['zip.too_many_entries']);
    expect(indexZip(bytes, { maxUncompressedBytes: 9 }).diagnostics.map((d) => d.code)).toContain('zip.too_large_uncompressed');
    expect(indexZip(bytes, { maxZipBytes: 100 }).diagnostics.map((d) => d.code)).toEqual(['zip.too_large']);
    expect(readZip(bytes, { maxEntries: 2, maxDirectories: 1 }).files.size).toBe(2);
  });
});

describe('inflateEntry on its own', () => {
  const data = enc.encode('hello hello hello hello');
  const bytes = forgeZip([{ name: 'a.py', data, method: 8 }]);
  const [entry] = indexZip(bytes).entries as [ZipEntry];

  it('GIVEN an indexed entry THEN it inflates to a plain Uint8Array', () => {
    const r = inflateEntry(bytes, entry);
    expect(r.ok && Object.getPrototypeOf(r.data)).toBe(Uint8Array.prototype);
    expect(r.ok && new TextDecoder().decode(r.data)).toBe('hello hello hello hello');
  });

  it('GIVEN a forged entry declaring more than the limits THEN it refuses before allocating', () => {
    const r = inflateEntry(bytes, { ...entry, uncompressedSize: 2 ** 31 });
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(['zip.entry_too_large']);
  });

  it('GIVEN a forged entry whose data lies outside the archive THEN it refuses', () => {
    for (const forged of [{ dataOffset: -1 }, { dataOffset: bytes.length }, { compressedSize: bytes.length }]) {
      const r = inflateEntry(bytes, { ...entry, ...forged });
      expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(['zip.bad_local_header']);
    }
  });

  it('GIVEN a forged entry that understates its size THEN output stops one byte past the claim', () => {
    const big = deflateRawSync(new Uint8Array(5_000_000));
    const zip = forgeZip([{ name: 'z.bin', method: 8, payload: big, uncompressedSize: 10, crc: 0 }]);
    const [e] = indexZip(zip).entries as [ZipEntry];
    const r = inflateEntry(zip, e);
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(['zip.size_mismatch']);
  });
});
