/**
 * App options that mount every API area for route-level tests (fuzz, e2e),
 * with in-memory stores and a fresh signing key.
 */
import {
  createPaymentService,
  createSigner,
  createSqliteStore,
  generateSigningKey,
} from '@dinhdanh/core/payment';
import type { AppOptions } from '../src/app.js';

export function testPayments(now?: () => number) {
  return createPaymentService({
    store: createSqliteStore({ filename: ':memory:' }),
    signer: createSigner({ keys: [generateSigningKey('test-key')] }),
    ...(now === undefined ? {} : { clock: { now } }),
  });
}

export async function fuzzAppOptions(): Promise<Partial<AppOptions>> {
  return { payments: testPayments() };
}
