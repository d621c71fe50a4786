/** Any JSON value a plugin stores. */
export type KvValue = null | boolean | number | string | KvValue[] | { [key: string]: KvValue };

/**
 * Durable per-install key/value storage. Every method is namespaced by `installId`; a provider must
 * never let one install see another's keys. Writes resolve only once they are durable (the host
 * acknowledges the guest's `kv.set` after that), so a crash after the reply loses nothing.
 */
export interface KvProvider {
  get(installId: string, key: string): Promise<KvValue | undefined>;
  getMany(installId: string, keys: readonly string[]): Promise<Map<string, KvValue>>;
  set(installId: string, key: string, value: KvValue): Promise<void>;
  setMany(installId: string, entries: ReadonlyArray<readonly [string, KvValue]>): Promise<void>;
  delete(installId: string, key: string): Promise<boolean>;
  /** Keys in lexical order after `cursor` (exclusive), at most `limit`; `cursor` of the page is its last key. */
  list(installId: string, options: { prefix?: string; limit: number; cursor?: string }): Promise<{ keys: string[]; cursor: string | null }>;
  count(installId: string, prefix?: string): Promise<number>;
  /** Removes every key of an install (uninstall). */
  wipe(installId: string): Promise<void>;
  close(): Promise<void>;
}

/** Limits the host enforces before a provider sees anything. */
export const KV_LIMITS = Object.freeze({ maxKeyBytes: 512, maxValueBytes: 256 * 1024, maxListLimit: 1000, maxBatch: 500 });
