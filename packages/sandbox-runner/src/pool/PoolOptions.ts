/** How installs share workers (PluginHost option `pool`). */
export interface PoolOptions {
  /** Serve installs from pool workers (PROTOCOL.md §2.1 `mode: "pool"`). Default false: one worker per install. */
  enabled: boolean;
  /** Workers per plugin version that installs are spread over (default 4). */
  workersPerVersion: number;
  /** Installs one worker serves at most (default 64). When every worker is full, install is refused (`queue_full`). */
  tenantsPerWorker: number;
}

export const DEFAULT_POOL: Readonly<PoolOptions> = Object.freeze({ enabled: false, workersPerVersion: 4, tenantsPerWorker: 64 });

/** Per plugin: `dedicated` forces one worker per install even when the host pools (the isolation opt-out). */
export type WorkerIsolation = 'pool' | 'dedicated';
