import Database from 'better-sqlite3';
import { IntegrityError } from '../IntegrityError.js';
import type { PipelineStore, TransitionEvent, VersionRecord, VersionState } from './types.js';

type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS maidkit_plugin_versions (
  plugin_id TEXT NOT NULL,
  version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted', 'pending_review', 'approved', 'rejected', 'yanked')),
  record TEXT NOT NULL,
  bundle BLOB NOT NULL,
  PRIMARY KEY (plugin_id, version)
) STRICT;
CREATE TABLE IF NOT EXISTS maidkit_plugin_transitions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  plugin_id TEXT NOT NULL,
  version TEXT NOT NULL,
  event TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS maidkit_plugin_transitions_by_version ON maidkit_plugin_transitions (plugin_id, version, seq);
-- Defence in depth: even a host that writes SQL by hand cannot edit an approved version or its bytes,
-- and the audit trail is append-only.
CREATE TRIGGER IF NOT EXISTS maidkit_approved_immutable BEFORE UPDATE ON maidkit_plugin_versions
  WHEN OLD.state IN ('approved', 'yanked') AND NOT (OLD.state = 'approved' AND NEW.state = 'yanked')
  BEGIN SELECT RAISE(ABORT, 'maidkit: approved versions are immutable'); END;
CREATE TRIGGER IF NOT EXISTS maidkit_bundle_immutable BEFORE UPDATE OF bundle, plugin_id, version ON maidkit_plugin_versions
  BEGIN SELECT RAISE(ABORT, 'maidkit: a submitted bundle never changes'); END;
CREATE TRIGGER IF NOT EXISTS maidkit_transitions_no_update BEFORE UPDATE ON maidkit_plugin_transitions
  BEGIN SELECT RAISE(ABORT, 'maidkit: the transition log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS maidkit_transitions_no_delete BEFORE DELETE ON maidkit_plugin_transitions
  BEGIN SELECT RAISE(ABORT, 'maidkit: the transition log is append-only'); END;
`;

/**
 * The pipeline in an embedded SQLite database. WAL + synchronous=FULL: a step is on disk before the
 * call returns. Record and event are written in one transaction; the state compare-and-set is the
 * UPDATE's WHERE clause.
 */
export class SqlitePipelineStore implements PipelineStore {
  readonly #db: Db;
  readonly #owned: boolean;
  readonly #stmts;

  constructor(database: string | Db) {
    this.#owned = typeof database === 'string';
    try {
      this.#db = typeof database === 'string' ? new Database(database) : database;
      if (this.#owned) {
        this.#db.pragma('journal_mode = WAL');
        this.#db.pragma('synchronous = FULL');
      }
      this.#db.exec(SCHEMA);
    } catch (err) {
      throw new IntegrityError('state_store_failed', `cannot open the pipeline database: ${(err as Error).message}`, { cause: err });
    }
    const db = this.#db;
    this.#stmts = {
      insert: db.prepare<[string, string, string, string, Uint8Array]>('INSERT INTO maidkit_plugin_versions (plugin_id, version, state, record, bundle) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      event: db.prepare<[string, string, string]>('INSERT INTO maidkit_plugin_transitions (plugin_id, version, event) VALUES (?, ?, ?)'),
      get: db.prepare<[string, string], { record: string }>('SELECT record FROM maidkit_plugin_versions WHERE plugin_id = ? AND version = ?'),
      bundle: db.prepare<[string, string], { bundle: Buffer }>('SELECT bundle FROM maidkit_plugin_versions WHERE plugin_id = ? AND version = ?'),
      listAll: db.prepare<[], { record: string }>('SELECT record FROM maidkit_plugin_versions ORDER BY plugin_id, rowid'),
      listOne: db.prepare<[string], { record: string }>('SELECT record FROM maidkit_plugin_versions WHERE plugin_id = ? ORDER BY rowid'),
      update: db.prepare<[string, string, string, string, string]>('UPDATE maidkit_plugin_versions SET state = ?, record = ? WHERE plugin_id = ? AND version = ? AND state = ?'),
      history: db.prepare<[string, string], { event: string }>('SELECT event FROM maidkit_plugin_transitions WHERE plugin_id = ? AND version = ? ORDER BY seq'),
    };
  }

  create(record: VersionRecord, bundle: Uint8Array, event: TransitionEvent): boolean {
    return this.#db.transaction(() => {
      const inserted = this.#stmts.insert.run(record.pluginId, record.version, record.state, JSON.stringify(record), bundle).changes === 1;
      if (inserted) this.#stmts.event.run(event.pluginId, event.version, JSON.stringify(event));
      return inserted;
    })();
  }

  get(pluginId: string, version: string): VersionRecord | undefined {
    const row = this.#stmts.get.get(pluginId, version);
    return row ? (JSON.parse(row.record) as VersionRecord) : undefined;
  }

  bundle(pluginId: string, version: string): Uint8Array | undefined {
    const row = this.#stmts.bundle.get(pluginId, version);
    return row ? new Uint8Array(row.bundle) : undefined;
  }

  list(pluginId?: string): VersionRecord[] {
    const rows = pluginId === undefined ? this.#stmts.listAll.all() : this.#stmts.listOne.all(pluginId);
    return rows.map((r) => JSON.parse(r.record) as VersionRecord);
  }

  transition(expected: VersionState, next: VersionRecord, event: TransitionEvent): boolean {
    return this.#db.transaction(() => {
      const changed = this.#stmts.update.run(next.state, JSON.stringify(next), next.pluginId, next.version, expected).changes === 1;
      if (changed) this.#stmts.event.run(event.pluginId, event.version, JSON.stringify(event));
      return changed;
    })();
  }

  history(pluginId: string, version: string): TransitionEvent[] {
    return this.#stmts.history.all(pluginId, version).map((r) => JSON.parse(r.event) as TransitionEvent);
  }

  close(): void {
    if (this.#owned) this.#db.close();
  }
}
