import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { HttpProxy, type HttpProxyOptions } from '../proxy/HttpProxy.js';
import { SqlService, type SqlServiceOptions } from '../sql/SqlService.js';
import type { SqliteDatabase } from '../host/storage/openDatabase.js';

/** What an install needs beyond its grants, from its manifest: kept with the install (survives a host restart). */
export interface InstallManifestFacts {
  /** Normalized `proxy_domains_requested` (the HTTP allow-list). */
  proxyDomains: readonly string[];
  /** Dashboard handler name → the widget types it serves (`form_save` for a form's save_method), from dashboard_manifest.json. */
  dashboardWidgets: Readonly<Record<string, readonly string[]>>;
}

export interface InstallServicesOptions {
  /** `PluginHostOptions.database`: SQL databases go in `<database>.sql/` beside it (a temp folder for `:memory:`). */
  database: string;
  sql?: (Partial<SqlServiceOptions> & { dir?: string }) | false;
  http?: Omit<HttpProxyOptions, 'allowedDomains'>;
}

/**
 * The per-install storage and outside-access services a PluginHost wires in: `ctx.sql` (one SQLite file
 * per install under the host's data folder, dropped on uninstall) and `ctx.http` (a proxy per install,
 * allow-listed by its manifest), plus the manifest facts they need, persisted in the host database.
 */
export class InstallServices {
  readonly sql: SqlService | undefined;
  readonly #http: Omit<HttpProxyOptions, 'allowedDomains'>;
  readonly #proxies = new Map<string, HttpProxy | null>();
  readonly #stmts;
  readonly #tempDir: string | undefined;

  constructor(db: SqliteDatabase, options: InstallServicesOptions) {
    db.exec(`CREATE TABLE IF NOT EXISTS install_manifest_facts (install_id TEXT PRIMARY KEY, facts TEXT NOT NULL)`);
    this.#stmts = {
      put: db.prepare<[string, string]>('INSERT OR REPLACE INTO install_manifest_facts VALUES (?, ?)'),
      get: db.prepare<[string], { facts: string }>('SELECT facts FROM install_manifest_facts WHERE install_id = ?'),
      remove: db.prepare<[string]>('DELETE FROM install_manifest_facts WHERE install_id = ?'),
    };
    this.#http = options.http ?? {};
    if (options.sql !== false) {
      let dir = options.sql?.dir;
      if (!dir) {
        if (options.database === ':memory:') dir = this.#tempDir = mkdtempSync(join(tmpdir(), 'maidkit-sql-'));
        else dir = join(dirname(resolve(options.database)), `${basename(options.database)}.sql`);
      }
      this.sql = new SqlService({ ...options.sql, dir });
    }
  }

  remember(installId: string, facts: InstallManifestFacts): void {
    this.#stmts.put.run(installId, JSON.stringify(facts));
    this.#proxies.delete(installId);
  }

  facts(installId: string): InstallManifestFacts {
    const row = this.#stmts.get.get(installId);
    if (!row) return { proxyDomains: [], dashboardWidgets: {} };
    return JSON.parse(row.facts) as InstallManifestFacts;
  }

  /** The install's HTTP proxy, or undefined when its manifest allow-lists no domain. */
  proxy(installId: string): HttpProxy | undefined {
    let proxy = this.#proxies.get(installId);
    if (proxy === undefined) {
      const domains = this.facts(installId).proxyDomains;
      proxy = domains.length > 0 ? new HttpProxy({ ...this.#http, allowedDomains: domains }) : null;
      this.#proxies.set(installId, proxy);
    }
    return proxy ?? undefined;
  }

  /** On uninstall: the install's database file and its facts go. */
  async forget(installId: string): Promise<void> {
    this.#proxies.delete(installId);
    this.#stmts.remove.run(installId);
    await this.sql?.drop(installId);
  }

  async close(): Promise<void> {
    await this.sql?.close();
    if (this.#tempDir) rmSync(this.#tempDir, { recursive: true, force: true });
  }
}
