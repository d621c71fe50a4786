import { hasErrors } from '../diagnostics.js';
import { indexZip } from './indexZip.js';
import { inflateEntry } from './inflateEntry.js';
import { resolveZipLimits } from './limits.js';
import type { ZipContents, ZipLimits } from './types.js';

/**
 * Full pass: `indexZip`, then, only if it found no error, inflates every file within its declared size
 * and checks sizes and CRC-32s. Problems in several entries are all reported; `files` is empty whenever
 * there is an error, so a caller cannot use half an archive by mistake. Total output is bounded by
 * `maxUncompressedBytes` (declared sizes are summed before anything is inflated, and no entry may exceed
 * its declared size).
 */
export function readZip(bytes: Uint8Array, limits?: Partial<ZipLimits>): ZipContents {
  const lim = resolveZipLimits(limits);
  const index = indexZip(bytes, lim);
  const diagnostics = [...index.diagnostics];
  const files = new Map<string, Uint8Array>();
  if (hasErrors(diagnostics)) return { files, diagnostics };
  for (const entry of index.entries) {
    if (entry.isDirectory) continue;
    const result = inflateEntry(bytes, entry, lim);
    if (result.ok) files.set(entry.name, result.data);
    else diagnostics.push(...result.diagnostics);
  }
  if (hasErrors(diagnostics)) files.clear();
  return { files, diagnostics };
}
