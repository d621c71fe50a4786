/**
 * The body of the SQL child process. It is serialised with `Function.prototype.toString` and run with
 * `node -e`, so it must be self-contained: no imports, no closures, only `require` of the SQLite module
 * whose absolute path the parent passes in `MAIDKIT_SQLITE_MODULE`.
 *
 * Why a separate process: better-sqlite3 runs statements synchronously in native code and cannot be
 * interrupted, so a runaway query (an unbounded recursive CTE) would freeze whatever thread runs it. In
 * a child process the host can always end it with SIGKILL.
 */
export function sqlChildMain(): void {
  type Msg = { id: number; op: 'query' | 'execute' | 'close' | 'size'; file: string; maxBytes: number; maxRows: number; sql?: string; params?: unknown };
  interface Db {
    prepare(sql: string): { reader: boolean; raw(on: boolean): { all(...p: unknown[]): unknown[][]; iterate(...p: unknown[]): Iterable<unknown[]> }; columns(): Array<{ name: string }>; run(...p: unknown[]): { changes: number; lastInsertRowid: number | bigint } };
    pragma(text: string, opts?: { simple: boolean }): unknown;
    close(): void;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require(process.env.MAIDKIT_SQLITE_MODULE as string) as new (file: string) => Db;
  const open = new Map<string, Db>();
  const send = (m: unknown) => (process as unknown as { send: (m: unknown) => void }).send(m);

  function db(file: string, maxBytes: number): Db {
    let d = open.get(file);
    if (!d) {
      d = new Database(file);
      d.pragma('journal_mode = WAL');
      d.pragma('synchronous = FULL'); // durable before acknowledged
      d.pragma('trusted_schema = OFF');
      d.pragma('foreign_keys = ON');
      const pageSize = Number(d.pragma('page_size', { simple: true }));
      // The quota: SQLite refuses to grow the file past this many pages (SQLITE_FULL).
      d.pragma(`max_page_count = ${Math.max(8, Math.floor(maxBytes / pageSize))}`);
      open.set(file, d);
    }
    return d;
  }
  const args = (params: unknown): unknown[] => (params === undefined || params === null ? [] : Array.isArray(params) ? params : [params]);

  process.on('message', (raw: unknown) => {
    const m = raw as Msg;
    try {
      if (m.op === 'close') {
        open.get(m.file)?.close();
        open.delete(m.file);
        send({ id: m.id, ok: true, result: {} });
        return;
      }
      const d = db(m.file, m.maxBytes);
      if (m.op === 'size') {
        const pages = Number(d.pragma('page_count', { simple: true }));
        send({ id: m.id, ok: true, result: { bytes: pages * Number(d.pragma('page_size', { simple: true })) } });
        return;
      }
      const stmt = d.prepare(m.sql as string); // one statement only: better-sqlite3 refuses more
      if (m.op === 'query') {
        if (!stmt.reader) {
          send({ id: m.id, ok: false, error: { code: 'sql.not_a_query', message: 'this statement returns no rows: use sql.execute' } });
          return;
        }
        const columns = stmt.columns().map((c) => c.name);
        const rows: unknown[] = [];
        for (const row of stmt.raw(true).iterate(...args(m.params))) {
          if (rows.length >= m.maxRows) {
            send({ id: m.id, ok: false, error: { code: 'sql.too_many_rows', message: `the query returns more than ${m.maxRows} rows: add a LIMIT` } });
            return;
          }
          rows.push(Object.fromEntries(columns.map((c, i) => [c, row[i]])));
        }
        send({ id: m.id, ok: true, result: { columns, rows } });
      } else {
        const r = stmt.run(...args(m.params));
        send({ id: m.id, ok: true, result: { changes: r.changes, last_insert_rowid: Number(r.lastInsertRowid) } });
      }
    } catch (e) {
      const err = e as { code?: string; message?: string };
      const code = err.code === 'SQLITE_FULL' ? 'sql.quota_exceeded' : 'sql.error';
      send({ id: m.id, ok: false, error: { code, message: String(err.message ?? e), sqlite: err.code } });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
