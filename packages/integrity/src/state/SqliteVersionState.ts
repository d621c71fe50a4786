import Database from 'better-sqlite3';
import { IntegrityError } from '../IntegrityError.js';
import type { AcceptedRelease, VersionStateStore } from './VersionStateStore.js';

type Db = Database.Database;

/** Accepted versions in an embedded SQLite database (WAL, synchronous=FULL: durable before put returns). */
export class SqliteVersionState implements VersionStateStore {
  readonly #db: Db;
  readonly #owned: boolean;
  readonly #get: Database.Statement<[string], { record: string }>;
  readonly #put: Database.Statement<[string, string]>;

  /** A file path (opened and owned here), `:memory:`, or an open better-sqlite3 database shared with the host. */
  constructor(database: string | Db) {
    this.#owned = typeof database === 'string';
    try {
      this.#db = typeof database === 'string' ? new Database(database) : database;
      if (this.#owned) {
        this.#db.pragma('journal_mode = WAL');
        this.#db.pragma('synchronous = FULL');
      }
      this.#db.exec('CREATE TABLE IF NOT EXISTS maidkit_accepted_releases (plugin_id TEXT PRIMARY KEY, record TEXT NOT NULL) STRICT');
      this.#get = this.#db.prepare('SELECT record FROM maidkit_accepted_releases WHERE plugin_id = ?');
      this.#put = this.#db.prepare('INSERT INTO maidkit_accepted_releases (plugin_id, record) VALUES (?, ?) ON CONFLICT(plugin_id) DO UPDATE SET record = excluded.record');
    } catch (err) {
      throw new IntegrityError('state_store_failed', `cannot open the version state database: ${(err as Error).message}`, { cause: err });
    }
  }

  get(pluginId: string): AcceptedRelease | undefined {
    const row = this.#get.get(pluginId);
    return row ? (JSON.parse(row.record) as AcceptedRelease) : undefined;
  }

  put(release: AcceptedRelease): void {
    this.#put.run(release.pluginId, JSON.stringify(release));
  }

  close(): void {
    if (this.#owned) this.#db.close();
  }
}
