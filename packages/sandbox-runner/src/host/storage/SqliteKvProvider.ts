import type { KvProvider, KvValue } from './KvProvider.js';
import { openDatabase, type SqliteDatabase } from './openDatabase.js';

/**
 * The default KV: one SQLite table keyed by (install_id, key), WAL + synchronous=FULL, so a value is on
 * disk before the guest's `kv.set` is answered. Values are JSON text.
 */
export class SqliteKvProvider implements KvProvider {
  readonly #db: SqliteDatabase;
  readonly #owned: boolean;
  readonly #stmts;

  /** `database` is a path (opened and owned) or an open better-sqlite3 handle shared with the host. */
  constructor(database: string | SqliteDatabase) {
    this.#owned = typeof database === 'string';
    this.#db = typeof database === 'string' ? openDatabase(database) : database;
    this.#db.exec(`CREATE TABLE IF NOT EXISTS kv (
      install_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
      PRIMARY KEY (install_id, key)) WITHOUT ROWID`);
    const db = this.#db;
    this.#stmts = {
      get: db.prepare<[string, string], { value: string }>('SELECT value FROM kv WHERE install_id = ? AND key = ?'),
      set: db.prepare<[string, string, string]>('INSERT INTO kv (install_id, key, value) VALUES (?, ?, ?) ON CONFLICT(install_id, key) DO UPDATE SET value = excluded.value'),
      del: db.prepare<[string, string]>('DELETE FROM kv WHERE install_id = ? AND key = ?'),
      // Prefix ranges as key >= p AND key < p||U+FFFF keep the primary-key index usable (LIKE would not, and treats % and _ specially).
      list: db.prepare<[string, string, string, string, number], { key: string }>('SELECT key FROM kv WHERE install_id = ? AND key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?'),
      count: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM kv WHERE install_id = ? AND key >= ? AND key < ?'),
      wipe: db.prepare<[string]>('DELETE FROM kv WHERE install_id = ?'),
    };
  }

  async get(installId: string, key: string): Promise<KvValue | undefined> {
    const row = this.#stmts.get.get(installId, key);
    return row === undefined ? undefined : (JSON.parse(row.value) as KvValue);
  }

  async getMany(installId: string, keys: readonly string[]): Promise<Map<string, KvValue>> {
    const out = new Map<string, KvValue>();
    for (const key of keys) {
      const row = this.#stmts.get.get(installId, key);
      if (row !== undefined) out.set(key, JSON.parse(row.value) as KvValue);
    }
    return out;
  }

  async set(installId: string, key: string, value: KvValue): Promise<void> {
    this.#stmts.set.run(installId, key, JSON.stringify(value));
  }

  async setMany(installId: string, entries: ReadonlyArray<readonly [string, KvValue]>): Promise<void> {
    // One transaction: all or nothing, one fsync.
    this.#db.transaction(() => {
      for (const [key, value] of entries) this.#stmts.set.run(installId, key, JSON.stringify(value));
    })();
  }

  async delete(installId: string, key: string): Promise<boolean> {
    return this.#stmts.del.run(installId, key).changes > 0;
  }

  async list(installId: string, options: { prefix?: string; limit: number; cursor?: string }): Promise<{ keys: string[]; cursor: string | null }> {
    const prefix = options.prefix ?? '';
    const rows = this.#stmts.list.all(installId, prefix, `${prefix}\uffff`, options.cursor ?? '', options.limit + 1);
    const keys = rows.slice(0, options.limit).map((r) => r.key);
    return { keys, cursor: rows.length > options.limit ? (keys.at(-1) ?? null) : null };
  }

  async count(installId: string, prefix = ''): Promise<number> {
    return this.#stmts.count.get(installId, prefix, `${prefix}\uffff`)?.n ?? 0;
  }

  async wipe(installId: string): Promise<void> {
    this.#stmts.wipe.run(installId);
  }

  async close(): Promise<void> {
    if (this.#owned && this.#db.open) this.#db.close();
  }
}
