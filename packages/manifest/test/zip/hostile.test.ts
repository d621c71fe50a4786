import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics.js';
import { type ZipCode, type ZipLimits, MAX_ZIP_DIAGNOSTICS, ZIP_CODES, indexZip, readZip, readZipAsync } from '../../src/zip/index.js';
import { type ForgeEntry, extraField, forgeZip, zeroBomb } from './forge.js';

const enc = new TextEncoder();
const text = (s: string): Uint8Array => enc.encode(s);
const ok = (name: string, content = `content of ${name}`): ForgeEntry => ({ name, data: text(content) });
const deflated = (name: string, data: Uint8Array): ForgeEntry => ({ name, data, method: 8 });

/** A stored entry whose bytes hold a complete local header and data for `inner`: the "quoted" overlap. */
function quotedOverlap(): Uint8Array {
  // b.py's whole local entry (30-byte header, 4-byte name, 5 data bytes), used as a.py's content.
  const innerLocal = forgeZip([ok('b.py', 'inner')]).subarray(0, 30 + 4 + 5);
  // b.py's central record points inside a.py's data, just past a.py's own 30 + 4 byte header.
  return forgeZip([{ name: 'a.py', data: innerLocal }, { ...ok('b.py', 'inner'), sharesLocalOf: 0, localHeaderOffset: 30 + 4 }]);
}

interface Case {
  title: string;
  zip: () => Uint8Array;
  code: ZipCode;
  /** The phase that refuses it: the structural pass (default) or only the full pass. */
  phase?: 'index' | 'read';
  limits?: Partial<ZipLimits>;
  /** Entry path the diagnostic must name, when it is about one entry. */
  path?: string;
}

