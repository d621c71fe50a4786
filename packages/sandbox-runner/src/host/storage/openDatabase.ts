import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SandboxError, SandboxErrorCodes } from '../../errors.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating) a SQLite file in WAL mode with `synchronous=FULL`: a write the host acknowledges
 * has reached the disk, WAL keeps readers from blocking the writer. `:memory:` for throwaway hosts.
 */
export function openDatabase(path: string): SqliteDatabase {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    throw new SandboxError(SandboxErrorCodes.Storage, `cannot open the host database at ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the directory is writable and the file is not a different format',
    });
  }
}
