import type { BundleFile } from './types.js';

/**
 * The files of a bundle as the layout checks see them: every listed path with its size, and the bytes
 * of those that were read. After a full read every file has bytes; in `structure` depth only the
 * metadata files do, so checks that need code (hooks, handlers, URLs) see nothing to check.
 */
export class FileTable {
  private readonly sizes: Map<string, number>;

  constructor(
    readonly list: readonly BundleFile[],
    readonly bytes: ReadonlyMap<string, Uint8Array>,
  ) {
    this.sizes = new Map(list.map((f) => [f.path, f.size]));
  }

  static of(bytes: ReadonlyMap<string, Uint8Array>): FileTable {
    return new FileTable([...bytes].map(([path, b]) => ({ path, size: b.byteLength })), bytes);
  }

  /** Whether the bundle lists the path (read or not). */
  has(path: string): boolean {
    return this.sizes.has(path);
  }

  /** The bytes of a path, when they were read. */
  get(path: string): Uint8Array | undefined {
    return this.bytes.get(path);
  }

  size(path: string): number | undefined {
    return this.sizes.get(path);
  }

  paths(): string[] {
    return this.list.map((f) => f.path);
  }
}