const cases: Case[] = [
  // Names and paths
  { title: '../evil.py', zip: () => forgeZip([ok('../evil.py')]), code: 'zip.path_traversal', path: '../evil.py' },
  { title: 'dist/../../evil.py', zip: () => forgeZip([ok('dist/../../evil.py')]), code: 'zip.path_traversal' },
  { title: 'an absolute /etc/cron.d/x', zip: () => forgeZip([ok('/etc/cron.d/x')]), code: 'zip.path_absolute' },
  { title: 'a drive path C:/evil.py', zip: () => forgeZip([ok('C:/evil.py')]), code: 'zip.path_drive' },
  { title: 'a drive-relative C:evil.py', zip: () => forgeZip([ok('C:evil.py')]), code: 'zip.path_drive' },
  { title: '..\\evil.py', zip: () => forgeZip([ok('..\\evil.py')]), code: 'zip.path_backslash' },
  { title: 'a UNC \\\\server\\share\\x', zip: () => forgeZip([ok('\\\\server\\share\\x')]), code: 'zip.path_backslash' },
  { title: 'a NUL in the name', zip: () => forgeZip([ok('evil.py\0.txt')]), code: 'zip.path_control_char', path: 'evil.py\\u0000.txt' },
  { title: 'an ANSI escape in the name', zip: () => forgeZip([ok('\u001b[2Jx.py')]), code: 'zip.path_control_char' },
  { title: 'a bidi override in the name', zip: () => forgeZip([ok('evil\u202Eyp.txt')]), code: 'zip.path_invisible_char' },
  { title: 'a ./ segment', zip: () => forgeZip([ok('./a.py')]), code: 'zip.path_dot_segment' },
  { title: 'an empty segment', zip: () => forgeZip([ok('a//b.py')]), code: 'zip.path_empty_segment' },
  { title: 'an empty name', zip: () => forgeZip([ok('')]), code: 'zip.path_empty' },
  { title: 'a Windows device name', zip: () => forgeZip([ok('pkg/con.py')]), code: 'zip.path_unportable' },
  { title: 'a 300-byte segment', zip: () => forgeZip([ok(`${'a'.repeat(300)}.py`)]), code: 'zip.path_too_long' },
  { title: 'a decomposed (NFD) name', zip: () => forgeZip([ok('cafe\u0301.py')]), code: 'zip.path_not_nfc' },
  // Types
  { title: 'a symlink', zip: () => forgeZip([{ ...ok('link.py', '/etc/passwd'), externalAttributes: 0o120777 << 16 }]), code: 'zip.symlink', path: 'link.py' },
  { title: 'a FIFO', zip: () => forgeZip([{ ...ok('fifo'), externalAttributes: 0o010644 << 16 }]), code: 'zip.special_file' },
  { title: 'a block device', zip: () => forgeZip([{ ...ok('sda'), externalAttributes: 0o060600 << 16 }]), code: 'zip.special_file' },
  { title: 'a file with the MS-DOS directory bit', zip: () => forgeZip([{ ...ok('a.py'), externalAttributes: 0x10 }]), code: 'zip.entry_type_mismatch' },
  { title: 'a directory with data', zip: () => forgeZip([ok('pkg/', 'data')]), code: 'zip.directory_with_data' },
  // Sets of names
  { title: 'a duplicate name', zip: () => forgeZip([ok('a.py', 'one'), ok('a.py', 'two')]), code: 'zip.duplicate_entry' },
  { title: 'A.py and a.py', zip: () => forgeZip([ok('A.py'), ok('a.py')]), code: 'zip.case_collision' },
  { title: 'STRASSE.py and straße.py', zip: () => forgeZip([ok('STRASSE.py'), ok('straße.py')]), code: 'zip.case_collision' },
  { title: 'NFC and NFD café.py', zip: () => forgeZip([ok('caf\u00e9.py'), ok('cafe\u0301.py')]), code: 'zip.normalization_collision' },
  { title: 'ﬁle.py (ligature, case-folds to fi) and file.py', zip: () => forgeZip([ok('file.py'), ok('\ufb01le.py')]), code: 'zip.case_collision' },
  { title: 'ｆile.py (fullwidth) and file.py', zip: () => forgeZip([ok('file.py'), ok('\uff46ile.py')]), code: 'zip.normalization_collision' },
  { title: 'a file used as a directory', zip: () => forgeZip([ok('pkg'), ok('pkg/a.py')]), code: 'zip.file_directory_conflict' },
  // Parser differentials
  { title: 'local name ≠ central name', zip: () => forgeZip([{ ...ok('good.py'), local: { name: 'evil.py' } }]), code: 'zip.name_mismatch' },
  {
    title: 'a Unicode path extra field naming another file',
    zip: () => forgeZip([{ ...ok('good.py'), centralExtra: extraField(0x7075, new Uint8Array([1, 0, 0, 0, 0, ...text('evil.py')])) }]),
    code: 'zip.name_mismatch',
  },
  { title: 'local method ≠ central method', zip: () => forgeZip([{ ...ok('a.py'), local: { method: 8 } }]), code: 'zip.local_header_mismatch' },
  { title: 'local flags say encrypted', zip: () => forgeZip([{ ...ok('a.py'), local: { flags: 1 } }]), code: 'zip.local_header_mismatch' },
  { title: 'local CRC ≠ central CRC', zip: () => forgeZip([{ ...ok('a.py'), local: { crc: 1234 } }]), code: 'zip.local_header_mismatch' },
  { title: 'no local header where the central record points', zip: () => forgeZip([{ ...ok('a.py'), local: { signature: 0x12345678 } }]), code: 'zip.bad_local_header' },
  { title: 'a non-ASCII name without the UTF-8 flag', zip: () => forgeZip([{ ...ok('café.py'), flags: 0 }]), code: 'zip.name_encoding' },
  { title: 'a name that is not UTF-8', zip: () => forgeZip([{ ...ok('x'), name: new Uint8Array([0x61, 0xff, 0xfe]), flags: 0x800 }]), code: 'zip.name_encoding' },
  { title: 'a malformed extra field', zip: () => forgeZip([{ ...ok('a.py'), centralExtra: new Uint8Array([1, 2, 3]) }]), code: 'zip.bad_extra_field' },
  {
    title: 'a data descriptor that disagrees',
    zip: () => forgeZip([{ ...ok('a.py'), flags: 8, descriptor: { uncompressedSize: 999 } }]),
    code: 'zip.data_descriptor_mismatch',
  },
  { title: 'a missing data descriptor', zip: () => forgeZip([{ ...ok('a.py'), flags: 8, descriptor: 'omit' }]), code: 'zip.data_descriptor_mismatch' },
  // Overlaps, gaps, hidden bytes
  {
    title: 'an overlap bomb: 30 central records on one 1.3 MB kernel (declared sum under 40 MB)',
    zip: () => {
      const kernel = deflated('k.bin', new Uint8Array(1_300_000));
      return forgeZip([kernel, ...Array.from({ length: 29 }, (_, i) => ({ ...kernel, name: `k${i}.bin`, sharesLocalOf: 0 }))]);
    },
    code: 'zip.overlap',
    limits: { maxCompressionRatio: 2000 },
  },
  { title: 'a quoted overlap (local header inside another entry)', zip: quotedOverlap, code: 'zip.overlap', path: 'b.py' },
  { title: 'entry data running into the central directory', zip: () => forgeZip([{ ...ok('a.py', 'abc'), compressedSize: 40, uncompressedSize: 40 }]), code: 'zip.overlap' },
  { title: 'a prefix before the first local header (polyglot)', zip: () => forgeZip([ok('a.py')], { prefix: text('#!/bin/sh\necho hi\n') }), code: 'zip.prefix_data' },
  { title: 'a binary stub before the first local header', zip: () => forgeZip([ok('a.py')], { prefix: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3]) }), code: 'zip.prefix_data' },
  { title: 'a 300-byte shebang line', zip: () => forgeZip([ok('a.py')], { prefix: text(`#!/${'x'.repeat(297)}\n`) }), code: 'zip.prefix_data' },
  { title: 'a prefix before an empty archive', zip: () => forgeZip([], { prefix: text('MZ') }), code: 'zip.prefix_data' },
  {
    title: 'a shebang glued on after zipping (every offset shifted)',
    zip: () => new Uint8Array([...text('#!/usr/bin/env python3\n'), ...forgeZip([ok('a.py')])]),
    code: 'zip.prefix_data',
  },
  { title: 'hidden bytes between entries', zip: () => forgeZip([{ ...ok('a.py'), after: text('hidden') }, ok('b.py')]), code: 'zip.gap' },
  { title: 'hidden bytes before the central directory', zip: () => forgeZip([{ ...ok('a.py'), after: text('hidden') }]), code: 'zip.gap' },
  { title: 'hidden bytes inside the central directory', zip: () => forgeZip([ok('a.py')], { centralTail: text('PK\x01\x02hidden') }), code: 'zip.bad_central_directory' },
  { title: 'hidden bytes before the end record', zip: () => forgeZip([ok('a.py')], { beforeEocd: text('hidden') }), code: 'zip.gap' },
  // Sizes and limits
  { title: 'a stored entry whose sizes differ', zip: () => forgeZip([{ ...ok('a.py', 'abc'), uncompressedSize: 1000 }]), code: 'zip.impossible_size' },
  { title: 'a 1 GB declared size over 1 KB of data', zip: () => forgeZip([{ ...deflated('a.bin', new Uint8Array(1000)), uncompressedSize: 1_000_000_000 }]), code: 'zip.impossible_size' },
  { title: 'an honest 10 MB of zeros (ratio bomb)', zip: () => forgeZip([deflated('zeros.bin', new Uint8Array(10_000_000))]), code: 'zip.ratio_exceeded' },
  { title: 'an entry over maxEntryBytes', zip: () => forgeZip([ok('a.py', 'x'.repeat(2000))]), code: 'zip.entry_too_large', limits: { maxEntryBytes: 1000 } },
  {
    title: 'declared sizes adding up to 45 MB',
    zip: () => {
      const payload = deflateRawSync(new Uint8Array(900_000).fill(7));
      return forgeZip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.bin`, method: 8, payload, crc: 0, uncompressedSize: 900_000 })));
    },
    code: 'zip.too_large_uncompressed',
  },
  { title: '201 files', zip: () => forgeZip(Array.from({ length: 201 }, (_, i) => ok(`f${i}.py`))), code: 'zip.too_many_entries' },
  { title: 'an end record claiming 60,000 entries', zip: () => forgeZip([ok('a.py')], { eocd: { total: 60_000, onDisk: 60_000 } }), code: 'zip.too_many_entries' },
  { title: 'an archive over maxZipBytes', zip: () => new Uint8Array(10_000_001), code: 'zip.too_large' },
  // Encryption and methods
  { title: 'the encryption flag', zip: () => forgeZip([{ ...ok('a.py'), flags: 1 }]), code: 'zip.encrypted' },
  { title: 'strong encryption', zip: () => forgeZip([{ ...ok('a.py'), flags: 0x40 }]), code: 'zip.encrypted' },
  { title: 'compression method 93 (zstd)', zip: () => forgeZip([{ ...ok('a.py'), method: 93 }]), code: 'zip.unsupported_method' },
  // Whole-archive structure
  { title: 'random garbage', zip: () => new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff), code: 'zip.not_a_zip' },
  { title: 'an empty file', zip: () => new Uint8Array(0), code: 'zip.not_a_zip' },
  { title: 'a truncated archive', zip: () => forgeZip([ok('a.py'), ok('b.py')]).subarray(0, 60), code: 'zip.truncated' },
  { title: 'an archive cut inside its end record', zip: () => { const z = forgeZip([ok('a.py')]); return z.subarray(0, z.length - 5); }, code: 'zip.truncated' },
  { title: 'bytes after the end record', zip: () => forgeZip([ok('a.py')], { trailing: text('tail') }), code: 'zip.trailing_data' },
  {
    title: 'a second end record hidden in the comment',
    zip: () => {
      const fake = forgeZip([]).subarray(); // an empty archive is just an end record
      return forgeZip([ok('a.py')], { comment: fake.subarray(0, 22) });
    },
    code: 'zip.ambiguous_eocd',
  },
  { title: 'a multi-disk archive', zip: () => forgeZip([ok('a.py')], { eocd: { disk: 1, cdDisk: 1 } }), code: 'zip.multi_disk' },
  { title: 'an entry on another disk', zip: () => forgeZip([{ ...ok('a.py'), diskStart: 2 }]), code: 'zip.multi_disk' },
  { title: 'an end record deferring to ZIP64', zip: () => forgeZip([ok('a.py')], { eocd: { cdOffset: 0xffffffff } }), code: 'zip.zip64_unsupported' },
  { title: 'a ZIP64 extra field', zip: () => forgeZip([{ ...ok('a.py'), centralExtra: extraField(1, new Uint8Array(16)) }]), code: 'zip.zip64_unsupported' },
  {
    title: 'a ZIP64 locator before the end record',
    zip: () => forgeZip([ok('a.py')], { beforeEocd: new Uint8Array([0x50, 0x4b, 0x06, 0x07, ...new Array<number>(16).fill(0)]) }),
    code: 'zip.zip64_unsupported',
  },
  { title: 'a central directory larger than the file', zip: () => forgeZip([ok('a.py')], { eocd: { cdSize: 5000 } }), code: 'zip.bad_central_directory' },
  {
    title: 'a garbled central record',
    zip: () => {
      const bytes = forgeZip([ok('a.py')]);
      bytes[Buffer.from(bytes).indexOf('PK\x01\x02') + 3] = 0x09;
      return bytes;
    },
    code: 'zip.bad_central_directory',
  },
  { title: 'an end record whose offset is short, as if bytes were prepended', zip: () => forgeZip([ok('a.py')], { eocd: { cdOffset: 0 } }), code: 'zip.prefix_data' },
  // Found only when inflating
  { title: 'a bad CRC-32', zip: () => forgeZip([{ ...ok('a.py'), crc: 0xdeadbeef }]), code: 'zip.crc_mismatch', phase: 'read' },
  { title: 'corrupt deflate data', zip: () => forgeZip([{ name: 'a.py', method: 8, payload: new Uint8Array([0xff, 0xff, 0xff, 0xff]), uncompressedSize: 10 }]), code: 'zip.inflate_failed', phase: 'read' },
  {
    title: 'bytes after the deflate stream inside the entry',
    zip: () => {
      const data = text('hello');
      return forgeZip([{ name: 'a.py', data, method: 8, payload: new Uint8Array([...deflateRawSync(data), 1, 2, 3]) }]);
    },
    code: 'zip.inflate_failed',
    phase: 'read',
  },
  {
    title: 'an entry that inflates to more than declared',
    zip: () => forgeZip([{ ...deflated('a.bin', new Uint8Array(5000).fill(1)), uncompressedSize: 100 }]),
    code: 'zip.size_mismatch',
    phase: 'read',
  },
  {
    title: 'an entry that inflates to less than declared',
    zip: () => forgeZip([{ ...deflated('a.bin', new Uint8Array(50).fill(1)), uncompressedSize: 100 }]),
    code: 'zip.size_mismatch',
    phase: 'read',
  },
];

describe('hostile archives are refused with their own code', () => {
  it('GIVEN the suite THEN it holds at least 25 hostile archives and every code but zip.too_many_problems (tested below)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const covered = new Set<string>(cases.map((c) => c.code));
    expect(Object.keys(ZIP_CODES).filter((code) => !covered.has(code))).toEqual(['zip.too_many_problems']);
  });

  for (const c of cases) {
    it(`GIVEN ${c.title} THEN ${c.code}`, async () => {
      const bytes = c.zip();
      const index = indexZip(bytes, c.limits);
      const full = readZip(bytes, c.limits);
      expect(await readZipAsync(bytes, c.limits, { sha256: true })).toEqual(full);
      if ((c.phase ?? 'index') === 'index') {
        expect(index.diagnostics.map((d) => d.code)).toContain(c.code);
      } else {
        expect(index.diagnostics).toEqual([]);
      }
      expect(full.diagnostics.map((d) => d.code)).toContain(c.code);
      expect(full.files.size).toBe(0);
      for (const d of full.diagnostics) {
        expect(d.severity).toBe('error');
        expect(d.message.length).toBeGreaterThan(0);
        expect(d.path).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
        expect(d.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
      }
      if (c.path !== undefined) {
        expect(full.diagnostics.find((d) => d.code === c.code)?.path).toBe(c.path);
      }
    });
  }
});

describe('all problems at once, with bounded work', () => {
  it('GIVEN three bad entries THEN each is reported in one pass', () => {
    const bytes = forgeZip([ok('../a.py'), { ...ok('b.py'), flags: 1 }, { ...ok('c.py'), externalAttributes: 0o120777 << 16 }, ok('fine.py')]);
    const codes = indexZip(bytes).diagnostics.map((d) => `${d.code}@${d.path}`);
    expect(codes).toEqual(expect.arrayContaining(['zip.path_traversal@../a.py', 'zip.encrypted@b.py', 'zip.symlink@c.py']));
  });

  it('GIVEN 600 bad entries within the entry limits THEN the list stops at MAX_ZIP_DIAGNOSTICS with zip.too_many_problems', () => {
    const bytes = forgeZip(Array.from({ length: 190 }, (_, i) => ({ ...ok(`../${i}\0.py`), flags: 1 })));
    const { diagnostics } = indexZip(bytes);
    expect(diagnostics).toHaveLength(MAX_ZIP_DIAGNOSTICS + 1);
    expect(diagnostics.at(-1)?.code).toBe('zip.too_many_problems');
  });
});

describe('bombs are refused in bounded memory', () => {
  // 1 + 258 × 3,875,969 ≈ 1 GB of zeros in 6.3 MB of DEFLATE.
  const gigabyte = zeroBomb(3_875_969);
  const measure = (run: () => void): { arrayBuffers: number; rss: number } => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    run();
    const after = process.memoryUsage();
    return { arrayBuffers: after.arrayBuffers - before.arrayBuffers, rss: after.rss - before.rss };
  };

  it('GIVEN 1 GB of zeros that declares 1 KB THEN readZip stops one byte past 1 KB', () => {
    const bytes = forgeZip([{ name: 'bomb.bin', method: 8, payload: gigabyte, uncompressedSize: 1024, crc: 0 }]);
    let out: ReturnType<typeof readZip> | undefined;
    const grew = measure(() => {
      out = readZip(bytes);
    });
    expect(out?.diagnostics.map((d) => d.code)).toEqual(['zip.size_mismatch']);
    expect(grew.arrayBuffers).toBeLessThan(4 * 1024 * 1024);
    expect(grew.rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('GIVEN the same bomb THEN readZipAsync stops one byte past 1 KB too', async () => {
    const bytes = forgeZip([{ name: 'bomb.bin', method: 8, payload: gigabyte, uncompressedSize: 1024, crc: 0 }]);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    const out = await readZipAsync(bytes);
    const after = process.memoryUsage();
    expect(out.diagnostics.map((d) => d.code)).toEqual(['zip.size_mismatch']);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(4 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('GIVEN 1 GB of zeros that declares its 1 GB honestly THEN indexZip refuses it before inflating', () => {
    const bytes = forgeZip([{ name: 'bomb.bin', method: 8, payload: gigabyte, uncompressedSize: 1 + 258 * 3_875_969, crc: 0 }]);
    let out: ReturnType<typeof readZip> | undefined;
    const grew = measure(() => {
      out = readZip(bytes);
    });
    expect(out?.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['zip.entry_too_large', 'zip.too_large_uncompressed']));
    expect(grew.arrayBuffers).toBeLessThan(4 * 1024 * 1024);
    expect(grew.rss).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('names that look hostile but are fine', () => {
  it('GIVEN __proto__, constructor and toString entries THEN they read back as ordinary files', () => {
    const out = readZip(forgeZip([ok('__proto__'), ok('constructor'), ok('pkg/toString')]));
    expect(out.diagnostics).toEqual([]);
    expect(new TextDecoder().decode(out.files.get('__proto__'))).toBe('content of __proto__');
    expect(out.files.size).toBe(3);
  });

  it('GIVEN data descriptors with and without signature THEN both are accepted', () => {
    const out = readZip(forgeZip([{ ...ok('a.py'), flags: 8 }, { ...deflated('b.py', text('bbb')), flags: 8, descriptor: { signature: false } }]));
    expect(out.diagnostics).toEqual([]);
    expect(out.files.size).toBe(2);
  });

  it('GIVEN an empty archive THEN it has no entries and no problems', () => {
    expect(readZip(forgeZip([]))).toEqual({ files: new Map(), diagnostics: [] });
  });

  it('GIVEN a shebang line before the records, offsets from the file start THEN it is accepted and reported', () => {
    const bytes = forgeZip([ok('__main__.py')], { prefix: text('#!/usr/bin/env python3\n') });
    expect(indexZip(bytes).shebang).toBe('#!/usr/bin/env python3');
    expect(readZip(bytes).diagnostics).toEqual([]);
    expect(readZip(bytes).shebang).toBe('#!/usr/bin/env python3');
    expect(indexZip(forgeZip([ok('a.py')])).shebang).toBeUndefined();
  });

  it('GIVEN an archive comment THEN it is accepted', () => {
    expect(readZip(forgeZip([ok('a.py')], { comment: text('made by hand') })).diagnostics).toEqual([]);
  });

  it('GIVEN an empty file stored as deflate with no data THEN it reads as empty', () => {
    const out = readZip(forgeZip([{ name: 'e.py', method: 8, payload: new Uint8Array(0) }]));
    expect(out.diagnostics).toEqual([]);
    expect(out.files.get('e.py')).toHaveLength(0);
  });
});

it('GIVEN hasErrors THEN it agrees with the hostile results', () => {
  expect(hasErrors(readZip(forgeZip([ok('../x')])).diagnostics)).toBe(true);
});
