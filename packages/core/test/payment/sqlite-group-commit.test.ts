/**
 * The SQLite store runs a batch without savepoints first. An operation that
 * fails before writing costs nothing; one that fails after writing makes the
 * store roll the batch back and run it again with a savepoint per operation,
 * so the failing operation is undone alone and every other caller still gets
 * exactly its own result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/payment/index.js';
import { authorizeBody, makeService, NOW, TestClock } from './_fixtures.js';

const journal = (paymentId: string, amount: number) => ({
  id: `jnl_test_${amount}`,
  paymentId,
  kind: 'capture' as const,
  feeCode: 'PUBLIC_SERVICE_FEE',
  payeeCode: 'HCM-DVC-01',
  at: NOW,
  postings: [
    { account: 'payer_funds', amount: -amount },
    { account: 'payee_settlement:HCM-DVC-01', amount },
  ],
});

describe('SQLite group commit without savepoints', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dd-pay-batch-'));
    store = createSqliteStore({ filename: join(dir, 'pay.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not rerun a batch whose failing operations wrote nothing', async () => {
    const svc = makeService(store, new TestClock());
    const results = await Promise.allSettled([
      svc.authorize('gw-1', 'key-00000001', authorizeBody()),
      store.transact(async (tx) => {
        await tx.getIdempotency('gw-1', 'key-00000001');
        throw new Error('fault before any write');
      }),
      svc.authorize('gw-1', 'key-00000002', authorizeBody({ amount: 60_000 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.stats()).toMatchObject({ batches: 1, operations: 3, reruns: 0 });
    expect(await store.ledgerCheck()).toMatchObject({ postings: 4, journals: 2, total: 0 });
  });

  it('reruns the batch with savepoints when an operation fails after writing, undoing only that one', async () => {
    const svc = makeService(store, new TestClock());
    const { payment } = await svc.authorize('gw-1', 'key-00000001', authorizeBody());
    let runs = 0;
    const results = await Promise.allSettled([
      svc.authorize('gw-1', 'key-00000002', authorizeBody({ amount: 60_000 })),
      store.transact(async (tx) => {
        runs++;
        await tx.appendJournal(journal(payment.id, 7));
        throw new Error('fault after a write');
      }),
      store.transact(async (tx) => {
        // Swallows the failure of a nested operation that wrote: still undone, the rest kept.
        await tx
          .atomic(async (inner) => {
            await inner.appendJournal(journal(payment.id, 8));
            throw new Error('nested fault after a write');
          })
          .catch(() => {});
        await tx.appendJournal(journal(payment.id, 9));
        return 'kept';
      }),
      svc.authorize('gw-1', 'key-00000003', authorizeBody({ amount: 70_000 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe('kept');
    expect(runs).toBe(2);
    expect(store.stats()).toMatchObject({ batches: 2, operations: 5, reruns: 1 });
    const check = await store.ledgerCheck();
    // Three authorisations (two postings each) and the one kept journal; journals 7 and 8 are gone.
    expect(check).toMatchObject({ postings: 8, journals: 4, total: 0, unbalancedJournals: 0 });
    const totals = await store.transact((tx) => tx.payerTotals('cust-0001', '2026-03-10', '2026-03'));
    expect(totals).toEqual({ dayTotal: 180_000, dayCount: 3, monthTotal: 180_000 });
  });
});
