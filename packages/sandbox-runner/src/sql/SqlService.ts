import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sqlChildMain } from './sqlChild.js';

/**
 * `ctx.sql` (capability `storage:sql`): one private SQLite database per install, on the host's disk.
 * Statements run in a child process so a runaway one can be killed at its deadline; the database file
 * is named by a hash of the install id, and a plugin can never name another file (no ATTACH, no
 * VACUUM INTO, no PRAGMA beyond a read-only allow-list, no extension loading).
 */
export interface SqlServiceOptions {
  /** Folder of the per-install database files (created when missing). */
  dir: string;
  /** Size quota per install, in bytes. Default 64 MiB. */
  maxBytesPerInstall?: number;
  /** A statement still running after this long is killed. Default 2 s. */
  statementTimeoutMs?: number;
  /** Most rows one query may return. Default 10,000. */
  maxRows?: number;
  /** Longest SQL text accepted, in characters. Default 100,000. */
  maxSqlLength?: number;
}

export type SqlParams = ReadonlyArray<SqlValue> | Readonly<Record<string, SqlValue>>;
export type SqlValue = string | number | boolean | null;

export interface SqlQueryResult {
  columns: string[];
  rows: Array<Record<string, unknown>>;
}
export interface SqlExecuteResult {
  changes: number;
  last_insert_rowid: number;
}

export const SqlErrorCodes = {
  NotAllowed: 'sql.not_allowed',
  InvalidParams: 'sql.invalid_params',
  NotAQuery: 'sql.not_a_query',
  TooManyRows: 'sql.too_many_rows',
  QuotaExceeded: 'sql.quota_exceeded',
  Timeout: 'sql.timeout',
  Error: 'sql.error',
  Closed: 'sql.closed',
} as const;
export type SqlErrorCode = (typeof SqlErrorCodes)[keyof typeof SqlErrorCodes];

export class SqlError extends Error {
  override readonly name = 'SqlError';
  constructor(
    readonly code: SqlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Statements a plugin may run. Everything else (ATTACH, DETACH, PRAGMA writes, VACUUM [INTO],
// explicit transactions that would outlive the call) is refused before it reaches SQLite.
const ALLOWED_FIRST_WORDS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'WITH', 'CREATE', 'DROP', 'ALTER', 'VALUES', 'EXPLAIN', 'ANALYZE', 'REINDEX', 'PRAGMA']);
const READ_ONLY_PRAGMAS = new Set(['table_info', 'table_xinfo', 'table_list', 'index_list', 'index_info', 'index_xinfo', 'foreign_key_list', 'user_version']);

/** Why a statement is refused, or undefined when it may run. Exported for tests and documentation. */
export function refusalReason(sql: string): string | undefined {
  const text = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, '');
  const first = /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase();
  if (!first) return 'empty or unparseable statement';
  if (!ALLOWED_FIRST_WORDS.has(first)) return `${first} statements are not allowed in a plugin's database`;
  if (first === 'PRAGMA') {
    const m = /^PRAGMA\s+(?:"?main"?\s*\.\s*)?"?([A-Za-z_]+)"?\s*(=)?/i.exec(text);
    if (!m || !READ_ONLY_PRAGMAS.has(m[1]!.toLowerCase()) || m[2] === '=') {
      return `PRAGMA ${m?.[1] ?? ''} is not allowed (read-only pragmas: ${[...READ_ONLY_PRAGMAS].join(', ')})`;
    }
  }
  return undefined;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: SqlError) => void;
  timer: NodeJS.Timeout;
}

export class SqlService {
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRows: number;
  private readonly maxSqlLength: number;
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(options: SqlServiceOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytesPerInstall ?? 64 * 1024 * 1024;
    this.timeoutMs = options.statementTimeoutMs ?? 2_000;
    this.maxRows = options.maxRows ?? 10_000;
    this.maxSqlLength = options.maxSqlLength ?? 100_000;
    mkdirSync(this.dir, { recursive: true });
  }

  /** The database file of an install (it exists once the install has run a statement). */
  fileFor(installId: string): string {
    return join(this.dir, `${createHash('sha256').update(installId).digest('hex').slice(0, 32)}.sqlite`);
  }

  query(installId: string, sql: string, params?: SqlParams): Promise<SqlQueryResult> {
    return this.call('query', installId, sql, params) as Promise<SqlQueryResult>;
  }

