/** The response schema lists exactly the fields a payment has, so a schema-driven serialiser drops nothing and adds nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeRequestSchema, type PaymentStore, paymentSchema } from '../../src/payment/index.js';
import { authorizeBody, makeService, sqliteFactory, TestClock } from './_fixtures.js';

type Schema = { properties?: Record<string, Schema>; items?: Schema; required?: readonly string[] };

/** Paths of every leaf in a JSON value / described by a schema. */
function valuePaths(v: unknown, at = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [at];
  return Object.entries(v).flatMap(([k, x]) => valuePaths(x, at ? `${at}.${k}` : k));
}
function schemaPaths(s: Schema, at = ''): string[] {
  if (!s.properties) return [at];
  return Object.entries(s.properties).flatMap(([k, x]) => schemaPaths(x, at ? `${at}.${k}` : k));
}

let store: PaymentStore;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, cleanup } = await sqliteFactory.open());
});
afterAll(async () => {
  await cleanup();
});

describe('JSON schemas for the HTTP layer', () => {
  it('paymentSchema covers exactly the fields of an approved and a declined payment', async () => {
    const svc = makeService(store, new TestClock());
    const approved = (await svc.authorize('gw-1', 'schema-key-1', authorizeBody())).payment;
    const declined = (
      await svc.authorize(
        'gw-1',
        'schema-key-2',
        authorizeBody({ payer: { documentExpiresOn: '2020-01-01' } }),
      )
    ).payment;
    const described = new Set(schemaPaths(paymentSchema as Schema));
    for (const p of [approved, declined]) expect(new Set(valuePaths(p))).toEqual(described);
  });

  it('authorizeRequestSchema requires what the parser requires', () => {
    const body = authorizeBody();
    for (const key of authorizeRequestSchema.required) expect(body).toHaveProperty(key);
    expect(new Set(Object.keys(authorizeRequestSchema.properties))).toEqual(
      new Set([...Object.keys(body), 'reference']),
    );
  });
});
