/**
 * Writer thread of SqliteWriter: its own connection to the database file
 * (opened durable, as every connection of the service), one transaction per
 * task. The commit's fsync waits here, not on the event loop.
 */
import { workerData } from 'node:worker_threads';
import { openSqlite } from './_sqlite.js';

export interface SqliteWriterData {
  readonly filename: string;
  /** One INSERT with `?` placeholders, run once per row. */
  readonly insert: string;
  /** file: URL of this module (read by the source-run entry, _tsx-task.mjs). */
  readonly taskModule: string;
}

const data = workerData as SqliteWriterData;
const db = openSqlite(data.filename);
const insert = db.prepare(data.insert);

/** Inserts every row in one transaction; throws (nothing stored) when it cannot commit. */
export default function writeRows(rows: readonly (readonly unknown[])[]): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const r of rows) insert.run(...r);
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  return rows.length;
}
