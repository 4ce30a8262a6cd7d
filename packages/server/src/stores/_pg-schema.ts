/**
 * Creates tables in PostgreSQL under a transaction-scoped advisory lock:
 * `CREATE TABLE IF NOT EXISTS` is not safe against a concurrent twin (two
 * instances starting together collide on the catalogue's unique index), so
 * instances take turns.
 */
import type { Sql } from 'postgres';

/** Advisory lock key of the service's own tables ("dd-svc" in ASCII). */
const SCHEMA_LOCK = 0x64642d737663;

export async function ensureSchema(sql: Sql, statements: readonly string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`;
    for (const s of statements) await tx.unsafe(s);
  });
}
