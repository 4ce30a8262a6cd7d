/**
 * The slice of better-sqlite3's API this package uses, typed here so the
 * library needs no extra type package. Loaded lazily: PostgreSQL-only users
 * never load the native addon.
 */
import { createRequire } from 'node:module';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(toggle?: boolean): SqliteStatement;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): SqliteDatabase;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): SqliteDatabase;
  readonly inTransaction: boolean;
  readonly open: boolean;
}

type Constructor = new (
  filename: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDatabase;

let driver: Constructor | undefined;

export function openSqlite(filename: string, options?: { readonly?: boolean }): SqliteDatabase {
  driver ??= createRequire(import.meta.url)('better-sqlite3') as Constructor;
  return new driver(filename, options);
}
