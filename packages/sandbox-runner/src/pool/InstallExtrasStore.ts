import type { SqliteDatabase } from '../host/storage/openDatabase.js';
import type { ServerCron } from '../cron/ServerCronScheduler.js';
import type { WorkerIsolation } from './PoolOptions.js';

/** What an install needs beyond its InstallRecord to run pooled: its manifest's server crons and isolation. */
export interface InstallExtras {
  serverCrons: ServerCron[];
  isolation: WorkerIsolation;
}

/** Kept beside the installs table, so `resume()` after a host restart pools and schedules installs as before. */
export class InstallExtrasStore {
  readonly #put;
  readonly #get;
  readonly #del;

  constructor(db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS install_extras (
      install_id TEXT PRIMARY KEY, server_crons TEXT NOT NULL, isolation TEXT NOT NULL CHECK (isolation IN ('pool', 'dedicated')))`);
    this.#put = db.prepare<[string, string, string]>('INSERT OR REPLACE INTO install_extras VALUES (?, ?, ?)');
    this.#get = db.prepare<[string], { server_crons: string; isolation: WorkerIsolation }>('SELECT server_crons, isolation FROM install_extras WHERE install_id = ?');
    this.#del = db.prepare<[string]>('DELETE FROM install_extras WHERE install_id = ?');
  }

  save(installId: string, extras: InstallExtras): void {
    this.#put.run(installId, JSON.stringify(extras.serverCrons), extras.isolation);
  }

  get(installId: string): InstallExtras {
    const row = this.#get.get(installId);
    if (!row) return { serverCrons: [], isolation: 'pool' };
    return { serverCrons: JSON.parse(row.server_crons) as ServerCron[], isolation: row.isolation };
  }

  remove(installId: string): void {
    this.#del.run(installId);
  }
}
