/**
 * The storage contract. The service runs each operation as one call to
 * `transact`: everything it reads and writes inside commits together or not at
 * all, and the promise resolves only once the commit is durable. Both adapters
 * (SQLite, PostgreSQL) pass the same test suite.
 */
import type { IdempotencyRecord } from './idempotency.js';
import type { Journal, JournalKind, LedgerCheck } from './ledger.js';
import type { Payment, PaymentStatus } from './model.js';

/** Columns derived from a payment that queries need (the payment itself is stored whole). */
export interface PaymentMeta {
  /** Local calendar day and month of creation (running totals, reconciliation). */
  readonly day: string;
  readonly month: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | null;
  /** Whether the amount counts toward the payer's running totals. */
  readonly counted: boolean;
}

export interface StoredPayment {
  readonly payment: Payment;
  readonly meta: PaymentMeta;
}

export interface PayerTotals {
  readonly dayTotal: number;
  readonly dayCount: number;
  readonly monthTotal: number;
}

/** Operations available inside one transaction. */
export interface StoreTx {
  /**
   * Serialises work on one idempotency key across processes. Returns false
   * when another transaction holds it (the request is in flight elsewhere).
   */
  tryLockKey(clientId: string, key: string): Promise<boolean>;
  getIdempotency(clientId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Inserts or replaces (a replaced record had passed its retention). */
  putIdempotency(record: IdempotencyRecord): Promise<void>;
  /** Serialises authorisations of one payer so running totals cannot race. */
  lockPayer(payerRef: string): Promise<void>;
  payerTotals(payerRef: string, day: string, month: string): Promise<PayerTotals>;
  deviceKnown(payerRef: string, deviceId: string): Promise<boolean>;
  rememberDevice(payerRef: string, deviceId: string, at: number): Promise<void>;
  insertPayment(p: StoredPayment): Promise<void>;
  /** Reads a payment without locking it. */
  getPayment(id: string): Promise<StoredPayment | undefined>;
  /** Reads and locks the payment row for the rest of the transaction. */
  getPaymentForUpdate(id: string): Promise<StoredPayment | undefined>;
  updatePayment(p: StoredPayment): Promise<void>;
  appendJournal(journal: Journal): Promise<void>;
  /** Ids of open authorisations whose expiry has passed, oldest first (skipping rows other workers hold). */
  dueForExpiry(now: number, limit: number): Promise<string[]>;
  /** Runs `fn` in a savepoint: if it throws, its writes are undone and the transaction continues. */
  atomic<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

export interface ReconciliationRow {
  readonly payeeCode: string;
  readonly feeCode: string;
  readonly status: PaymentStatus;
  readonly count: number;
  readonly amount: number;
  readonly capturedAmount: number;
  readonly refundedAmount: number;
}

export interface MovementRow {
  readonly payeeCode: string;
  readonly feeCode: string;
  readonly kind: JournalKind;
  readonly count: number;
  readonly amount: number;
}

export interface PaymentStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `fn` as one all-or-nothing transaction; resolves after the commit is
   * durable. `fn` may run more than once (PostgreSQL retries serialisation
   * failures; SQLite reruns a group commit with savepoints when an operation
   * failed after writing), so it must act only through `tx`.
   */
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Committed state of one payment. */
  getPayment(id: string): Promise<StoredPayment | undefined>;
  /** Payments created on local day `day` and ledger movements in [from, to). */
  reconciliation(
    day: string,
    from: number,
    to: number,
  ): Promise<{ payments: ReconciliationRow[]; movements: MovementRow[]; ledgerNet: number }>;
  ledgerCheck(): Promise<LedgerCheck>;
  /** Deletes idempotency records past their retention; returns how many. */
  purgeIdempotency(now: number): Promise<number>;
  /** Applied schema versions, oldest first. */
  schemaVersions(): Promise<number[]>;
  close(): Promise<void>;
}