  execute(installId: string, sql: string, params?: SqlParams): Promise<SqlExecuteResult> {
    return this.call('execute', installId, sql, params) as Promise<SqlExecuteResult>;
  }

  /** Bytes the install's database occupies. */
  async size(installId: string): Promise<number> {
    const r = (await this.send({ op: 'size', file: this.fileFor(installId) })) as { bytes: number };
    return r.bytes;
  }

  /** Deletes an install's database (on uninstall). */
  async drop(installId: string): Promise<void> {
    const file = this.fileFor(installId);
    if (this.child) await this.send({ op: 'close', file }).catch(() => undefined);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new SqlError(SqlErrorCodes.Closed, 'the SQL service is closed'));
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.disconnect?.();
      setTimeout(() => child.kill('SIGKILL'), 1_000).unref();
      await gone;
    }
  }

  private call(op: 'query' | 'execute', installId: string, sql: string, params: SqlParams | undefined): Promise<unknown> {
    if (typeof sql !== 'string') return Promise.reject(new SqlError(SqlErrorCodes.InvalidParams, 'sql must be a string'));
    if (sql.length > this.maxSqlLength) return Promise.reject(new SqlError(SqlErrorCodes.InvalidParams, `SQL text is ${sql.length} characters; the limit is ${this.maxSqlLength}`));
    const reason = refusalReason(sql);
    if (reason) return Promise.reject(new SqlError(SqlErrorCodes.NotAllowed, reason));
    const problem = checkParams(params);
    if (problem) return Promise.reject(new SqlError(SqlErrorCodes.InvalidParams, problem));
    // SQLite has no boolean: bind true/false as 1/0, as Python's sqlite3 does.
    const bound = params === undefined || params === null ? undefined : Array.isArray(params) ? params.map(toSqlite) : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toSqlite(v)]));
    return this.send({ op, file: this.fileFor(installId), sql, params: bound });
  }

  private send(message: { op: string; file: string; sql?: string; params?: unknown }): Promise<unknown> {
    if (this.closed) return Promise.reject(new SqlError(SqlErrorCodes.Closed, 'the SQL service is closed'));
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // The only way to stop a native statement: end the process. Everything in flight fails with it.
        this.fail(new SqlError(SqlErrorCodes.Timeout, `a statement ran longer than ${this.timeoutMs} ms and was stopped`), id);
        child.kill('SIGKILL');
        if (this.child === child) this.child = undefined;
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ id, maxBytes: this.maxBytes, maxRows: this.maxRows, ...message });
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.connected) return this.child;
    const sqliteModule = createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve('better-sqlite3');
    const child = spawn(process.execPath, ['-e', `(${sqlChildMain.toString()})()`], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { MAIDKIT_SQLITE_MODULE: sqliteModule },
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2_000)));
    child.on('message', (raw) => {
      const m = raw as { id: number; ok: boolean; result?: unknown; error?: { code: SqlErrorCode; message: string } };
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else p.reject(new SqlError(m.error?.code ?? SqlErrorCodes.Error, m.error?.message ?? 'SQL error'));
    });
    child.on('exit', () => {
      // A child killed at a deadline has already failed its requests; only a surprise exit fails them here.
      if (this.child !== child) return;
      this.child = undefined;
      this.fail(new SqlError(SqlErrorCodes.Error, `the SQL worker exited unexpectedly${stderr ? `: ${stderr.trim()}` : ''}`));
    });
    this.child = child;
    return child;
  }

  private fail(error: SqlError, first?: number): void {
    const ids = first === undefined ? [...this.pending.keys()] : [first, ...[...this.pending.keys()].filter((k) => k !== first)];
    for (const id of ids) {
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(id === first || first === undefined ? error : new SqlError(SqlErrorCodes.Timeout, 'interrupted: another statement hit its deadline and the SQL worker was restarted'));
    }
  }
}

function toSqlite(v: SqlValue): string | number | null {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function checkParams(params: unknown): string | undefined {
  if (params === undefined || params === null) return undefined;
  const values = Array.isArray(params) ? params : typeof params === 'object' ? Object.values(params as object) : undefined;
  if (!values) return 'params must be an array (positional ?) or an object (named :name)';
  for (const v of values) {
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) return `unsupported parameter value ${JSON.stringify(v)?.slice(0, 50)}: use strings, numbers, booleans or null`;
    if (typeof v === 'number' && !Number.isFinite(v)) return 'numbers must be finite';
  }
  return undefined;
}
