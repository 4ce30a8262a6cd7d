/**
 * Running totals per payer (today's G+T and the month's debit, Decision 2345
 * and Circular 16/2020) kept in memory by the SQLite store, the only writer of
 * its file. The database stays the truth: an entry is loaded from it on a
 * miss, moved by the writes the store makes, and dropped whenever it might no
 * longer match — a rolled-back savepoint or transaction, or a status change
 * that stops a payment counting. Dropping is always safe: the next read
 * reloads from the database inside the current transaction.
 */
import { TxCache } from './_tx-cache.js';
import type { PayerTotals } from './store.js';

interface Entry {
  readonly day: string;
  readonly month: string;
  dayTotal: number;
  dayCount: number;
  monthTotal: number;
}

export class PayerTotalsCache extends TxCache<Entry> {
  /** The cached totals for this payer on `day` of `month`, or undefined on a miss. */
  get(payerRef: string, day: string, month: string): PayerTotals | undefined {
    const e = this.lookup(payerRef);
    if (e === undefined || e.day !== day || e.month !== month) return undefined;
    return { dayTotal: e.dayTotal, dayCount: e.dayCount, monthTotal: e.monthTotal };
  }

  /** Records totals just read from the database inside the open transaction. */
  set(payerRef: string, day: string, month: string, totals: PayerTotals): void {
    this.keep(payerRef, { day, month, ...totals });
  }

  /** A counted payment of `amount` created on `day` of `month` was written. */
  added(payerRef: string, day: string, month: string, amount: number): void {
    const e = this.lookup(payerRef);
    if (e === undefined || e.month !== month) return;
    e.monthTotal += amount;
    if (e.day === day) {
      e.dayTotal += amount;
      e.dayCount += 1;
    }
    this.moved(payerRef);
  }

  /** The payer's totals may have changed in a way the cache does not follow. */
  drop(payerRef: string): void {
    this.forget(payerRef);
  }
}
