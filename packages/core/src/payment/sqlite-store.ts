/**
 * SQLite adapter (better-sqlite3, the embedded default). WAL with
 * `synchronous=FULL`: a commit returns only after the WAL is fsynced, so an
 * acknowledged operation survives a crash or power loss.
 *
 * Group commit: an fsync costs far more than the work of one authorisation,
 * so operations queue up and one tick's worth runs as one transaction. A
 * failing operation is undone alone and its caller gets its own error; the
 * others' promises resolve only after the shared COMMIT is durable. If the
 * COMMIT fails, nothing of the batch was written and every caller in it gets
 * DD_PAY_STORE_UNAVAILABLE.
 *
 * Undoing one operation alone needs a SAVEPOINT around it, and a savepoint is
 * not free: every page the operation touches that is already dirty in the
 * batch is first copied to a sub-journal. Operations almost never fail after
 * writing (the service checks before it writes), so a batch first runs
 * without savepoints, counting writes. An operation that fails before its
 * first write needs no undo. One that fails after writing poisons the
 * attempt: the whole transaction is rolled back and the batch runs again,
 * each operation in its own savepoint. Operations must therefore be
 * re-runnable, as they already are for PostgreSQL's serialisation retries.
 *
 * The store is the only writer of its file (one store per file and process),
 * so it keeps each payer's running totals in a write-through cache instead of
 * reading the payer's month from payer_day_totals (kept by triggers, schema
 * version 4) for every authorisation, and each payer's last known device
 * instead of reading payer_devices for each one.
 */
import { payError } from './_errors.js';
import { idAt } from './_ids.js';
import { KnownDevices } from './_known-devices.js';
import { PayerTotalsCache } from './_payer-totals-cache.js';
import {
  fromIdempotencyRow,
  fromPaymentRow,
  type IdempotencyRow,
  type PaymentRow,
  responseJson,
  storedDoc,
} from './_rows.js';
import { type Checkpointer, startCheckpointer } from './_sqlite-checkpointer.js';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from './_sqlite-driver.js';
import type { IdempotencyRecord } from './idempotency.js';
import type { Journal, LedgerCheck } from './ledger.js';
import { pendingMigrations, SQLITE_MIGRATIONS } from './migrations.js';
import type { MovementRow, PaymentStore, ReconciliationRow, StoredPayment, StoreTx } from './store.js';

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throwaway store (no durability). */
  readonly filename: string;
  /** Most operations per transaction. Default 512. */
  readonly maxBatch?: number;
  /** Milliseconds a connection waits for another process's lock. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Page cache of the writer in MiB. Default 16: enough for the b-tree
   * interiors and the pages at each table's append point; leaves of the
   * random-key tables (payer_devices, payer_day_totals) beyond it come from
   * the OS page cache. A 64 MiB cache measured ~2 % slower per authorisation
   * (one core, interleaved runs).
   */
  readonly cacheMiB?: number;
  /**
   * Milliseconds between WAL checkpoints run by a background worker thread
   * (see _sqlite-checkpointer.ts). Default 1000. 0: the writer checkpoints
   * inline, in the COMMIT that passes 1000 WAL frames (SQLite's default).
   */
  readonly checkpointIntervalMs?: number;
  /** Payers whose running totals and last known device are kept in memory. Default 100,000 (about 30 MB). */
  readonly totalsCacheEntries?: number;
}

export interface SqliteStoreStats {
  /** Transactions committed. */
  readonly batches: number;
  /** Operations committed in them. */
  readonly operations: number;
  /** Batches run a second time with a savepoint per operation (an operation failed after writing). */
  readonly reruns: number;
  /** Background checkpoint cycles run, and those that let the WAL restart from its beginning. */
  readonly checkpointCycles: number;
  readonly checkpointRestarts: number;
}

interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
}

/** One run of a batch: each operation's outcome, or why the COMMIT failed. */
interface Attempt {
  readonly outcomes: readonly Outcome[];
  readonly commitError?: unknown;
}

