import type { Diagnostic } from '../diagnostics.js';
import type { ZipCode } from './codes.js';
import { quoted, zipDiagnostic } from './diagnostic.js';
import { resolveZipLimits } from './limits.js';
import { checkPathSet, validateEntryPath } from './paths.js';
import type { ZipEntry, ZipIndex, ZipLimits } from './types.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
/** DEFLATE cannot do better than 258 bytes per 2 bits: anything above 1032:1 is a lie. */
const DEFLATE_MAX_RATIO = 1032;
/** Entries this small are not ratio-checked: they cannot add up to a bomb under the totals. */
const RATIO_FLOOR = 64 * 1024;
/** Listing stops here; the work per entry is constant, so the pass stays bounded either way. */
export const MAX_ZIP_DIAGNOSTICS = 200;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_HEADERS = 0x2000;
/** Flags that change how an entry is read: the local and central copies must agree on them. */
const FLAGS_THAT_MATTER = FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_STRONG_ENCRYPTION | FLAG_UTF8 | FLAG_MASKED_HEADERS;

const EXTRA_ZIP64 = 0x0001;
const EXTRA_UNICODE_PATH = 0x7075;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** Collects diagnostics up to MAX_ZIP_DIAGNOSTICS, then records that it stopped. */
class Problems {
  readonly list: Diagnostic[] = [];
  private full = false;
  add(d: Diagnostic): void {
    if (this.full) return;
    if (this.list.length >= MAX_ZIP_DIAGNOSTICS) {
      this.full = true;
      this.list.push(zipDiagnostic('zip.too_many_problems', '', `More than ${MAX_ZIP_DIAGNOSTICS} problems; the rest are not listed.`));
      return;
    }
    this.list.push(d);
  }
  error(code: ZipCode, name: string, message: string): void {
    this.add(zipDiagnostic(code, name, message));
  }
}

interface Extra {
  ok: boolean;
  zip64: boolean;
  unicodePath: Uint8Array | undefined;
}

