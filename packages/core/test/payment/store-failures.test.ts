/** Store failures surface as typed errors and leave nothing behind. */
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/payment/index.js';
import { authorizeBody, codeOf, makeService, TestClock } from './_fixtures.js';

describe('store failures', () => {
  it('an unreachable PostgreSQL gives DD_PAY_STORE_UNAVAILABLE (503), not a driver error', async () => {
    const store = createPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/postgres', max: 1 });
    const svc = makeService(store, new TestClock());
    try {
      const e = await svc.authorize('gw-1', 'key-unreachable', authorizeBody()).catch((err) => err);
      expect(e.code).toBe('DD_PAY_STORE_UNAVAILABLE');
      expect(e.status).toBe(503);
      // The key was released: a retry is allowed (and fails the same way), not answered as in flight.
      expect(await codeOf(() => svc.authorize('gw-1', 'key-unreachable', authorizeBody()))).toBe(
        'DD_PAY_STORE_UNAVAILABLE',
      );
    } finally {
      await store.close();
    }
  });
});
