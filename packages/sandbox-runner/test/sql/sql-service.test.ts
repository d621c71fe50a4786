import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refusalReason, SqlError, SqlService, type SqlServiceOptions } from '../../src/sql/SqlService.js';

const services: SqlService[] = [];
function service(options: Partial<SqlServiceOptions> = {}): SqlService {
  const s = new SqlService({ dir: mkdtempSync(join(tmpdir(), 'maidkit-sql-')), ...options });
  services.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function refusal(p: Promise<unknown>): Promise<SqlError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SqlError);
  return err as SqlError;
}

describe('SqlService', () => {
  it('runs statements in a private database per install, with positional, named and boolean params', async () => {
    const sql = service();
    await sql.execute('a', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT, done INTEGER)');
    expect(await sql.execute('a', 'INSERT INTO notes (text, done) VALUES (?, ?)', ['hello', true])).toEqual({ changes: 1, last_insert_rowid: 1 });
    await sql.execute('a', 'INSERT INTO notes (text, done) VALUES (:text, :done)', { text: 'again', done: false });
    expect(await sql.query('a', 'SELECT text, done FROM notes ORDER BY id')).toEqual({
      columns: ['text', 'done'],
      rows: [{ text: 'hello', done: 1 }, { text: 'again', done: 0 }],
    });
    // Another install sees none of it, and has its own file.
    expect((await refusal(sql.query('b', 'SELECT * FROM notes'))).message).toMatch(/no such table/);
    expect(sql.fileFor('a')).not.toBe(sql.fileFor('b'));
  });

  it('keeps data across a restart of the service (durable before acknowledged)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-sql-'));
    const first = new SqlService({ dir });
    await first.execute('x', 'CREATE TABLE t (v)');
    await first.execute('x', 'INSERT INTO t VALUES (42)');
    await first.close();
    const second = service({ dir });
    expect((await second.query('x', 'SELECT v FROM t')).rows).toEqual([{ v: 42 }]);
  });

  it('refuses ATTACH, DETACH, VACUUM INTO, pragma writes and transactions however they are dressed', async () => {
    const sql = service();
    for (const statement of [
      "ATTACH DATABASE '/etc/passwd' AS p",
      "/* hi */ attach '/tmp/other.sqlite' as o",
      "-- comment\n  DETACH o",
      "VACUUM INTO '/tmp/copy.sqlite'",
      'PRAGMA writable_schema = 1',
      "PRAGMA main.journal_mode = 'off'",
      'PRAGMA max_page_count = 100000000',
      'BEGIN',
      'SAVEPOINT s',
    ]) {
      expect((await refusal(sql.execute('a', statement))).code, statement).toBe('sql.not_allowed');
    }
    expect(refusalReason('PRAGMA table_info(notes)')).toBeUndefined();
  });

  it('runs only one statement per call and never loads extensions', async () => {
    const sql = service();
    expect((await refusal(sql.query('a', "SELECT 1; ATTACH '/tmp/x' AS x"))).message).toMatch(/more than one statement/);
    expect((await refusal(sql.query('a', "SELECT load_extension('/tmp/evil.so')"))).message).toMatch(/not authorized/);
  });

  it('enforces the size quota with a clear code', async () => {
    const sql = service({ maxBytesPerInstall: 256 * 1024 });
    await sql.execute('q', 'CREATE TABLE blobs (b BLOB)');
    await sql.execute('q', 'INSERT INTO blobs VALUES (randomblob(100000))');
    const err = await refusal(sql.execute('q', 'INSERT INTO blobs VALUES (randomblob(400000))'));
    expect(err.code).toBe('sql.quota_exceeded');
    expect(await sql.size('q')).toBeLessThanOrEqual(256 * 1024);
  });

  it('kills a runaway statement at its deadline and keeps serving afterwards', async () => {
    const sql = service({ statementTimeoutMs: 300 });
    const started = Date.now();
    const err = await refusal(sql.query('a', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'));
    expect(err.code).toBe('sql.timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await sql.query('a', 'SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('caps rows per query, and tells query from execute', async () => {
    const sql = service({ maxRows: 10 });
    const err = await refusal(sql.query('a', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 11) SELECT x FROM c'));
    expect(err.code).toBe('sql.too_many_rows');
    expect((await refusal(sql.query('a', 'CREATE TABLE t (v)'))).code).toBe('sql.not_a_query');
  });

  it('refuses malformed input with clear errors', async () => {
    const sql = service({ maxSqlLength: 50 });
    expect((await refusal(sql.query('a', 'SELECT ' + '1,'.repeat(40) + '1'))).code).toBe('sql.invalid_params');
    expect((await refusal(sql.query('a', 'SELECT ?', [{ nested: true }] as never))).code).toBe('sql.invalid_params');
    expect((await refusal(sql.query('a', 'SELECT ?', [Number.NaN]))).code).toBe('sql.invalid_params');
    expect((await refusal(sql.query('a', 42 as never))).code).toBe('sql.invalid_params');
    expect((await refusal(sql.query('a', '   '))).code).toBe('sql.not_allowed');
    expect((await refusal(sql.query('a', 'SELEC 1'))).code).toBe('sql.not_allowed');
    expect((await refusal(sql.query('a', 'SELECT * FROM'))).code).toBe('sql.error');
  });

  it('drops an install\'s database on uninstall', async () => {
    const sql = service();
    await sql.execute('gone', 'CREATE TABLE t (v)');
    expect(existsSync(sql.fileFor('gone'))).toBe(true);
    await sql.drop('gone');
    expect(existsSync(sql.fileFor('gone'))).toBe(false);
    expect((await refusal(sql.query('gone', 'SELECT * FROM t'))).message).toMatch(/no such table/);
  });
});
