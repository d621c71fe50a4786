import { createHash } from 'node:crypto';
import { hasErrors } from '../diagnostics.js';
import { indexZip } from './indexZip.js';
import { inflateEntry, inflateEntryAsync } from './inflateEntry.js';
import { resolveZipLimits } from './limits.js';
import type { InflateResult, ReadZipOptions, ZipContents, ZipEntry, ZipIndex, ZipLimits } from './types.js';

const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Puts per-entry results together: files in central-directory order, or none at all if anything failed. */
function assemble(
  index: ZipIndex,
  files: ZipEntry[],
  results: InflateResult[],
  diagnostics: ZipContents['diagnostics'],
  hashes: (string | undefined)[] | undefined,
): ZipContents {
  const out: ZipContents = { files: new Map(), diagnostics };
  if (index.shebang !== undefined) out.shebang = index.shebang;
  for (const r of results) if (!r.ok) diagnostics.push(...r.diagnostics);
  if (hasErrors(diagnostics)) return out;
  const sha = hashes ? new Map<string, string>() : undefined;
  for (const [i, entry] of files.entries()) {
    const r = results[i];
    if (r?.ok) {
      out.files.set(entry.name, r.data);
      sha?.set(entry.name, hashes?.[i] ?? '');
    }
  }
  if (sha) out.sha256 = sha;
  return out;
}

/**
 * Full pass: `indexZip`, then, only if it found no error, inflates every file within its declared size
 * and checks sizes and CRC-32s (optionally hashing each file with SHA-256). Problems in several entries
 * are all reported; `files` is empty whenever there is an error, so a caller cannot use half an archive by
 * mistake. Total output is bounded by `maxUncompressedBytes`: declared sizes are summed before anything is
 * inflated, and no entry may exceed its declared size. Blocks the event loop for the whole archive (about
 * as long as zlib alone takes); servers may prefer `readZipAsync`.
 */
export function readZip(bytes: Uint8Array, limits?: Partial<ZipLimits>, options: ReadZipOptions = {}): ZipContents {
  const lim = resolveZipLimits(limits);
  const index = indexZip(bytes, lim);
  const diagnostics = [...index.diagnostics];
  if (hasErrors(diagnostics)) return { files: new Map(), diagnostics };
  const files = index.entries.filter((e) => !e.isDirectory);
  const results = files.map((e) => inflateEntry(bytes, e, lim));
  const hashes = options.sha256 ? results.map((r) => (r.ok ? sha256Hex(r.data) : undefined)) : undefined;
  return assemble(index, files, results, diagnostics, hashes);
}

/**
 * `readZip` with inflation on libuv's thread pool, a few entries at a time, while the calling thread
 * checks CRC-32s and hashes finished entries: the event loop stays responsive, and on a multi-core
 * machine hashing overlaps inflating. Same checks, same bounds, same result.
 */
export async function readZipAsync(bytes: Uint8Array, limits?: Partial<ZipLimits>, options: ReadZipOptions = {}): Promise<ZipContents> {
  const lim = resolveZipLimits(limits);
  const index = indexZip(bytes, lim);
  const diagnostics = [...index.diagnostics];
  if (hasErrors(diagnostics)) return { files: new Map(), diagnostics };
  const files = index.entries.filter((e) => !e.isDirectory);
  const results: InflateResult[] = new Array<InflateResult>(files.length);
  const hashes: (string | undefined)[] | undefined = options.sha256 ? new Array<string | undefined>(files.length) : undefined;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? (Number(process.env.UV_THREADPOOL_SIZE) || 4)));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const r = await inflateEntryAsync(bytes, files[i] as ZipEntry, lim);
      results[i] = r;
      if (hashes && r.ok) hashes[i] = sha256Hex(r.data);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return assemble(index, files, results, diagnostics, hashes);
}