function parseExtra(bytes: Uint8Array, view: DataView, start: number, length: number): Extra {
  const result: Extra = { ok: true, zip64: false, unicodePath: undefined };
  let p = start;
  const end = start + length;
  while (p < end) {
    if (p + 4 > end) return { ...result, ok: false };
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (p + 4 + size > end) return { ...result, ok: false };
    if (id === EXTRA_ZIP64) result.zip64 = true;
    // Info-ZIP Unicode Path: version(1) crc-of-header-name(4) utf-8 name.
    if (id === EXTRA_UNICODE_PATH && size >= 5) result.unicodePath = bytes.subarray(p + 9, p + 4 + size);
    p += 4 + size;
  }
  return result;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function decodeName(raw: Uint8Array, flags: number): { name: string; error?: string } {
  let ascii = true;
  for (let i = 0; i < raw.length; i++) {
    if ((raw[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { name: lossy.decode(raw) };
  try {
    const name = utf8.decode(raw);
    if ((flags & FLAG_UTF8) === 0) {
      return { name, error: 'The name is not ASCII and the UTF-8 flag (bit 11) is not set: its encoding is ambiguous (CP437 or UTF-8).' };
    }
    return { name };
  } catch {
    return { name: lossy.decode(raw), error: 'The name is not valid UTF-8.' };
  }
}

interface EocdFound {
  offset: number;
}

/** Finds the one end-of-central-directory record whose comment reaches exactly the end of the file. */
function findEocd(view: DataView, length: number, problems: Problems): EocdFound | undefined {
  if (length < EOCD_SIZE) {
    problems.error('zip.not_a_zip', '', `The file is ${length} bytes: too short for a zip archive.`);
    return undefined;
  }
  const exact: number[] = [];
  let trailing: number | undefined;
  const lowest = Math.max(0, length - EOCD_SIZE - MAX_COMMENT);
  for (let i = length - EOCD_SIZE; i >= lowest; i--) {
    if (view.getUint32(i, true) !== SIG_EOCD) continue;
    const end = i + EOCD_SIZE + view.getUint16(i + 20, true);
    if (end === length) exact.push(i);
    else if (end < length && trailing === undefined) trailing = i;
  }
  if (exact.length > 1) {
    problems.error('zip.ambiguous_eocd', '', `${exact.length} end-of-central-directory records fit the end of the file.`);
    return undefined;
  }
  const found = exact[0];
  if (found === undefined) {
    if (trailing !== undefined) {
      problems.error('zip.trailing_data', '', `${length - trailing - EOCD_SIZE - view.getUint16(trailing + 20, true)} bytes follow the end-of-central-directory record.`);
    } else if (view.getUint32(0, true) === SIG_LOCAL) {
      problems.error('zip.truncated', '', 'The file starts like a zip archive but has no end record: it is cut short (an incomplete upload or copy?).');
    } else {
      problems.error('zip.not_a_zip', '', 'No end-of-central-directory record: this is not a zip archive.');
    }
    return undefined;
  }
  return { offset: found };
}

interface Parsed {
  entry: ZipEntry;
  rawName: Uint8Array;
  flags: number;
  /** The method as stored (entry.method is narrowed to 0 | 8). */
  method: number;
  /** Byte range [start, end) the entry occupies, local header through data descriptor; end -1 if unknown. */
  end: number;
  ok: boolean;
}

/**
 * Structural pass over a zip held in memory: finds and checks the end record, parses the central
 * directory, checks every entry's local header, names, attributes, declared sizes and byte range. Inflates
 * nothing. Returns every problem found (up to MAX_ZIP_DIAGNOSTICS); `entries` must not be trusted when any is an
 * error. Work is bounded: the archive size and entry count are checked before anything else is read.
 */
export function indexZip(bytes: Uint8Array, limits?: Partial<ZipLimits>): ZipIndex {
  const lim = resolveZipLimits(limits);
  const problems = new Problems();
  const entries: ZipEntry[] = [];
  const result = (): ZipIndex => ({ entries, diagnostics: problems.list });

  if (bytes.length > lim.maxZipBytes) {
    problems.error('zip.too_large', '', `The archive is ${bytes.length} bytes; the limit is ${lim.maxZipBytes}.`);
    return result();
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view, bytes.length, problems);
  if (eocd === undefined) return result();
  const e = eocd.offset;
  const disk = view.getUint16(e + 4, true);
  const cdDisk = view.getUint16(e + 6, true);
  const onDisk = view.getUint16(e + 8, true);
  const total = view.getUint16(e + 10, true);
  const cdSize = view.getUint32(e + 12, true);
  const cdOffset = view.getUint32(e + 16, true);

  if (disk === 0xffff || cdDisk === 0xffff || onDisk === 0xffff || total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    problems.error('zip.zip64_unsupported', '', 'The end record defers to a ZIP64 record.');
    return result();
  }
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) {
    problems.error('zip.multi_disk', '', 'The archive claims to span several disks.');
    return result();
  }
  if (total > lim.maxEntries + lim.maxDirectories) {
    problems.error(
      'zip.too_many_entries',
      '',
      `The archive has ${total} entries; the limit is ${lim.maxEntries} files and ${lim.maxDirectories} directories.`,
    );
    return result();
  }
  const cdEnd = cdOffset + cdSize;
  if (cdEnd > e) {
    problems.error('zip.bad_central_directory', '', 'The central directory runs past the end record.');
    return result();
  }
  if (cdEnd < e) {
    // Something sits between the central directory and the end record: a ZIP64 locator, or hidden bytes.
    // Or every offset is short by the same amount because bytes were prepended after zipping.
    const shift = e - cdEnd;
    if (e >= 20 && view.getUint32(e - 20, true) === SIG_ZIP64_LOCATOR) {
      problems.error('zip.zip64_unsupported', '', 'The archive has a ZIP64 end-of-central-directory locator.');
    } else if (cdSize >= CENTRAL_SIZE && view.getUint32(cdOffset + shift, true) === SIG_CENTRAL) {
      problems.error('zip.prefix_data', '', `${shift} bytes were put in front of the archive after it was made: every offset is off by ${shift}.`);
    } else {
      problems.error('zip.gap', '', `${shift} bytes sit between the central directory and the end record.`);
    }
    return result();
  }
  if (total * CENTRAL_SIZE > cdSize) {
    problems.error('zip.bad_central_directory', '', `${total} entries cannot fit in a ${cdSize}-byte central directory.`);
    return result();
  }

  // Central directory.
  const parsed: Parsed[] = [];
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + CENTRAL_SIZE > cdEnd) {
      problems.error('zip.bad_central_directory', '', `Central directory record ${i} runs past the central directory.`);
      return result();
    }
    if (view.getUint32(p, true) !== SIG_CENTRAL) {
      problems.error('zip.bad_central_directory', '', `Central directory record ${i} has no signature.`);
      return result();
    }
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const next = p + CENTRAL_SIZE + nameLen + extraLen + commentLen;
    if (next > cdEnd) {
      problems.error('zip.bad_central_directory', '', `Central directory record ${i} runs past the central directory.`);
      return result();
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const diskStart = view.getUint16(p + 34, true);
    const external = view.getUint32(p + 38, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    const rawName = bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLen);
    const decoded = decodeName(rawName, flags);
    const name = decoded.name;
    const isDirectory = name.endsWith('/');
    let ok = true;
    const fail = (code: ZipCode, message: string): void => {
      ok = false;
      problems.error(code, name, message);
    };

    if (decoded.error !== undefined) fail('zip.name_encoding', decoded.error);
    for (const d of validateEntryPath(name)) {
      ok = false;
      problems.add(d);
    }
    const extra = parseExtra(bytes, view, p + CENTRAL_SIZE + nameLen, extraLen);
    if (!extra.ok) fail('zip.bad_extra_field', 'The central extra field is malformed.');
    if (extra.zip64 || compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      fail('zip.zip64_unsupported', 'The entry uses ZIP64 fields.');
    }
    if (extra.unicodePath !== undefined && !sameBytes(extra.unicodePath, rawName)) {
      fail('zip.name_mismatch', `A Unicode path extra field names it ${quoted(lossy.decode(extra.unicodePath))}.`);
    }
    if (diskStart !== 0) fail('zip.multi_disk', 'The entry starts on another disk.');
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS)) fail('zip.encrypted', 'The entry is encrypted.');
    if (method !== 0 && method !== 8) fail('zip.unsupported_method', `Compression method ${method}; only 0 (stored) and 8 (deflate) are read.`);

    // Type from the external attributes: Unix mode in the high half, MS-DOS attributes in the low byte.
    const mode = external >>> 16;
    const type = mode & S_IFMT;
    if (mode !== 0 && type !== 0) {
      if (type === S_IFLNK) fail('zip.symlink', 'The entry is a symbolic link.');
      else if (type === S_IFDIR) {
        if (!isDirectory) fail('zip.entry_type_mismatch', 'The attributes say directory, but the name does not end with `/`.');
      } else if (type === S_IFREG) {
        if (isDirectory) fail('zip.entry_type_mismatch', 'The attributes say regular file, but the name ends with `/`.');
      } else fail('zip.special_file', `The entry is a special file (mode ${type.toString(8)}).`);
    }
    if ((external & DOS_DIRECTORY) !== 0 && !isDirectory) {
      fail('zip.entry_type_mismatch', 'The MS-DOS attributes say directory, but the name does not end with `/`.');
    }

    // Declared sizes.
    if (isDirectory) {
      if (uncompressedSize !== 0 || compressedSize > 2) fail('zip.directory_with_data', 'A directory entry declares data.');
    } else {
      if (method === 0 && compressedSize !== uncompressedSize) {
        fail('zip.impossible_size', `Stored entry: compressed size ${compressedSize} ≠ uncompressed size ${uncompressedSize}.`);
      }
      if (method === 8 && uncompressedSize > Math.max(compressedSize, 1) * DEFLATE_MAX_RATIO) {
        fail('zip.impossible_size', `${compressedSize} deflated bytes cannot inflate to ${uncompressedSize}.`);
      }
      if (uncompressedSize > lim.maxEntryBytes) {
        fail('zip.entry_too_large', `The entry declares ${uncompressedSize} bytes; the limit is ${lim.maxEntryBytes}.`);
      }
      if (uncompressedSize > RATIO_FLOOR && uncompressedSize > Math.max(compressedSize, 1) * lim.maxCompressionRatio) {
        fail(
          'zip.ratio_exceeded',
          `Compression ratio ${(uncompressedSize / Math.max(compressedSize, 1)).toFixed(0)}:1; the limit is ${lim.maxCompressionRatio}:1.`,
        );
      }
    }
    parsed.push({
      entry: { name, isDirectory, method: method === 8 ? 8 : 0, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, dataOffset: -1 },
      rawName,
      flags,
      method,
      end: -1,
      ok,
    });
    p = next;
  }
  if (p !== cdEnd) {
    problems.error('zip.bad_central_directory', '', `${cdEnd - p} bytes of the central directory belong to no entry.`);
  }

  // Totals.
  let files = 0;
  let directories = 0;
  let declared = 0;
  for (const { entry } of parsed) {
    if (entry.isDirectory) directories++;
    else {
      files++;
      declared += entry.uncompressedSize;
    }
  }
  if (files > lim.maxEntries) problems.error('zip.too_many_entries', '', `The archive has ${files} files; the limit is ${lim.maxEntries}.`);
  if (directories > lim.maxDirectories) {
    problems.error('zip.too_many_entries', '', `The archive has ${directories} directories; the limit is ${lim.maxDirectories}.`);
  }
  if (declared > lim.maxUncompressedBytes) {
    problems.error('zip.too_large_uncompressed', '', `The files declare ${declared} bytes in all; the limit is ${lim.maxUncompressedBytes}.`);
  }
  for (const d of checkPathSet(parsed.map((x) => x.entry.name))) problems.add(d);

  // Local headers and data descriptors.
  for (const item of parsed) checkLocal(bytes, view, cdOffset, item, problems);

  // Byte ranges must tile [0, cdOffset): no prefix (but a shebang line), no gap, no overlap.
  const ranged = parsed.filter((x) => x.end >= 0).sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  let shebang: string | undefined;
  if (ranged.length === parsed.length) {
    const firstStart = ranged[0]?.entry.localHeaderOffset ?? cdOffset;
    if (firstStart > 0) {
      shebang = shebangLine(bytes.subarray(0, firstStart));
      if (shebang === undefined) problems.error('zip.prefix_data', '', `${firstStart} bytes that are not a shebang line come before the first zip record.`);
    }
    let cursor = firstStart;
    let previous: Parsed | undefined;
    for (const item of ranged) {
      const start = item.entry.localHeaderOffset;
      if (start > cursor) {
        problems.error('zip.gap', item.entry.name, `${start - cursor} bytes between ${quoted(previous?.entry.name ?? '')} and this entry belong to nothing.`);
      } else if (start < cursor && previous !== undefined) {
        problems.error('zip.overlap', item.entry.name, `The entry shares bytes with ${quoted(previous.entry.name)}.`);
      }
      cursor = Math.max(cursor, item.end);
      previous = item;
    }
    if (previous !== undefined && cursor < cdOffset) {
      problems.error('zip.gap', '', `${cdOffset - cursor} bytes between the last entry and the central directory belong to nothing.`);
    }
  }
  for (const item of parsed) entries.push(item.entry);
  const index = result();
  if (shebang !== undefined) index.shebang = shebang;
  return index;
}

/** Longest shebang line accepted before the zip records (Linux reads at most 256 bytes of it). */
const MAX_SHEBANG = 256;

/**
 * The one prefix accepted: a `#!` line ending in `\n`, as Python zip apps (`.pyz`) start with, with offsets
 * counted from the start of the file. Printable text only, so it cannot hide zip records (their signatures
 * hold control bytes). Returns the line without its newline, or undefined.
 */
function shebangLine(prefix: Uint8Array): string | undefined {
  if (prefix.length > MAX_SHEBANG || prefix[0] !== 0x23 || prefix[1] !== 0x21 || prefix[prefix.length - 1] !== 0x0a) return undefined;
  let line: string;
  try {
    line = utf8.decode(prefix.subarray(0, -1));
  } catch {
    return undefined;
  }
  return /[\p{Cc}\p{Cf}]/u.test(line) ? undefined : line;
}

function checkLocal(bytes: Uint8Array, view: DataView, cdOffset: number, item: Parsed, problems: Problems): void {
  const { entry } = item;
  const name = entry.name;
  const at = entry.localHeaderOffset;
  if (at + LOCAL_SIZE > cdOffset || view.getUint32(at, true) !== SIG_LOCAL) {
    problems.error('zip.bad_local_header', name, `No local header at offset ${at}.`);
    return;
  }
  const flags = view.getUint16(at + 6, true);
  const method = view.getUint16(at + 8, true);
  const crc = view.getUint32(at + 14, true);
  const compressed = view.getUint32(at + 18, true);
  const uncompressed = view.getUint32(at + 22, true);
  const nameLen = view.getUint16(at + 26, true);
  const extraLen = view.getUint16(at + 28, true);
  const dataOffset = at + LOCAL_SIZE + nameLen + extraLen;
  if (dataOffset > cdOffset) {
    problems.error('zip.bad_local_header', name, 'The local header runs into the central directory.');
    return;
  }
  const localName = bytes.subarray(at + LOCAL_SIZE, at + LOCAL_SIZE + nameLen);
  if (!sameBytes(localName, item.rawName)) {
    problems.error('zip.name_mismatch', name, `The local header names the entry ${quoted(lossy.decode(localName))}.`);
  }
  if ((flags ^ item.flags) & FLAGS_THAT_MATTER) {
    problems.error('zip.local_header_mismatch', name, `Local flags 0x${flags.toString(16)} ≠ central flags 0x${item.flags.toString(16)}.`);
  }
  if (method !== item.method) {
    problems.error('zip.local_header_mismatch', name, `Local method ${method} ≠ central method ${item.method}.`);
  }
  const extra = parseExtra(bytes, view, at + LOCAL_SIZE + nameLen, extraLen);
  if (!extra.ok) problems.error('zip.bad_extra_field', name, 'The local extra field is malformed.');
  if (extra.zip64 || compressed === 0xffffffff || uncompressed === 0xffffffff) {
    problems.error('zip.zip64_unsupported', name, 'The local header uses ZIP64 fields.');
  }
  if (extra.unicodePath !== undefined && !sameBytes(extra.unicodePath, item.rawName)) {
    problems.error('zip.name_mismatch', name, `A local Unicode path extra field names it ${quoted(lossy.decode(extra.unicodePath))}.`);
  }
  const descriptor = (item.flags & FLAG_DESCRIPTOR) !== 0;
  // With a data descriptor, the local fields may be zero (streamed) or the real values; nothing else.
  const agrees = (local: number, central: number): boolean => local === central || (descriptor && local === 0);
  if (!agrees(crc, entry.crc32) || !agrees(compressed, entry.compressedSize) || !agrees(uncompressed, entry.uncompressedSize)) {
    problems.error(
      'zip.local_header_mismatch',
      name,
      `Local CRC/sizes (${crc.toString(16)}, ${compressed}, ${uncompressed}) ≠ central (${entry.crc32.toString(16)}, ${entry.compressedSize}, ${entry.uncompressedSize}).`,
    );
  }
  const dataEnd = dataOffset + entry.compressedSize;
  if (dataEnd > cdOffset) {
    problems.error('zip.overlap', name, 'The entry data runs into the central directory.');
    return;
  }
  let end = dataEnd;
  if (descriptor) {
    const fits = (n: number): boolean => dataEnd + n <= cdOffset;
    const matches = (o: number): boolean =>
      view.getUint32(o, true) === entry.crc32 &&
      view.getUint32(o + 4, true) === entry.compressedSize &&
      view.getUint32(o + 8, true) === entry.uncompressedSize;
    // The descriptor signature is optional; a CRC can look like it, so try both forms.
    if (fits(16) && view.getUint32(dataEnd, true) === SIG_DESCRIPTOR && matches(dataEnd + 4)) end = dataEnd + 16;
    else if (fits(12) && matches(dataEnd)) end = dataEnd + 12;
    else {
      problems.error('zip.data_descriptor_mismatch', name, 'The data descriptor is missing or disagrees with the central directory.');
      return;
    }
  }
  entry.dataOffset = dataOffset;
  item.end = end;
}
