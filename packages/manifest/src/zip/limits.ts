import type { ZipLimits } from './types.js';

/** The limits of issue 2: 10 MB zipped, 40 MB unzipped, 200 files. Frozen: copy it to change it. */
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxZipBytes: 10_000_000,
  maxUncompressedBytes: 40_000_000,
  maxEntries: 200,
  maxEntryBytes: 40_000_000,
  maxCompressionRatio: 1000,
  maxDirectories: 500,
});

/**
 * Fills the missing fields from the defaults. `maxEntryBytes` defaults to `maxUncompressedBytes` when only
 * the latter is given. Non-finite or negative values are refused with a RangeError, since a NaN limit would
 * silently disable its check.
 */
export function resolveZipLimits(partial: Partial<ZipLimits> = {}): ZipLimits {
  const limits: ZipLimits = {
    ...DEFAULT_ZIP_LIMITS,
    ...(partial.maxUncompressedBytes !== undefined && partial.maxEntryBytes === undefined
      ? { maxEntryBytes: partial.maxUncompressedBytes }
      : {}),
  };
  for (const key of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`zip limit ${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}
