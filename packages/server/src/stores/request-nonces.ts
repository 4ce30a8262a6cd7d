/**
 * The request-nonce replay cache in PostgreSQL, shared by every instance of
 * the service on one database. Recording is one statement: the insert wins
 * when the nonce is new, or when the row left by an earlier use has expired
 * (its timestamp could no longer be accepted); otherwise no row comes back
 * and the request is a replay.
 */
import type { Sql } from 'postgres';
import type { NonceStore } from '../nonce-cache.js';
import { ensureSchema } from './_pg-schema.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS dd_request_nonces (
  key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, nonce))`;

export class PostgresNonceStore implements NonceStore {
  readonly #sql: Sql;
  readonly #ttlMs: number;
  readonly #ready: Promise<void>;

  constructor(sql: Sql, ttlMs: number) {
    this.#sql = sql;
    this.#ttlMs = ttlMs;
    this.#ready = ensureSchema(sql, [SCHEMA]);
  }

  async remember(keyId: string, nonce: string, nowMs: number): Promise<boolean> {
    await this.#ready;
    const rows = await this.#sql`
      INSERT INTO dd_request_nonces VALUES (${keyId}, ${nonce}, ${nowMs + this.#ttlMs})
      ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE dd_request_nonces.expires_at <= ${nowMs}
      RETURNING 1`;
    return rows.length === 1;
  }

  /** Deletes expired nonces; returns how many. */
  async purge(nowMs: number): Promise<number> {
    await this.#ready;
    const r = await this.#sql`DELETE FROM dd_request_nonces WHERE expires_at <= ${nowMs}`;
    return r.count;
  }
}
