/**
 * Several service instances sharing one PostgreSQL database (separate
 * connection pools, as separate processes would have): one idempotency key
 * still yields one authorisation, and running totals still cannot race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PaymentService, type PostgresStore } from '../../src/payment/index.js';
import { authorizeBody, DATABASE_URL, makeService, TestClock } from './_fixtures.js';

describe.skipIf(DATABASE_URL === undefined)('PostgreSQL shared by several instances', () => {
  const schema = `dd_multi_${process.pid}`;
  let stores: PostgresStore[];
  let services: PaymentService[];

  beforeAll(async () => {
    stores = [0, 1, 2].map(() => createPostgresStore({ url: DATABASE_URL!, schema, max: 8 }));
    await Promise.all(stores.map((s) => s.ready()));
    services = stores.map((s) => makeService(s, new TestClock()));
  });
  afterAll(async () => {
    await stores[0]!.dropSchema();
    await Promise.all(stores.map((s) => s.close()));
  });

  it('200 concurrent requests with one key across 3 instances → exactly one authorisation', async () => {
    const body = authorizeBody();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        services[i % 3]!.authorize('gw-1', 'key-shared-0001', structuredClone(body)),
      ),
    );
    const ids = new Set(results.filter((r) => r.status === 'fulfilled').map((r) => r.value.payment.id));
    const codes = new Set(
      results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code),
    );
    expect(ids.size).toBe(1);
    for (const c of codes) expect(c).toBe('DD_PAY_IDEMPOTENCY_IN_FLIGHT');
    const check = await stores[0]!.ledgerCheck();
    expect(check.journals).toBe(1);
    const replay = await services[2]!.authorize('gw-1', 'key-shared-0001', body);
    expect(replay.replayed).toBe(true);
    expect(ids.has(replay.payment.id)).toBe(true);
  });

  it('the monthly cap holds when instances authorise for one payer concurrently', async () => {
    const body = authorizeBody({ amount: 10_000_000, payer: { ref: 'cust-race-2' } });
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => services[i % 3]!.authorize('gw-1', `key-race-${i}`, body)),
    );
    expect(results.filter((r) => r.payment.status === 'authorized')).toHaveLength(10);
  });

  it('capturing one payment from several instances at once never exceeds the amount', async () => {
    const { payment } = await services[0]!.authorize(
      'gw-1',
      'key-capture-race',
      authorizeBody({ amount: 100_000 }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        services[i % 3]!.capture('gw-1', `cap-race-${i}`, payment.id, { amount: 10_000 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const after = await services[1]!.get('gw-1', payment.id);
    expect(after).toMatchObject({ status: 'captured', capturedAmount: 100_000 });
    const check = await stores[0]!.ledgerCheck();
    expect(check.unbalancedJournals).toBe(0);
  });
});
