export type { ZipEntry, ZipIndex, ZipContents, ZipLimits, InflateResult, ReadZipOptions } from './types.js';
export { ZIP_CODES, type ZipCode } from './codes.js';
export { DEFAULT_ZIP_LIMITS, resolveZipLimits } from './limits.js';
export { indexZip, MAX_ZIP_DIAGNOSTICS } from './indexZip.js';
export { inflateEntry, inflateEntryAsync } from './inflateEntry.js';
export { readZip, readZipAsync } from './readZip.js';
export { crc32 } from './crc32.js';
export {
  validateEntryPath,
  normalizeEntryPath,
  checkPathSet,
  pathCollisionKey,
  findCommonRoot,
  stripCommonRoot,
  MAX_PATH_BYTES,
  MAX_SEGMENT_BYTES,
  MAX_PATH_DEPTH,
} from './paths.js';
export { displayEntryName } from './diagnostic.js';
