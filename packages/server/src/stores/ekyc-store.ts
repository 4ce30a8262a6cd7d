/**
 * Persistence for the eKYC routes: active-authentication challenges (single
 * use, short-lived) and verification reports for GET /v1/ekyc/verifications/:id.
 * Reports are stored masked — full personal data is returned once, to clients
 * allowed to see it, and never kept. Each record belongs to one client key.
 * The caller owns the database connection and closes it.
 */
import type { Sql } from 'postgres';
import { ensureSchema } from './_pg-schema.js';
import type { SqliteDatabase } from './_sqlite.js';
import { SqliteWriter } from './_sqlite-writer.js';

export interface StoredChallenge {
  readonly id: string;
  readonly clientId: string;
  readonly nonce: Uint8Array;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

export interface StoredVerification {
  readonly id: string;
  readonly clientId: string;
  readonly createdAt: string;
  /** The masked report (a JSON value). */
  readonly report: unknown;
  /** The masked report already serialised (JSON.stringify of it); when given, it is stored as is. */
  readonly reportJson?: string;
}

const INSERT_VERIFICATION = 'INSERT INTO dd_ekyc_verifications VALUES (?, ?, ?, ?)';

const reportText = (v: StoredVerification): string => v.reportJson ?? JSON.stringify(v.report);

export interface EkycStore {
  putChallenge(c: StoredChallenge): Promise<void>;
  /** Removes and returns the challenge (single use); undefined when unknown or another client's. */
  takeChallenge(clientId: string, id: string): Promise<StoredChallenge | undefined>;
  /** Deletes challenges that expired before `nowMs` and were never taken; returns how many. */
  purgeChallenges(nowMs: number): Promise<number>;
  /** Stores the reports in one transaction. */
  putVerifications(list: readonly StoredVerification[]): Promise<void>;
  getVerification(clientId: string, id: string): Promise<StoredVerification | undefined>;
  ping(): Promise<boolean>;
}

export class MemoryEkycStore implements EkycStore {
  readonly #challenges = new Map<string, StoredChallenge>();
  readonly #verifications = new Map<string, StoredVerification>();

