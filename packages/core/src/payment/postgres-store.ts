/**
 * PostgreSQL adapter (`postgres`, porsager). Several service instances may
 * share one database: each operation is one READ COMMITTED transaction that
 * takes transaction-scoped advisory locks on its idempotency key (try-lock:
 * a second instance working on the same key gets the in-flight conflict) and
 * on the payer (so running totals cannot race), and `SELECT … FOR UPDATE` on
 * the payment it changes. A commit returns after the WAL is flushed
 * (PostgreSQL's default synchronous_commit=on). Serialisation failures and
 * deadlocks are retried a few times; other failures roll everything back.
 */
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import type { DinhdanhError } from '../errors/index.js';
import { payError } from './_errors.js';
import {
  fromIdempotencyRow,
  fromPaymentRow,
  type IdempotencyRow,
  type PaymentRow,
  responseJson,
  storedDoc,
} from './_rows.js';
import type { Journal, LedgerCheck } from './ledger.js';
import { POSTGRES_MIGRATIONS, pendingMigrations } from './migrations.js';
import type { MovementRow, PaymentStore, ReconciliationRow, StoredPayment, StoreTx } from './store.js';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/db */
  readonly url: string;
  /** Schema holding the tables (created if absent). Default `public`. */
  readonly schema?: string;
  /** Pool size. Default 10. */
  readonly max?: number;
}

type Sql = postgres.Sql;
type TxSql = postgres.TransactionSql;

/** A 64-bit advisory-lock id from a namespaced string (collisions only over-serialise). */
const lockId = (text: string): string =>
  createHash('sha256').update(text).digest().readBigInt64BE(0).toString();

const RETRYABLE = new Set(['40001', '40P01']);
const MIGRATION_LOCK = lockId('dinhdanh:payment:migrations');

const num = (v: unknown): number => Number(v ?? 0);

/** Driver codes for a lost or refused connection, and SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention), 58 (system). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * The typed error for a database that cannot be reached or cannot commit. The
 * transaction did not commit — or, if the connection dropped during COMMIT,
 * its outcome is unknown; either way the client retries with the same
 * idempotency key and gets exactly one result.
 */
function unavailable(e: unknown): DinhdanhError | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !(CONNECTION_CODES.has(code) || /^(08|53|57|58)/.test(code)))
    return undefined;
  return payError(
    'DD_PAY_STORE_UNAVAILABLE',
    'the database is unavailable; the operation was not committed',
    {
      reason: code,
    },
  );
}