interface Pending {
  readonly fn: (tx: StoreTx) => Promise<unknown>;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** SQLite's own default, used when the writer checkpoints inline. */
const INLINE_CHECKPOINT_FRAMES = 1000;

const PAYMENT_COLUMNS = 'doc, local_day, local_month, created_at, updated_at, expires_at, counted';

function prepareAll(db: SqliteDatabase) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    getIdem: db.prepare(
      'SELECT client_id, key, operation, request_hash, response, created_at, expires_at FROM idempotency_keys WHERE client_id = ? AND key = ?',
    ),
    putIdem: db.prepare(
      `INSERT OR REPLACE INTO idempotency_keys (client_id, key, operation, request_hash, response, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** A payer's day and month from the per-day totals the triggers keep (schema version 4). */
    totals: db.prepare(
      `SELECT COALESCE(SUM(CASE WHEN local_day = ? THEN total END), 0) AS day_total,
              COALESCE(SUM(CASE WHEN local_day = ? THEN count END), 0) AS day_count,
              COALESCE(SUM(total), 0) AS month_total
       FROM payer_day_totals WHERE payer_ref = ? AND local_day BETWEEN ? AND ?`,
    ),
    deviceKnown: db.prepare('SELECT 1 FROM payer_devices WHERE payer_ref = ? AND device_id = ?').pluck(),
    rememberDevice: db.prepare(
      'INSERT INTO payer_devices (payer_ref, device_id, first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertPayment: db.prepare(
      `INSERT INTO payments (id, client_id, payer_ref, status, counted, amount, captured_amount, refunded_amount,
         fee_code, payee_code, local_day, local_month, created_at, updated_at, expires_at, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getPayment: db.prepare(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ?`),
    updatePayment: db.prepare(
      `UPDATE payments SET status = ?, counted = ?, captured_amount = ?, refunded_amount = ?, updated_at = ?, doc = ?
       WHERE id = ?`,
    ),
    posting: db.prepare(
      `INSERT INTO ledger_postings (journal_id, payment_id, kind, fee_code, payee_code, account, amount, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** A two-legged journal (every journal the service writes) in one statement. */
    postingPair: db.prepare(
      `INSERT INTO ledger_postings (journal_id, payment_id, kind, fee_code, payee_code, account, amount, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    due: db
      .prepare(
        `SELECT id FROM payments WHERE status IN ('authorized', 'partially_captured') AND expires_at <= ?
         ORDER BY expires_at LIMIT ?`,
      )
      .pluck(),
  };
}

function prepareReads(db: SqliteDatabase) {
  return {
    getPayment: db.prepare(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ?`),
    recPayments: db.prepare(
      `SELECT payee_code AS payeeCode, fee_code AS feeCode, status, COUNT(*) AS count, SUM(amount) AS amount,
              SUM(captured_amount) AS capturedAmount, SUM(refunded_amount) AS refundedAmount
       FROM payments WHERE id >= ? AND id < ? AND local_day = ?
       GROUP BY payee_code, fee_code, status ORDER BY 1, 2, 3`,
    ),
    recMovements: db.prepare(
      `SELECT payee_code AS payeeCode, fee_code AS feeCode, kind, COUNT(DISTINCT journal_id) AS count,
              SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS amount
       FROM ledger_postings WHERE at >= ? AND at < ? GROUP BY payee_code, fee_code, kind ORDER BY 1, 2, 3`,
    ),
    dayNet: db
      .prepare('SELECT COALESCE(SUM(amount), 0) FROM ledger_postings WHERE at >= ? AND at < ?')
      .pluck(),
    balances: db.prepare(
      'SELECT account, SUM(amount) AS balance FROM ledger_postings GROUP BY account ORDER BY account',
    ),
    counts: db.prepare(
      'SELECT COUNT(*) AS postings, COUNT(DISTINCT journal_id) AS journals FROM ledger_postings',
    ),
    unbalanced: db
      .prepare(
        'SELECT COUNT(*) FROM (SELECT journal_id FROM ledger_postings GROUP BY journal_id HAVING SUM(amount) <> 0)',
      )
      .pluck(),
    versions: db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck(),
  };
}

function migrate(db: SqliteDatabase): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
  );
  db.exec('BEGIN IMMEDIATE');
  try {
    const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    const pending = pendingMigrations(SQLITE_MIGRATIONS, applied);
    if (pending === 'too_new') {
      throw payError('DD_PAY_SCHEMA_TOO_NEW', 'the SQLite schema is newer than this code', {
        applied: Math.max(...applied),
      });
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

export class SqliteStore implements PaymentStore {
  readonly kind = 'sqlite' as const;
  readonly #db: SqliteDatabase;
  /** Separate connection for committed reads: the writer may be mid-batch. Same as #db for `:memory:`. */
  readonly #reader: SqliteDatabase;
  readonly #w: ReturnType<typeof prepareAll>;
  readonly #r: ReturnType<typeof prepareReads>;
  readonly #maxBatch: number;
  readonly #memory: boolean;
  readonly #totals: PayerTotalsCache;
  readonly #devices: KnownDevices;
  readonly #checkpointer: Checkpointer | undefined;
  #queue: Pending[] = [];
  #scheduled = false;
  #running = false;
  #depth = 0;
  #batches = 0;
  #operations = 0;
  #reruns = 0;
  #closed = false;
  /** Write statements run in the open transaction (a failing operation that wrote nothing needs no undo). */
  #writes = 0;
  /** Whether operations run in savepoints (the second attempt of a batch). */
  #safe = false;
  /** An operation failed after writing while #safe was off: the attempt must be rolled back. */
  #poisoned = false;

  constructor(options: SqliteStoreOptions) {
    this.#maxBatch = options.maxBatch ?? 512;
    this.#totals = new PayerTotalsCache(options.totalsCacheEntries ?? 100_000);
    this.#devices = new KnownDevices(options.totalsCacheEntries ?? 100_000);
    const busy = options.busyTimeoutMs ?? 5000;
    this.#db = openSqlite(options.filename);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma(`busy_timeout = ${busy}`);
    this.#db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 16)}`);
    migrate(this.#db);
    const memory = options.filename === ':memory:' || options.filename === '';
    this.#memory = memory;
    const interval = options.checkpointIntervalMs ?? 1000;
    if (!memory && interval > 0) {
      this.#db.pragma('wal_autocheckpoint = 0');
      this.#checkpointer = startCheckpointer({
        filename: options.filename,
        intervalMs: interval,
        busyTimeoutMs: busy,
        // Never leave the WAL without a checkpointer: the writer takes the job back.
        onFailure: () => {
          if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`);
        },
      });
    }
    this.#reader = memory ? this.#db : openSqlite(options.filename, { readonly: true });
    if (!memory) this.#reader.pragma(`busy_timeout = ${busy}`);
    this.#w = prepareAll(this.#db);
    this.#r = prepareReads(this.#reader);
  }

  /**
   * Effective `PRAGMA synchronous` (2 = FULL), journal mode and the writer's
   * own `wal_autocheckpoint` (0 while the checkpoint worker runs), for tests
   * and the benchmark.
   */
  pragmas(): { synchronous: number; journalMode: string; walAutocheckpoint: number } {
    return {
      synchronous: this.#db.pragma('synchronous', { simple: true }) as number,
      journalMode: this.#db.pragma('journal_mode', { simple: true }) as string,
      walAutocheckpoint: this.#db.pragma('wal_autocheckpoint', { simple: true }) as number,
    };
  }

  stats(): SqliteStoreStats {
    const c = this.#checkpointer?.stats();
    return {
      batches: this.#batches,
      operations: this.#operations,
      reruns: this.#reruns,
      checkpointCycles: c?.cycles ?? 0,
      checkpointRestarts: c?.restarts ?? 0,
    };
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(payError('DD_PAY_STORE_UNAVAILABLE', 'the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    // One macrotask tick lets concurrent callers join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#running = true;
    const batch = this.#queue.splice(0, this.#maxBatch);
    let attempt = await this.#attempt(batch, false);
    if (attempt === 'rerun') {
      this.#reruns++;
      attempt = await this.#attempt(batch, true);
    }
    const { outcomes, commitError } = attempt as Attempt;
    this.#running = false;
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (commitError !== undefined && (o === undefined || o.ok)) {
        p.reject(
          payError(
            'DD_PAY_STORE_UNAVAILABLE',
            'the transaction could not be committed; nothing was written',
            { cause: String(commitError) },
          ),
        );
      } else if (o!.ok) p.resolve(o!.value);
      else p.reject(o!.value);
    });
    if (this.#queue.length > 0) this.#schedule();
  }

  /**
   * Runs the batch as one transaction. Without savepoints (`safe` false) it
   * gives up at the first operation that failed after writing: everything is
   * rolled back and 'rerun' returned.
   */
  async #attempt(batch: readonly Pending[], safe: boolean): Promise<Attempt | 'rerun'> {
    const outcomes: Outcome[] = [];
    this.#safe = safe;
    this.#poisoned = false;
    try {
      this.#w.begin.run();
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: await this.#atomic(p.fn) });
        } catch (e) {
          outcomes.push({ ok: false, value: e });
        }
        // SQLite may itself have rolled the transaction back (e.g. SQLITE_FULL): start again, with savepoints.
        if (this.#poisoned || !this.#db.inTransaction) {
          if (safe) throw payError('DD_PAY_STORE_UNAVAILABLE', 'the transaction was rolled back by SQLite');
          this.#rollback();
          return 'rerun';
        }
      }
      this.#w.commit.run();
      this.#totals.committed();
      this.#devices.committed();
      this.#batches++;
      this.#operations += batch.length;
      return { outcomes };
    } catch (e) {
      this.#rollback();
      return { outcomes, commitError: e };
    } finally {
      this.#writes = 0;
    }
  }

  #rollback(): void {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    this.#totals.rollback(0);
    this.#devices.rollback(0);
  }

  /** SAVEPOINT / RELEASE / ROLLBACK TO statements per nesting depth, prepared once (they run for every operation). */
  #savepoints: { save: SqliteStatement; release: SqliteStatement; rollback: SqliteStatement }[] = [];

  async #atomic<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const mark = this.#totals.mark();
    const deviceMark = this.#devices.mark();
    if (!this.#safe) {
      const writes = this.#writes;
      try {
        return await fn(this.#tx);
      } catch (e) {
        if (this.#writes !== writes) this.#poisoned = true;
        else {
          this.#totals.rollback(mark);
          this.#devices.rollback(deviceMark);
        }
        throw e;
      }
    }
    const depth = this.#depth++;
    const sp = (this.#savepoints[depth] ??= {
      save: this.#db.prepare(`SAVEPOINT sp${depth}`),
      release: this.#db.prepare(`RELEASE sp${depth}`),
      rollback: this.#db.prepare(`ROLLBACK TO sp${depth}`),
    });
    sp.save.run();
    try {
      const v = await fn(this.#tx);
      sp.release.run();
      return v;
    } catch (e) {
      sp.rollback.run();
      sp.release.run();
      this.#totals.rollback(mark);
      this.#devices.rollback(deviceMark);
      throw e;
    } finally {
      this.#depth--;
    }
  }

  readonly #tx: StoreTx = {
    tryLockKey: async () => true,
    getIdempotency: async (clientId, key) => {
      const row = this.#w.getIdem.get(clientId, key) as IdempotencyRow | undefined;
      return row && fromIdempotencyRow(row);
    },
    putIdempotency: async (r: IdempotencyRecord) => {
      this.#w.putIdem.run(
        r.clientId,
        r.key,
        r.operation,
        r.requestHash,
        responseJson(r.response),
        r.createdAt,
        r.expiresAt,
      );
      this.#writes++;
    },
    lockPayer: async () => {},
    payerTotals: async (payerRef, day, month) => {
      const cached = this.#totals.get(payerRef, day, month);
      if (cached !== undefined) return cached;
      const r = this.#w.totals.get(day, day, payerRef, `${month}-01`, `${month}-31`) as {
        day_total: number;
        day_count: number;
        month_total: number;
      };
      const totals = { dayTotal: r.day_total, dayCount: r.day_count, monthTotal: r.month_total };
      this.#totals.set(payerRef, day, month, totals);
      return totals;
    },
    deviceKnown: async (payerRef, deviceId) => {
      if (this.#devices.has(payerRef, deviceId)) return true;
      if (this.#w.deviceKnown.get(payerRef, deviceId) === undefined) return false;
      this.#devices.set(payerRef, deviceId);
      return true;
    },
    rememberDevice: async (payerRef, deviceId, at) => {
      this.#w.rememberDevice.run(payerRef, deviceId, at);
      this.#writes++;
      this.#devices.set(payerRef, deviceId);
    },
    insertPayment: async ({ payment: p, meta: m }: StoredPayment) => {
      this.#w.insertPayment.run(
        p.id,
        p.clientId,
        p.payer.ref,
        p.status,
        m.counted ? 1 : 0,
        p.amount,
        p.capturedAmount,
        p.refundedAmount,
        p.fee.code,
        p.payee.code,
        m.day,
        m.month,
        m.createdAt,
        m.updatedAt,
        m.expiresAt,
        storedDoc(p),
      );
      this.#writes++;
      if (m.counted) this.#totals.added(p.payer.ref, m.day, m.month, p.amount);
    },
    getPayment: async (id) => {
      const row = this.#w.getPayment.get(id) as PaymentRow | undefined;
      return row && fromPaymentRow(row);
    },
    getPaymentForUpdate: async (id) => {
      const row = this.#w.getPayment.get(id) as PaymentRow | undefined;
      return row && fromPaymentRow(row);
    },
    updatePayment: async ({ payment: p, meta: m }: StoredPayment) => {
      this.#w.updatePayment.run(
        p.status,
        m.counted ? 1 : 0,
        p.capturedAmount,
        p.refundedAmount,
        m.updatedAt,
        storedDoc(p),
        p.id,
      );
      this.#writes++;
      // A payment stops counting (void, expiry) and never starts again: the payer's totals are reloaded.
      if (!m.counted) this.#totals.drop(p.payer.ref);
    },
    appendJournal: async (j: Journal) => {
      const [a, b] = j.postings;
      if (j.postings.length === 2) {
        this.#w.postingPair.run(
          j.id,
          j.paymentId,
          j.kind,
          j.feeCode,
          j.payeeCode,
          a!.account,
          a!.amount,
          j.at,
          j.id,
          j.paymentId,
          j.kind,
          j.feeCode,
          j.payeeCode,
          b!.account,
          b!.amount,
          j.at,
        );
        this.#writes++;
        return;
      }
      for (const posting of j.postings) {
        this.#w.posting.run(
          j.id,
          j.paymentId,
          j.kind,
          j.feeCode,
          j.payeeCode,
          posting.account,
          posting.amount,
          j.at,
        );
        this.#writes++;
      }
    },
    dueForExpiry: async (now, limit) => this.#w.due.all(now, limit) as string[],
    atomic: (fn) => this.#atomic(fn),
  };

  /** Committed reads: on a file, the reader connection; in memory, a turn in the write queue. */
  #read<T>(fn: () => T): Promise<T> {
    return this.#memory ? this.transact(async () => fn()) : Promise.resolve().then(fn);
  }

  getPayment(id: string): Promise<StoredPayment | undefined> {
    return this.#read(() => {
      const row = this.#r.getPayment.get(id) as PaymentRow | undefined;
      return row && fromPaymentRow(row);
    });
  }

  reconciliation(day: string, from: number, to: number) {
    return this.#read(() => ({
      // A payment's id starts with its creation time, the instant its local day comes from: the day is a
      // primary-key range, so no index on local_day is kept.
      payments: this.#r.recPayments.all(idAt('pay_', from), idAt('pay_', to), day) as ReconciliationRow[],
      movements: this.#r.recMovements.all(from, to) as MovementRow[],
      ledgerNet: this.#r.dayNet.get(from, to) as number,
    }));
  }

  ledgerCheck(): Promise<LedgerCheck> {
    return this.#read(() => this.#ledgerCheck());
  }

  #ledgerCheck(): LedgerCheck {
    const balances: Record<string, number> = {};
    let total = 0;
    for (const row of this.#r.balances.all() as { account: string; balance: number }[]) {
      balances[row.account] = row.balance;
      total += row.balance;
    }
    const counts = this.#r.counts.get() as { postings: number; journals: number };
    return { ...counts, total, unbalancedJournals: this.#r.unbalanced.get() as number, balances };
  }

  purgeIdempotency(now: number): Promise<number> {
    return this.transact(async () => {
      const { changes } = this.#db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
      this.#writes++;
      return changes;
    });
  }

  schemaVersions(): Promise<number[]> {
    return this.#read(() => this.#r.versions.all() as number[]);
  }

  /** Waits for queued operations, then closes both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#queue.length > 0 || this.#running || this.#scheduled)
      await new Promise((r) => setImmediate(r));
    await this.#checkpointer?.stop();
    if (this.#reader !== this.#db) this.#reader.close();
    this.#db.close();
  }
}

/** Opens (and migrates) a SQLite store. */
export const createSqliteStore = (options: SqliteStoreOptions): SqliteStore => new SqliteStore(options);