  async putChallenge(c: StoredChallenge): Promise<void> {
    this.#challenges.set(c.id, c);
  }
  async takeChallenge(clientId: string, id: string): Promise<StoredChallenge | undefined> {
    const c = this.#challenges.get(id);
    if (c === undefined || c.clientId !== clientId) return undefined;
    this.#challenges.delete(id);
    return c;
  }
  async purgeChallenges(nowMs: number): Promise<number> {
    let n = 0;
    for (const [id, c] of this.#challenges)
      if (c.expiresAt < nowMs) {
        this.#challenges.delete(id);
        n++;
      }
    return n;
  }
  async putVerifications(list: readonly StoredVerification[]): Promise<void> {
    for (const v of list)
      this.#verifications.set(v.id, {
        id: v.id,
        clientId: v.clientId,
        createdAt: v.createdAt,
        report: v.reportJson === undefined ? v.report : JSON.parse(v.reportJson),
      });
  }
  async getVerification(clientId: string, id: string): Promise<StoredVerification | undefined> {
    const v = this.#verifications.get(id);
    return v?.clientId === clientId ? v : undefined;
  }
  async ping(): Promise<boolean> {
    return true;
  }
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS dd_ekyc_challenges (
     id TEXT PRIMARY KEY, client_id TEXT NOT NULL, nonce_b64 TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dd_ekyc_verifications (
     id TEXT PRIMARY KEY, client_id TEXT NOT NULL, created_at TEXT NOT NULL, report TEXT NOT NULL)`,
];

interface ChallengeRow {
  id: string;
  client_id: string;
  nonce_b64: string;
  expires_at: number | string;
}
interface VerificationRow {
  id: string;
  client_id: string;
  created_at: string;
  report: string;
}

const challengeOf = (r: ChallengeRow): StoredChallenge => ({
  id: r.id,
  clientId: r.client_id,
  nonce: Buffer.from(r.nonce_b64, 'base64'),
  expiresAt: Number(r.expires_at),
});
const verificationOf = (r: VerificationRow): StoredVerification => ({
  id: r.id,
  clientId: r.client_id,
  createdAt: r.created_at,
  report: JSON.parse(r.report),
});

export class SqliteEkycStore implements EkycStore {
  readonly #db: SqliteDatabase;
  readonly #insertChallenge;
  readonly #takeChallenge;
  readonly #purgeChallenges;
  readonly #insertVerification;
  readonly #getVerification;
  #pending: Array<{
    list: readonly StoredVerification[];
    resolve: () => void;
    reject: (e: unknown) => void;
  }> = [];

  readonly #writer: SqliteWriter | undefined;

  /**
   * @param writerFile the database file of `db`: verification records are then committed on a writer
   *   thread with its own connection (see _sqlite-writer.ts); without it, on this connection.
   */
  constructor(db: SqliteDatabase, opts: { readonly writerFile?: string } = {}) {
    this.#db = db;
    for (const s of SCHEMA) db.exec(s);
    this.#writer =
      opts.writerFile === undefined ? undefined : new SqliteWriter(opts.writerFile, INSERT_VERIFICATION);
    this.#insertChallenge = db.prepare('INSERT INTO dd_ekyc_challenges VALUES (?, ?, ?, ?)');
    this.#takeChallenge = db.prepare(
      'DELETE FROM dd_ekyc_challenges WHERE id = ? AND client_id = ? RETURNING *',
    );
    this.#purgeChallenges = db.prepare('DELETE FROM dd_ekyc_challenges WHERE expires_at < ?');
    this.#insertVerification = db.prepare(INSERT_VERIFICATION);
    this.#getVerification = db.prepare('SELECT * FROM dd_ekyc_verifications WHERE id = ? AND client_id = ?');
  }

  async putChallenge(c: StoredChallenge): Promise<void> {
    this.#insertChallenge.run(c.id, c.clientId, Buffer.from(c.nonce).toString('base64'), c.expiresAt);
  }
  async takeChallenge(clientId: string, id: string): Promise<StoredChallenge | undefined> {
    const row = this.#takeChallenge.get(id, clientId) as ChallengeRow | undefined;
    return row === undefined ? undefined : challengeOf(row);
  }
  async purgeChallenges(nowMs: number): Promise<number> {
    return this.#purgeChallenges.run(nowMs).changes;
  }
  /**
   * Group commit: writes arriving in the same event-loop turn share one
   * transaction (one fsync under synchronous=FULL); each caller resolves only
   * after that commit.
   */
  putVerifications(list: readonly StoredVerification[]): Promise<void> {
    if (list.length === 0) return Promise.resolve();
    if (this.#writer !== undefined)
      return this.#writer.write(list.map((v) => [v.id, v.clientId, v.createdAt, reportText(v)]));
    return new Promise((resolve, reject) => {
      this.#pending.push({ list, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#pending.splice(0);
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      for (const { list } of batch)
        for (const v of list) this.#insertVerification.run(v.id, v.clientId, v.createdAt, reportText(v));
      this.#db.exec('COMMIT');
    } catch (e) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      for (const p of batch) p.reject(e);
      return;
    }
    for (const p of batch) p.resolve();
  }

  async getVerification(clientId: string, id: string): Promise<StoredVerification | undefined> {
    const row = this.#getVerification.get(id, clientId) as VerificationRow | undefined;
    return row === undefined ? undefined : verificationOf(row);
  }
  async ping(): Promise<boolean> {
    return this.#db.open;
  }
  /** Stops the writer thread (after its last commit); the caller closes the database. */
  async close(): Promise<void> {
    await this.#writer?.close();
  }
}

export class PostgresEkycStore implements EkycStore {
  readonly #sql: Sql;
  readonly #ready: Promise<void>;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.#ready = ensureSchema(sql, SCHEMA);
  }

  async putChallenge(c: StoredChallenge): Promise<void> {
    await this.#ready;
    await this
      .#sql`INSERT INTO dd_ekyc_challenges VALUES (${c.id}, ${c.clientId}, ${Buffer.from(c.nonce).toString('base64')}, ${c.expiresAt})`;
  }
  async takeChallenge(clientId: string, id: string): Promise<StoredChallenge | undefined> {
    await this.#ready;
    const rows = await this.#sql<ChallengeRow[]>`
      DELETE FROM dd_ekyc_challenges WHERE id = ${id} AND client_id = ${clientId} RETURNING *`;
    return rows[0] === undefined ? undefined : challengeOf(rows[0]);
  }
  async purgeChallenges(nowMs: number): Promise<number> {
    await this.#ready;
    const r = await this.#sql`DELETE FROM dd_ekyc_challenges WHERE expires_at < ${nowMs}`;
    return r.count;
  }
  async putVerifications(list: readonly StoredVerification[]): Promise<void> {
    await this.#ready;
    if (list.length === 0) return;
    // One multi-row INSERT: every row of the batch is stored, or none.
    const rows = list.map((v) => ({
      id: v.id,
      client_id: v.clientId,
      created_at: v.createdAt,
      report: reportText(v),
    }));
    await this.#sql`INSERT INTO dd_ekyc_verifications ${this.#sql(rows)}`;
  }
  async getVerification(clientId: string, id: string): Promise<StoredVerification | undefined> {
    await this.#ready;
    const rows = await this.#sql<VerificationRow[]>`
      SELECT * FROM dd_ekyc_verifications WHERE id = ${id} AND client_id = ${clientId}`;
    return rows[0] === undefined ? undefined : verificationOf(rows[0]);
  }
  async ping(): Promise<boolean> {
    await this.#ready;
    await this.#sql`SELECT 1`;
    return true;
  }
}
