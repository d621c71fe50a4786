import type { SqliteDatabase } from './openDatabase.js';

export type InstallState = 'disabled' | 'enabled';

/** One install as persisted: which plugin, on which server, with which grants, in which state. */
export interface InstallRecord {
  installId: string;
  pluginId: string;
  pluginVersion: string;
  serverId: string;
  /** Host directory the plugin's files were read from. */
  pluginDir: string;
  /** Entry file inside the plugin directory. */
  entry: string;
  /** Capabilities granted on the host (baseline ones included). */
  capabilities: string[];
  state: InstallState;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  install_id: string;
  plugin_id: string;
  plugin_version: string;
  server_id: string;
  plugin_dir: string;
  entry: string;
  capabilities: string;
  state: InstallState;
  created_at: number;
  updated_at: number;
}

/** Install state in SQLite; every write is committed (WAL, synchronous=FULL) before the call returns. */
export class InstallStore {
  readonly #stmts;

  constructor(db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS installs (
      install_id TEXT PRIMARY KEY, plugin_id TEXT NOT NULL, plugin_version TEXT NOT NULL,
      server_id TEXT NOT NULL, plugin_dir TEXT NOT NULL, entry TEXT NOT NULL, capabilities TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('disabled', 'enabled')),
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      UNIQUE (plugin_id, server_id))`);
    this.#stmts = {
      insert: db.prepare<[Row]>(`INSERT INTO installs VALUES (@install_id, @plugin_id, @plugin_version, @server_id, @plugin_dir, @entry, @capabilities, @state, @created_at, @updated_at)`),
      state: db.prepare<[InstallState, number, string]>('UPDATE installs SET state = ?, updated_at = ? WHERE install_id = ?'),
      get: db.prepare<[string], Row>('SELECT * FROM installs WHERE install_id = ?'),
      byPlugin: db.prepare<[string, string], Row>('SELECT * FROM installs WHERE plugin_id = ? AND server_id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM installs ORDER BY created_at, install_id'),
      remove: db.prepare<[string]>('DELETE FROM installs WHERE install_id = ?'),
    };
  }

  insert(record: InstallRecord): void {
    this.#stmts.insert.run({
      install_id: record.installId,
      plugin_id: record.pluginId,
      plugin_version: record.pluginVersion,
      server_id: record.serverId,
      plugin_dir: record.pluginDir,
      entry: record.entry,
      capabilities: JSON.stringify(record.capabilities),
      state: record.state,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    });
  }

  setState(installId: string, state: InstallState): void {
    this.#stmts.state.run(state, Date.now(), installId);
  }

  get(installId: string): InstallRecord | undefined {
    const row = this.#stmts.get.get(installId);
    return row && fromRow(row);
  }

  find(pluginId: string, serverId: string): InstallRecord | undefined {
    const row = this.#stmts.byPlugin.get(pluginId, serverId);
    return row && fromRow(row);
  }

  list(): InstallRecord[] {
    return this.#stmts.all.all().map(fromRow);
  }

  remove(installId: string): void {
    this.#stmts.remove.run(installId);
  }
}

function fromRow(row: Row): InstallRecord {
  return {
    installId: row.install_id,
    pluginId: row.plugin_id,
    pluginVersion: row.plugin_version,
    serverId: row.server_id,
    pluginDir: row.plugin_dir,
    entry: row.entry,
    capabilities: JSON.parse(row.capabilities) as string[],
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