function txApi(sql: TxSql): StoreTx {
  const tx: StoreTx = {
    async tryLockKey(clientId, key) {
      const [r] =
        await sql`SELECT pg_try_advisory_xact_lock(${lockId(`idem:${clientId}:${key}`)}::bigint) AS ok`;
      return r!.ok === true;
    },
    async getIdempotency(clientId, key) {
      const [row] = await sql<IdempotencyRow[]>`
        SELECT * FROM idempotency_keys WHERE client_id = ${clientId} AND key = ${key}`;
      return row && fromIdempotencyRow(row);
    },
    async putIdempotency(r) {
      await sql`
        INSERT INTO idempotency_keys (client_id, key, operation, request_hash, response, created_at, expires_at)
        VALUES (${r.clientId}, ${r.key}, ${r.operation}, ${r.requestHash}, ${responseJson(r.response)},
                ${r.createdAt}, ${r.expiresAt})
        ON CONFLICT (client_id, key) DO UPDATE SET operation = EXCLUDED.operation,
          request_hash = EXCLUDED.request_hash, response = EXCLUDED.response,
          created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`;
    },
    async lockPayer(payerRef) {
      await sql`SELECT pg_advisory_xact_lock(${lockId(`payer:${payerRef}`)}::bigint)`;
    },
    async payerTotals(payerRef, day, month) {
      const [r] = await sql`
        SELECT COALESCE(SUM(amount) FILTER (WHERE local_day = ${day}), 0) AS day_total,
               COUNT(*) FILTER (WHERE local_day = ${day}) AS day_count,
               COALESCE(SUM(amount), 0) AS month_total
        FROM payments WHERE payer_ref = ${payerRef} AND local_month = ${month} AND counted`;
      return { dayTotal: num(r!.day_total), dayCount: num(r!.day_count), monthTotal: num(r!.month_total) };
    },
    async deviceKnown(payerRef, deviceId) {
      const rows =
        await sql`SELECT 1 FROM payer_devices WHERE payer_ref = ${payerRef} AND device_id = ${deviceId}`;
      return rows.length > 0;
    },
    async rememberDevice(payerRef, deviceId, at) {
      await sql`INSERT INTO payer_devices (payer_ref, device_id, first_seen_at)
                VALUES (${payerRef}, ${deviceId}, ${at}) ON CONFLICT DO NOTHING`;
    },
    async insertPayment({ payment: p, meta: m }) {
      await sql`
        INSERT INTO payments (id, client_id, payer_ref, status, counted, amount, captured_amount, refunded_amount,
          fee_code, payee_code, local_day, local_month, created_at, updated_at, expires_at, doc)
        VALUES (${p.id}, ${p.clientId}, ${p.payer.ref}, ${p.status}, ${m.counted}, ${p.amount}, ${p.capturedAmount},
          ${p.refundedAmount}, ${p.fee.code}, ${p.payee.code}, ${m.day}, ${m.month}, ${m.createdAt}, ${m.updatedAt},
          ${m.expiresAt}, ${storedDoc(p)})`;
    },
    async getPayment(id) {
      const [row] = await sql<PaymentRow[]>`
        SELECT doc, local_day, local_month, created_at, updated_at, expires_at, counted FROM payments WHERE id = ${id}`;
      return row && fromPaymentRow(row);
    },
    async getPaymentForUpdate(id) {
      const [row] = await sql<PaymentRow[]>`
        SELECT doc, local_day, local_month, created_at, updated_at, expires_at, counted
        FROM payments WHERE id = ${id} FOR UPDATE`;
      return row && fromPaymentRow(row);
    },
    async updatePayment({ payment: p, meta: m }) {
      await sql`
        UPDATE payments SET status = ${p.status}, counted = ${m.counted}, captured_amount = ${p.capturedAmount},
          refunded_amount = ${p.refundedAmount}, updated_at = ${m.updatedAt}, doc = ${storedDoc(p)}
        WHERE id = ${p.id}`;
    },
    async appendJournal(j: Journal) {
      const rows = j.postings.map((p) => ({
        journal_id: j.id,
        payment_id: j.paymentId,
        kind: j.kind,
        fee_code: j.feeCode,
        payee_code: j.payeeCode,
        account: p.account,
        amount: p.amount,
        at: j.at,
      }));
      await sql`INSERT INTO ledger_postings ${sql(rows)}`;
    },
    async dueForExpiry(now, limit) {
      const rows = await sql`
        SELECT id FROM payments WHERE status IN ('authorized', 'partially_captured') AND expires_at <= ${now}
        ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      return rows.map((r) => r.id as string);
    },
    atomic: (fn) => sql.savepoint((inner) => fn(txApi(inner))) as Promise<never>,
  };
  return tx;
}

export class PostgresStore implements PaymentStore {
  readonly kind = 'postgres' as const;
  readonly #sql: Sql;
  readonly #schema: string;
  #ready: Promise<void>;

  constructor(options: PostgresStoreOptions) {
    this.#schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.#schema)) {
      throw payError('DD_PAY_CONFIG_INVALID', 'schema must be a lower-case SQL identifier', {
        path: 'schema',
      });
    }
    this.#sql = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connection: { search_path: this.#schema },
    });
    this.#ready = this.#migrate();
    this.#ready.catch(() => {});
  }

  /** Resolves once the schema is migrated (rejects with the migration error). */
  ready(): Promise<void> {
    return this.#ready;
  }

  async #migrate(): Promise<void> {
    await this.#sql.begin(async (sql) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`;
      await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${this.#schema}`);
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;
      const applied = (await sql`SELECT version FROM schema_migrations`).map((r) => r.version as number);
      const pending = pendingMigrations(POSTGRES_MIGRATIONS, applied);
      if (pending === 'too_new') {
        throw payError('DD_PAY_SCHEMA_TOO_NEW', 'the PostgreSQL schema is newer than this code', {
          applied: Math.max(...applied),
        });
      }
      for (const m of pending) {
        await sql.unsafe(m.sql);
        await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${Date.now()})`;
      }
    });
  }

  async transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    try {
      await this.#ready;
      for (let attempt = 1; ; attempt++) {
        try {
          return (await this.#sql.begin((sql) => fn(txApi(sql)))) as T;
        } catch (e) {
          if (RETRYABLE.has((e as { code?: string }).code ?? '') && attempt < 4) continue;
          throw e;
        }
      }
    } catch (e) {
      throw unavailable(e) ?? e;
    }
  }

  async getPayment(id: string): Promise<StoredPayment | undefined> {
    await this.#ready;
    const [row] = await this.#sql<PaymentRow[]>`
      SELECT doc, local_day, local_month, created_at, updated_at, expires_at, counted FROM payments WHERE id = ${id}`;
    return row && fromPaymentRow(row);
  }

  async reconciliation(day: string, from: number, to: number) {
    await this.#ready;
    const payments = await this.#sql`
      SELECT payee_code, fee_code, status, COUNT(*) AS count, SUM(amount) AS amount,
             SUM(captured_amount) AS captured, SUM(refunded_amount) AS refunded
      FROM payments WHERE local_day = ${day} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    const movements = await this.#sql`
      SELECT payee_code, fee_code, kind, COUNT(DISTINCT journal_id) AS count,
             SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS amount
      FROM ledger_postings WHERE at >= ${from} AND at < ${to} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    const [net] = await this
      .#sql`SELECT COALESCE(SUM(amount), 0) AS net FROM ledger_postings WHERE at >= ${from} AND at < ${to}`;
    return {
      payments: payments.map(
        (r): ReconciliationRow => ({
          payeeCode: r.payee_code,
          feeCode: r.fee_code,
          status: r.status,
          count: num(r.count),
          amount: num(r.amount),
          capturedAmount: num(r.captured),
          refundedAmount: num(r.refunded),
        }),
      ),
      movements: movements.map(
        (r): MovementRow => ({
          payeeCode: r.payee_code,
          feeCode: r.fee_code,
          kind: r.kind,
          count: num(r.count),
          amount: num(r.amount),
        }),
      ),
      ledgerNet: num(net!.net),
    };
  }

  async ledgerCheck(): Promise<LedgerCheck> {
    await this.#ready;
    const balances: Record<string, number> = {};
    let total = 0;
    for (const r of await this
      .#sql`SELECT account, SUM(amount) AS balance FROM ledger_postings GROUP BY account ORDER BY account`) {
      balances[r.account as string] = num(r.balance);
      total += num(r.balance);
    }
    const [c] = await this
      .#sql`SELECT COUNT(*) AS postings, COUNT(DISTINCT journal_id) AS journals FROM ledger_postings`;
    const [u] = await this.#sql`
      SELECT COUNT(*) AS n FROM (SELECT journal_id FROM ledger_postings GROUP BY journal_id HAVING SUM(amount) <> 0) j`;
    return {
      postings: num(c!.postings),
      journals: num(c!.journals),
      total,
      unbalancedJournals: num(u!.n),
      balances,
    };
  }

  async purgeIdempotency(now: number): Promise<number> {
    await this.#ready;
    const r = await this.#sql`DELETE FROM idempotency_keys WHERE expires_at <= ${now}`;
    return r.count;
  }

  async schemaVersions(): Promise<number[]> {
    await this.#ready;
    return (await this.#sql`SELECT version FROM schema_migrations ORDER BY version`).map(
      (r) => r.version as number,
    );
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }

  /** Drops the schema and everything in it (tests). */
  async dropSchema(): Promise<void> {
    await this.#sql.unsafe(`DROP SCHEMA IF EXISTS ${this.#schema} CASCADE`);
  }
}

export const createPostgresStore = (options: PostgresStoreOptions): PostgresStore =>
  new PostgresStore(options);
