import { IntegrityError } from './IntegrityError.js';
import { compareCodePoints, toBase64, utf8 } from './encoding.js';
import { sha256, sha256Hex } from './sha256.js';

/** One file of a validated bundle: a `/`-separated relative path and its exact bytes. */
export interface BundleFile {
  path: string;
  bytes: Uint8Array;
}

/** A validated file set: a list of files, or a path → bytes map (as `@maidkit/manifest` returns). */
export type BundleFiles = Iterable<BundleFile> | ReadonlyMap<string, Uint8Array>;

export const BUNDLE_DIGEST_PREFIX = 'h1:';
const BUNDLE_DIGEST = /^h1:[A-Za-z0-9+/]{43}=$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// C0/C1 controls and DEL: never part of a name a human could review (and `\n` breaks the h1 lines).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /\p{Cs}/u;
const DRIVE = /^[A-Za-z]:/;

function toList(files: BundleFiles): BundleFile[] {
  if (files instanceof Map) return [...(files as ReadonlyMap<string, Uint8Array>)].map(([path, bytes]) => ({ path, bytes }));
  return [...(files as Iterable<BundleFile>)];
}

/** Why a path is unsafe, or undefined when it is fine. Rejects rather than normalizes (no `../` rewriting). */
export function unsafePathReason(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > 1024) return 'is longer than 1024 characters';
  if (CONTROL.test(path)) return 'contains a control character';
  if (LONE_SURROGATE.test(path)) return 'contains a lone surrogate';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute';
  if (DRIVE.test(path)) return 'starts with a drive letter';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (`//` or a trailing `/`)';
    if (segment === '.' || segment === '..') return `has a \`${segment}\` segment`;
  }
  return undefined;
}

/**
 * Checks a file list before hashing: every path safe, no duplicates — exact, or after NFC + lower
 * casing (`A.py`/`a.py`, NFC/NFD `café`), since such pairs land on one file on common file systems.
 * Returns the files sorted by the UTF-8 bytes of their paths (Go's `sort.Strings` order).
 */
export function checkBundleFiles(files: BundleFiles): BundleFile[] {
  const list = toList(files);
  const seen = new Map<string, string>();
  for (const file of list) {
    if (typeof file.path !== 'string' || !(file.bytes instanceof Uint8Array)) {
      throw new IntegrityError('path_invalid', 'a bundle entry is not a { path: string, bytes: Uint8Array } pair');
    }
    const reason = unsafePathReason(file.path);
    if (reason) throw new IntegrityError('path_invalid', `bundle path ${JSON.stringify(file.path)} ${reason}`, { path: file.path });
    const key = file.path.normalize('NFC').toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      const how = other === file.path ? 'appears twice' : `collides with ${JSON.stringify(other)} after Unicode normalization and case folding`;
      throw new IntegrityError('path_duplicate', `bundle path ${JSON.stringify(file.path)} ${how}`, { path: file.path });
    }
    seen.set(key, file.path);
  }
  // Paths hold no lone surrogates (refused above), so code point order is exactly UTF-8 byte order.
  return list.sort((a, b) => compareCodePoints(a.path, b.path));
}

/**
 * The canonical bundle digest: Go's dirhash `h1:` over the file set, with no prefix.
 * For each file in UTF-8 byte order of its path: `hex(SHA-256(bytes)) + "  " + path + "\n"`; the digest
 * is `"h1:" + base64(SHA-256(all lines))`. Zip order, timestamps, compression, permissions and comments
 * do not enter it; the plugin id and version are bound by the signed statement, not here.
 */
export function bundleDigest(files: BundleFiles): string {
  let lines = '';
  for (const file of checkBundleFiles(files)) lines += `${sha256Hex(file.bytes)}  ${file.path}\n`;
  return BUNDLE_DIGEST_PREFIX + toBase64(sha256(utf8(lines)));
}

/** SHA-256 of the exact archive bytes, lowercase hex: lets a client drop unapproved bytes before parsing. */
export function zipSha256(zipBytes: Uint8Array): string {
  return sha256Hex(zipBytes);
}

export function isBundleDigest(value: unknown): value is string {
  return typeof value === 'string' && BUNDLE_DIGEST.test(value);
}

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}
