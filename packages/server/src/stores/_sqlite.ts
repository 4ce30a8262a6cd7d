/**
 * better-sqlite3 through the few calls this package uses (the package ships
 * no types). Opened durable: WAL with synchronous=FULL, so a committed write
 * survives power loss (SQLite docs, "PRAGMA synchronous").
 */
import { createRequire } from 'node:module';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(p: string): unknown;
  close(): void;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as new (path: string) => SqliteDatabase;

export function openSqlite(path: string): SqliteDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
