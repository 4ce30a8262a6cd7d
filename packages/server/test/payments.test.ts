import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAuthorization } from '../src/samples.js';
import { fullKey, logLines, maskedKey, readOnlyKey, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';
import { testPayments } from './_routes-setup.js';

let app: FastifyInstance;
let n = 0;
const key = (): string => `idem-${Date.now()}-${++n}`;
const authorize = (body: object = sampleAuthorization(Date.now()), idempotencyKey = key(), k = fullKey) =>
  signedInject(app, {
    method: 'POST',
    url: '/v1/payments/authorizations',
    json: body,
    idempotencyKey,
    key: k,
  });

beforeAll(async () => {
  app = await testApp({ payments: testPayments() });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

describe('POST /v1/payments/authorizations', () => {
  it('approves a tier-A payment with biometric evidence and answers 201 with a signed token', async () => {
    const res = await authorize();
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.id).toMatch(/^pay_/);
    expect(p.status).toBe('authorized');
    expect(p.decision.outcome).toBe('approved');
    expect(p.decision.code).toBe('00');
    expect(p.token.split('.')).toHaveLength(3);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays the stored response for the same key and body', async () => {
    const k = key();
    const body = sampleAuthorization(Date.now());
    const first = await authorize(body, k);
    const again = await authorize(body, k);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('rejects the same key with another body (422 DD_PAY_IDEMPOTENCY_MISMATCH)', async () => {
    const k = key();
    await authorize(sampleAuthorization(Date.now()), k);
    const other = await authorize(sampleAuthorization(Date.now(), 'cust.demo.0001', 2_000_000), k);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('DD_PAY_IDEMPOTENCY_MISMATCH');
  });

  it('requires an Idempotency-Key', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/payments/authorizations',
      json: sampleAuthorization(Date.now()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_IDEMPOTENCY_KEY_MISSING');
  });

  it('answers 400 typed for a body that misses required fields', async () => {
    const { payer: _payer, ...rest } = sampleAuthorization(Date.now()) as Record<string, unknown>;
    const res = await authorize(rest);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_VALIDATION');
  });

  it('passes the library its own checks: a raw ID number as payer ref is refused by name', async () => {
    const body = sampleAuthorization(Date.now(), '030192628005');
    const res = await authorize(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_PAY_RAW_IDENTIFIER');
    expect(res.body).not.toContain('030192628005');
  });

  it('needs payments:write', async () => {
    const res = await authorize(sampleAuthorization(Date.now()), key(), readOnlyKey);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('DD_SERVER_FORBIDDEN');
  });
});

describe('capture, void, refund, get', () => {
  it('runs authorised → captured → refunded and reads it back', async () => {
    const id = (await authorize()).json().id as string;
    const cap = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/captures`,
      json: { amount: 1_000_000 },
      idempotencyKey: key(),
    });
    expect(cap.statusCode).toBe(200);
    expect(cap.json()).toMatchObject({ status: 'partially_captured', capturedAmount: 1_000_000 });
    const refund = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/refunds`,
      json: {},
      idempotencyKey: key(),
    });
    expect(refund.statusCode).toBe(200);
    expect(refund.json().refundedAmount).toBe(1_000_000);
    const got = await signedInject(app, {
      method: 'GET',
      url: `/v1/payments/authorizations/${id}`,
      key: readOnlyKey,
    });
    expect(got.statusCode).toBe(404);
    const mine = await signedInject(app, { method: 'GET', url: `/v1/payments/authorizations/${id}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().status).toMatch(/refunded/);
  });

  it('voids an authorisation, then refuses to capture it (409)', async () => {
    const id = (await authorize()).json().id as string;
    const v = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/void`,
      idempotencyKey: key(),
    });
    expect(v.statusCode).toBe(200);
    expect(v.json().status).toBe('voided');
    const cap = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/captures`,
      json: {},
      idempotencyKey: key(),
    });
    expect(cap.statusCode).toBe(409);
    expect(cap.json().code).toMatch(/^DD_PAY_/);
  });

  it('rejects a capture above the authorised amount (422)', async () => {
    const id = (await authorize()).json().id as string;
    const cap = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/captures`,
      json: { amount: 99_000_000 },
      idempotencyKey: key(),
    });
    expect(cap.statusCode).toBe(422);
    expect(cap.json().code).toBe('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED');
  });

  it('answers 404 typed for an unknown payment', async () => {
    const res = await signedInject(app, {
      method: 'GET',
      url: '/v1/payments/authorizations/pay_00000000000000000000',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('DD_PAY_NOT_FOUND');
  });

  it('rejects unknown fields in a capture body (400)', async () => {
    const id = (await authorize()).json().id as string;
    const res = await signedInject(app, {
      method: 'POST',
      url: `/v1/payments/authorizations/${id}/captures`,
      json: { amount: 1, extra: true },
      idempotencyKey: key(),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('reconciliation and keys', () => {
  it('reports the day by payee, fee and status with a balanced ledger', async () => {
    await authorize();
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const res = await signedInject(app, { method: 'GET', url: `/v1/reconciliation/daily?date=${day}` });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.date).toBe(day);
    expect(r.ledgerNet).toBe(0);
    expect(r.totals.count).toBeGreaterThan(0);
    expect(r.payments[0]).toHaveProperty('payeeCode', 'THPT-HD-001');
  });

  it('answers 400 typed for a bad or missing date', async () => {
    for (const url of ['/v1/reconciliation/daily', '/v1/reconciliation/daily?date=2026-02-30']) {
      const res = await signedInject(app, { method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toMatch(/^DD_(SERVER_VALIDATION|PAY_DATE_INVALID)$/);
    }
  });

  it('needs reconciliation:read', async () => {
    const res = await signedInject(app, {
      method: 'GET',
      url: '/v1/reconciliation/daily?date=2026-01-01',
      key: readOnlyKey,
    });
    expect(res.statusCode).toBe(403);
  });

  it('publishes the token keys at /.well-known/jwks.json without a signature', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: 'test-key' });
    expect(res.json().keys[0].d).toBeUndefined();
  });

  it('counts authorisation outcomes by code in /metrics', async () => {
    await authorize();
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/dinhdanh_payment_authorizations_total\{outcome="approved",code="00"\} [1-9]/);
    expect(text).toMatch(
      /dinhdanh_payment_authorizations_total\{outcome="error",code="DD_PAY_RAW_IDENTIFIER"\} 1/,
    );
  });

  it('masked client key sees its own payments only', async () => {
    const res = await authorize(sampleAuthorization(Date.now()), key(), maskedKey);
    expect(res.statusCode).toBe(201);
  });
});
