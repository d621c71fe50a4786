import * as zlib from 'node:zlib';
import type { Diagnostic } from '../diagnostics.js';
import { crc32 } from './crc32.js';
import { zipDiagnostic } from './diagnostic.js';
import { resolveZipLimits } from './limits.js';
import type { InflateResult, ZipEntry, ZipLimits } from './types.js';

/** A plain Uint8Array view over the same memory (no copy), so callers never see a Buffer subclass. */
function plain(view: Uint8Array): Uint8Array {
  return view.constructor === Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function fail(diagnostics: Diagnostic[]): InflateResult {
  return { ok: false, diagnostics };
}

/** What is left to do for an entry after its fields are checked: nothing (a result), or inflate `src`. */
type Plan = { done: InflateResult } | { src: Uint8Array; options: zlib.ZlibOptions & { info: true } };

/** Re-checks a (possibly forged) entry against the limits and the archive, and settles stored entries. */
function plan(bytes: Uint8Array, entry: ZipEntry, limits?: Partial<ZipLimits>): Plan {
  const lim = resolveZipLimits(limits);
  const name = entry.name;
  const declared = entry.uncompressedSize;
  if (entry.isDirectory) return { done: { ok: true, data: new Uint8Array(0) } };
  if (!Number.isSafeInteger(declared) || declared < 0 || declared > lim.maxEntryBytes) {
    return { done: fail([zipDiagnostic('zip.entry_too_large', name, `The entry declares ${declared} bytes; the limit is ${lim.maxEntryBytes}.`)]) };
  }
  const start = entry.dataOffset;
  const end = start + entry.compressedSize;
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(end) || end > bytes.length) {
    return { done: fail([zipDiagnostic('zip.bad_local_header', name, 'The entry data lies outside the archive.')]) };
  }
  const src = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (src.length !== declared) {
      return { done: fail([zipDiagnostic('zip.size_mismatch', name, `Stored entry holds ${src.length} bytes, declares ${declared}.`)]) };
    }
    return { done: verify(entry, plain(src)) };
  }
  if (entry.method !== 8) {
    return { done: fail([zipDiagnostic('zip.unsupported_method', name, `Compression method ${String(entry.method)}.`)]) };
  }
  if (src.length === 0) {
    // Some writers store an empty file as a deflate entry with no data at all.
    if (declared !== 0) return { done: fail([zipDiagnostic('zip.size_mismatch', name, `Empty deflate data cannot inflate to ${declared} bytes.`)]) };
    return { done: verify(entry, plain(src)) };
  }
  // One output chunk of declared + 1 bytes: no copying, and one byte of room to notice a lie; zlib stops
  // with ERR_BUFFER_TOO_LARGE as soon as the output passes the declared size.
  return { src, options: { chunkSize: Math.max(64, declared + 1), maxOutputLength: Math.max(1, declared), info: true } };
}

function inflated(entry: ZipEntry, src: Uint8Array, buffer: Uint8Array, consumed: number): InflateResult {
  if (consumed !== src.length) {
    return fail([zipDiagnostic('zip.inflate_failed', entry.name, `The deflate stream ends after ${consumed} of ${src.length} compressed bytes.`)]);
  }
  return verify(entry, plain(buffer));
}

function inflateError(entry: ZipEntry, error: unknown): InflateResult {
  if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
    return fail([zipDiagnostic('zip.size_mismatch', entry.name, `The entry inflates to more than the ${entry.uncompressedSize} bytes it declares.`)]);
  }
  return fail([zipDiagnostic('zip.inflate_failed', entry.name, `The deflate data is corrupt: ${(error as Error).message}.`)]);
}

function verify(entry: ZipEntry, data: Uint8Array): InflateResult {
  if (data.length !== entry.uncompressedSize) {
    return fail([zipDiagnostic('zip.size_mismatch', entry.name, `The entry inflates to ${data.length} bytes, declares ${entry.uncompressedSize}.`)]);
  }
  const actual = crc32(data);
  if (actual !== entry.crc32 >>> 0) {
    const hex = (n: number): string => n.toString(16).padStart(8, '0');
    return fail([zipDiagnostic('zip.crc_mismatch', entry.name, `CRC-32 is ${hex(actual)}, declared ${hex(entry.crc32 >>> 0)}.`)]);
  }
  return { ok: true, data };
}

type InflateInfo = { buffer: Buffer; engine: { bytesWritten: number } };

/**
 * Inflates one entry of an archive that `indexZip` accepted, never producing more than its declared size:
 * the output buffer is sized to the declared size up front and zlib stops one byte past it, so memory is
 * bounded by the (already limited) declared size. Then checks that the deflate stream used exactly the
 * entry's compressed bytes, the actual size and the CRC-32. The entry's own fields are re-checked against
 * the limits, so a forged `ZipEntry` cannot make it allocate more. Stored entries are views into `bytes`.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, limits?: Partial<ZipLimits>): InflateResult {
  const p = plan(bytes, entry, limits);
  if ('done' in p) return p.done;
  try {
    const { buffer, engine } = zlib.inflateRawSync(p.src, p.options) as unknown as InflateInfo;
    return inflated(entry, p.src, buffer, engine.bytesWritten);
  } catch (error) {
    return inflateError(entry, error);
  }
}

/**
 * `inflateEntry` on libuv's thread pool: same checks and bounds, without blocking the event loop while
 * zlib runs. The CRC-32 is computed on the calling thread once the output is back.
 */
export function inflateEntryAsync(bytes: Uint8Array, entry: ZipEntry, limits?: Partial<ZipLimits>): Promise<InflateResult> {
  const p = plan(bytes, entry, limits);
  if ('done' in p) return Promise.resolve(p.done);
  return new Promise((resolve) => {
    zlib.inflateRaw(p.src, p.options, (error, result) => {
      if (error) resolve(inflateError(entry, error));
      else {
        const { buffer, engine } = result as unknown as InflateInfo;
        resolve(inflated(entry, p.src, buffer, engine.bytesWritten));
      }
    });
  });
}
