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

/**
 * Inflates one entry of an archive that `indexZip` accepted, never producing more than its declared size:
 * zlib stops with an error one byte past it (`maxOutputLength`), and the output buffer is sized to the
 * declared size up front, so memory is bounded by the (already limited) declared size. Then checks the
 * actual size and the CRC-32. The entry's own fields are re-checked against the limits, so a forged
 * `ZipEntry` cannot make it allocate more. Stored entries are returned as views into `bytes`.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, limits?: Partial<ZipLimits>): InflateResult {
  const lim = resolveZipLimits(limits);
  const name = entry.name;
  const declared = entry.uncompressedSize;
  if (entry.isDirectory) return { ok: true, data: new Uint8Array(0) };
  if (!Number.isSafeInteger(declared) || declared < 0 || declared > lim.maxEntryBytes) {
    return fail([zipDiagnostic('zip.entry_too_large', name, `The entry declares ${declared} bytes; the limit is ${lim.maxEntryBytes}.`)]);
  }
  const start = entry.dataOffset;
  const end = start + entry.compressedSize;
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(end) || end > bytes.length) {
    return fail([zipDiagnostic('zip.bad_local_header', name, 'The entry data lies outside the archive.')]);
  }
  const src = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (src.length !== declared) {
      return fail([zipDiagnostic('zip.size_mismatch', name, `Stored entry holds ${src.length} bytes, declares ${declared}.`)]);
    }
    data = plain(src);
  } else if (entry.method === 8) {
    if (src.length === 0) {
      // Some writers store an empty file as a deflate entry with no data at all.
      if (declared !== 0) return fail([zipDiagnostic('zip.size_mismatch', name, `Empty deflate data cannot inflate to ${declared} bytes.`)]);
      data = plain(src);
    } else {
      try {
        const { buffer, engine } = zlib.inflateRawSync(src, {
          // One output chunk of declared + 1 bytes: no copying, and one byte of room to notice a lie.
          chunkSize: Math.max(64, declared + 1),
          maxOutputLength: Math.max(1, declared),
          info: true,
        }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        data = plain(buffer);
        if (engine.bytesWritten !== src.length) {
          return fail([
            zipDiagnostic('zip.inflate_failed', name, `The deflate stream ends after ${engine.bytesWritten} of ${src.length} compressed bytes.`),
          ]);
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') {
          return fail([zipDiagnostic('zip.size_mismatch', name, `The entry inflates to more than the ${declared} bytes it declares.`)]);
        }
        return fail([zipDiagnostic('zip.inflate_failed', name, `The deflate data is corrupt: ${(error as Error).message}.`)]);
      }
    }
  } else {
    return fail([zipDiagnostic('zip.unsupported_method', name, `Compression method ${String(entry.method)}.`)]);
  }
  if (data.length !== declared) {
    return fail([zipDiagnostic('zip.size_mismatch', name, `The entry inflates to ${data.length} bytes, declares ${declared}.`)]);
  }
  const actual = crc32(data);
  if (actual !== entry.crc32 >>> 0) {
    return fail([
      zipDiagnostic('zip.crc_mismatch', name, `CRC-32 is ${actual.toString(16).padStart(8, '0')}, declared ${entry.crc32.toString(16).padStart(8, '0')}.`),
    ]);
  }
  return { ok: true, data };
}
