/**
 * The SQLite store's in-memory running totals must always equal what the
 * database says: after rolled-back savepoints, voids, expiries and day
 * changes, a freshly opened store (empty cache, totals summed by SQL) on the
 * same file agrees with the long-running one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayerTotalsCache } from '../../src/payment/_payer-totals-cache.js';
import { createSqliteStore, type PaymentStore } from '../../src/payment/index.js';
import { SQLITE_MIGRATIONS } from '../../src/payment/migrations.js';
import { authorizeBody, makeService, NOW, TestClock } from './_fixtures.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const month = (ms: number) => day(ms).slice(0, 7);
const totalsOf = (store: PaymentStore, payer: string, at: number) =>
  store.transact((tx) => tx.payerTotals(payer, day(at), month(at)));

describe('PayerTotalsCache', () => {
  it('moves only the matching day and month, and forgets what a rollback undid', () => {
    const c = new PayerTotalsCache(10);
    c.set('p', '2026-03-10', '2026-03', { dayTotal: 10, dayCount: 1, monthTotal: 30 });
    c.added('p', '2026-03-09', '2026-03', 5); // earlier day of the same month
    c.added('p', '2026-04-01', '2026-04', 7); // another month: not this entry's totals
    expect(c.get('p', '2026-03-10', '2026-03')).toEqual({ dayTotal: 10, dayCount: 1, monthTotal: 35 });
    expect(c.get('p', '2026-03-11', '2026-03')).toBeUndefined();
    c.committed();
    const mark = c.mark();
    c.added('p', '2026-03-10', '2026-03', 100);
    c.set('q', '2026-03-10', '2026-03', { dayTotal: 1, dayCount: 1, monthTotal: 1 });
    c.rollback(mark);
    expect(c.get('p', '2026-03-10', '2026-03')).toBeUndefined();
    expect(c.get('q', '2026-03-10', '2026-03')).toBeUndefined();
  });

  it('is bounded: the oldest entry makes room', () => {
    const c = new PayerTotalsCache(2);
    for (const p of ['a', 'b', 'c']) c.set(p, 'd', 'm', { dayTotal: 1, dayCount: 1, monthTotal: 1 });
    expect(c.get('a', 'd', 'm')).toBeUndefined();
    expect(c.get('c', 'd', 'm')).toEqual({ dayTotal: 1, dayCount: 1, monthTotal: 1 });
  });
});

describe('SQLite store running totals', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dd-pay-totals-'));
    file = join(dir, 'pay.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the totals a rolled-back savepoint wrote', async () => {
    const store = createSqliteStore({ filename: file });
    const clock = new TestClock();
    const svc = makeService(store, clock);
    const { payment } = await svc.authorize('gw-1', 'key-00000001', authorizeBody());
    const copy = {
      payment: { ...payment, id: 'pay_00000000000000000001' },
      meta: {
        day: day(NOW),
        month: month(NOW),
        createdAt: NOW,
        updatedAt: NOW,
        expiresAt: NOW + DAY,
        counted: true,
      },
    };
    const seen = await store.transact(async (tx) => {
      const before = await tx.payerTotals('cust-0001', day(NOW), month(NOW));
      const inside = await tx
        .atomic(async (inner) => {
          await inner.insertPayment(copy);
          const t = await inner.payerTotals('cust-0001', day(NOW), month(NOW));
          throw Object.assign(new Error('undo'), { t });
        })
        .catch((e: { t: unknown }) => e.t);
      return { before, inside, after: await tx.payerTotals('cust-0001', day(NOW), month(NOW)) };
    });
    expect(seen.before).toEqual({ dayTotal: 50_000, dayCount: 1, monthTotal: 50_000 });
    expect(seen.inside).toEqual({ dayTotal: 100_000, dayCount: 2, monthTotal: 100_000 });
    expect(seen.after).toEqual(seen.before);
    await store.close();
  });

  it('agrees with a fresh store after authorisations, voids, expiries and a day change', async () => {
    const store = createSqliteStore({ filename: file });
    const clock = new TestClock();
    const svc = makeService(store, clock, { authorizationTtlMs: 2 * 3_600_000 });
    const payers = ['cust-0001', 'cust-0002', 'cust-0003'];
    let n = 0;
    for (let step = 0; step < 4; step++) {
      const ids = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const ref = payers[i % payers.length]!;
          const body = authorizeBody(
            { amount: 10_000 + 1000 * i, payer: { ref, deviceId: 'dev-a' } },
            clock.now(),
          );
          const r = await svc.authorize('gw-1', `key-${String(n++).padStart(8, '0')}`, body);
          return r.payment;
        }),
      );
      // Void a third of them, capture another third, leave the rest to expire.
      await Promise.all(
        ids
          .filter((p) => p.status === 'authorized')
          .map((p, i) =>
            i % 3 === 0
              ? svc.void('gw-1', `void-${p.id}`, p.id)
              : i % 3 === 1
                ? svc.capture('gw-1', `cap-${p.id}`, p.id)
                : undefined,
          ),
      );
      clock.advance(step === 1 ? DAY : 3 * 3_600_000);
      await svc.expireSweep();
      for (const ref of payers) await totalsOf(store, ref, clock.now());
    }
    const cached = await Promise.all(payers.map((ref) => totalsOf(store, ref, clock.now())));
    await store.close();
    const fresh = createSqliteStore({ filename: file });
    expect(await Promise.all(payers.map((ref) => totalsOf(fresh, ref, clock.now())))).toEqual(cached);
    expect(cached.some((t) => t.monthTotal > 0)).toBe(true);
    await fresh.close();
    // The triggers' per-day totals are exactly the sums over the payments that count.
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare(TOTALS_KEPT).all()).toEqual(db.prepare(TOTALS_SUMMED).all());
      expect(db.prepare('SELECT COUNT(*) FROM payments WHERE counted = 0').pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('builds the per-day totals from the payments of a version-3 file when it migrates', async () => {
    // Payments written by the current code, copied into a file at schema version 3.
    const source = createSqliteStore({ filename: join(dir, 'source.db') });
    const clock = new TestClock();
    const svc = makeService(source, clock);
    const a = await svc.authorize('gw-1', 'key-mig-0001', authorizeBody({ amount: 70_000 }));
    await svc.authorize('gw-1', 'key-mig-0002', authorizeBody({ amount: 30_000 }));
    clock.advance(DAY);
    await svc.authorize('gw-1', 'key-mig-0003', authorizeBody({ amount: 20_000 }, clock.now()));
    await svc.void('gw-1', 'void-mig-0001', a.payment.id);
    await source.close();
    const legacy = new Database(file);
    legacy.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
    );
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= 3)) {
      legacy.exec(m.sql);
      legacy.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 0);
    }
    legacy.exec(`ATTACH '${join(dir, 'source.db')}' AS src`);
    legacy.exec('INSERT INTO payments SELECT * FROM src.payments');
    legacy.close();

    const migrated = createSqliteStore({ filename: file });
    expect(await migrated.schemaVersions()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    // 30,000 on the first day (the 70,000 was voided), 20,000 on the next, one month.
    expect(await totalsOf(migrated, 'cust-0001', clock.now())).toEqual({
      dayTotal: 20_000,
      dayCount: 1,
      monthTotal: 50_000,
    });
    await migrated.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare(TOTALS_KEPT).all()).toEqual(db.prepare(TOTALS_SUMMED).all());
    } finally {
      db.close();
    }
  });
});

const TOTALS_KEPT =
  'SELECT payer_ref, local_day, total, count FROM payer_day_totals WHERE count > 0 ORDER BY payer_ref, local_day';
const TOTALS_SUMMED = `SELECT payer_ref, local_day, SUM(amount) AS total, COUNT(*) AS count FROM payments
  WHERE counted = 1 GROUP BY payer_ref, local_day ORDER BY payer_ref, local_day`;
