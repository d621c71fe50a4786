import type { Diagnostic } from '../diagnostics.js';

/** Limits applied before and while inflating. Every field has a safe default (`DEFAULT_ZIP_LIMITS`). */
export interface ZipLimits {
  /** Largest archive accepted, in bytes (default 10 MB). */
  maxZipBytes: number;
  /** Largest sum of uncompressed entry sizes (default 40 MB). */
  maxUncompressedBytes: number;
  /** Most entries (files + directories) accepted (default 200 files; directories are not counted). */
  maxEntries: number;
  /** Largest single entry, uncompressed (default: maxUncompressedBytes). */
  maxEntryBytes: number;
  /**
   * Highest uncompressed:compressed ratio accepted for one entry (default 1000), checked on entries that
   * declare more than 64 KiB (smaller ones cannot add up to a bomb under the totals).
   */
  maxCompressionRatio: number;
  /** Most directory entries accepted, on top of `maxEntries` files (default 500). */
  maxDirectories: number;
}

/** One entry of the central directory, after its structural checks passed. */
export interface ZipEntry {
  /** The entry name as stored (UTF-8 decoded), always with `/` separators. */
  name: string;
  isDirectory: boolean;
  /** 0 = stored, 8 = deflate: the only methods accepted. */
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local file header. */
  localHeaderOffset: number;
  /**
   * Offset of the entry's data (after the local header), known once the local header is checked; -1 when
   * the local header could not be read (the index then has an error diagnostic).
   */
  dataOffset: number;
}

/** The result of the structural pass: nothing is inflated yet. */
export interface ZipIndex {
  entries: ZipEntry[];
  /** Every problem found; when any is an error, `entries` must not be trusted. */
  diagnostics: Diagnostic[];
  /**
   * The `#!` line (without its newline) that precedes the zip records, as in a Python zip app (`.pyz`);
   * absent when the archive starts at offset 0. The only prefix accepted.
   */
  shebang?: string;
}

/**
 * The result of the full pass: every file inflated within limits, size- and CRC-checked. `files` holds
 * regular files only (directory entries are dropped), keyed by entry name, in central-directory order.
 * It is empty whenever `diagnostics` holds an error. Values are plain `Uint8Array`s; stored entries are views into the input bytes (no copy).
 */
export interface ZipContents {
  files: Map<string, Uint8Array>;
  diagnostics: Diagnostic[];
  /** Lowercase hex SHA-256 of each file, same keys and order as `files`, when `{ sha256: true }` was asked. */
  sha256?: Map<string, string>;
  /** The `#!` line before the zip records (a `.pyz` zip app), as in `ZipIndex`. */
  shebang?: string;
}

/** Options of `readZip` / `readZipAsync`. */
export interface ReadZipOptions {
  /** Also compute each file's SHA-256 (for a bundle hash) while reading. Default false. */
  sha256?: boolean;
  /** `readZipAsync` only: entries inflated at once on the thread pool (default: UV_THREADPOOL_SIZE or 4). */
  concurrency?: number;
}

/** The result of inflating one entry: its bytes, or why not. */
export type InflateResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; diagnostics: Diagnostic[] };
