/**
 * Where approvals are signed: on the thread pool (signAsync) when the service
 * may use several cores, in line (sign) when told so or on one core. Either
 * way the stored and returned token is the one a gateway verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuthorizationSigner,
  createPaymentService,
  createSigner,
  createSqliteStore,
  type SqliteStore,
  verifyAuthorization,
} from '../../src/payment/index.js';
import { authorizeBody, NOW, SIGNING_KEY, TestClock } from './_fixtures.js';

function countingSigner() {
  const real = createSigner({ keys: [SIGNING_KEY] });
  const calls = { sign: 0, signAsync: 0 };
  const signer: AuthorizationSigner = {
    kid: real.kid,
    sign: (c) => {
      calls.sign++;
      return real.sign(c);
    },
    signAsync: (c) => {
      calls.signAsync++;
      return real.signAsync!(c);
    },
    jwks: () => real.jwks(),
  };
  return { signer, calls };
}

describe('payment service signing', () => {
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.close();
  });

  for (const signOffThread of [true, false]) {
    it(`signs approvals ${signOffThread ? 'on the thread pool' : 'in line'} when signOffThread is ${signOffThread}`, async () => {
      store = createSqliteStore({ filename: ':memory:' });
      const { signer, calls } = countingSigner();
      const svc = createPaymentService({ store, signer, clock: new TestClock(), signOffThread });
      const results = await Promise.all(
        [1, 2, 3].map((i) => svc.authorize('gw-1', `key-0000000${i}`, authorizeBody({ amount: 10_000 * i }))),
      );
      expect(calls).toEqual(signOffThread ? { sign: 0, signAsync: 3 } : { sign: 3, signAsync: 0 });
      for (const { payment } of results) {
        expect(payment.status).toBe('authorized');
        const claims = verifyAuthorization(payment.token!, svc.jwks(), { now: NOW, audience: 'gw-1' });
        expect(claims).toMatchObject({ jti: payment.id, amt: payment.amount, rc: '00' });
      }
    });
  }
});
