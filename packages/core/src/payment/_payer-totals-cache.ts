/**
 * Running totals per payer (today's G+T and the month's debit, Decision 2345
 * and Circular 16/2020) kept in memory by the SQLite store, the only writer of
 * its file. The database stays the truth: an entry is loaded from it on a
 * miss, moved by the writes the store makes, and dropped whenever it might no
 * longer match — a rolled-back savepoint or transaction, or a status change
 * that stops a payment counting. Dropping is always safe: the next read
 * reloads from the database inside the current transaction.
 */
import type { PayerTotals } from './store.js';

interface Entry {
  readonly day: string;
  readonly month: string;
  dayTotal: number;
  dayCount: number;
  monthTotal: number;
}

export class PayerTotalsCache {
  readonly #entries = new Map<string, Entry>();
  readonly #limit: number;
  /** Payers whose entries were loaded or moved in the open transaction, in order (undo log). */
  #touched: string[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The cached totals for this payer on `day` of `month`, or undefined on a miss. */
  get(payerRef: string, day: string, month: string): PayerTotals | undefined {
    const e = this.#entries.get(payerRef);
    if (e === undefined || e.day !== day || e.month !== month) return undefined;
    return { dayTotal: e.dayTotal, dayCount: e.dayCount, monthTotal: e.monthTotal };
  }

  /** Records totals just read from the database inside the open transaction. */
  set(payerRef: string, day: string, month: string, totals: PayerTotals): void {
    this.#entries.delete(payerRef);
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(payerRef, { day, month, ...totals });
    this.#touched.push(payerRef);
  }

  /** A counted payment of `amount` created on `day` of `month` was written. */
  added(payerRef: string, day: string, month: string, amount: number): void {
    const e = this.#entries.get(payerRef);
    if (e === undefined || e.month !== month) return;
    e.monthTotal += amount;
    if (e.day === day) {
      e.dayTotal += amount;
      e.dayCount += 1;
    }
    this.#touched.push(payerRef);
  }

  /** The payer's totals may have changed in a way the cache does not follow. */
  drop(payerRef: string): void {
    this.#entries.delete(payerRef);
  }

  /** Position of the undo log, taken when a savepoint opens. */
  mark(): number {
    return this.#touched.length;
  }

  /** The writes since `mark` were rolled back: drop every entry they loaded or moved. */
  rollback(mark: number): void {
    for (let i = mark; i < this.#touched.length; i++) this.#entries.delete(this.#touched[i]!);
    this.#touched.length = mark;
  }

  /** The transaction committed: its entries are now the durable state. */
  committed(): void {
    this.#touched = [];
  }
}
