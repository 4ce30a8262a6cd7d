/**
 * Bad input: every case gets a typed error with a stable code (and the field
 * path), and nothing is written — checked against the ledger and idempotency
 * state after each attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/errors/index.js';
import type { PaymentService, PaymentStore } from '../../src/payment/index.js';
import { authorizeBody, makeService, NOW, sqliteFactory, TestClock } from './_fixtures.js';

let store: PaymentStore;
let cleanup: () => Promise<void>;
let svc: PaymentService;

beforeAll(async () => {
  ({ store, cleanup } = await sqliteFactory.open());
  svc = makeService(store, new TestClock());
});
afterAll(async () => {
  await cleanup();
});

async function expectRejected(f: () => Promise<unknown>, code: string, path?: string): Promise<void> {
  const before = await store.ledgerCheck();
  const e = (await f().then(
    () => undefined,
    (err: unknown) => err,
  )) as { code: string; status: number; details?: { path?: string }; message: string } | undefined;
  expect(e, `expected ${code}`).toBeDefined();
  expect(e!.code).toBe(code);
  expect(e!.status).toBe(errorCatalogue[code]!.status);
  if (path !== undefined) expect(e!.details?.path).toBe(path);
  expect(e!.message).not.toMatch(/\d{9,}/); // no identifiers echoed
  expect(await store.ledgerCheck()).toEqual(before);
}

describe('authorisation bad input', () => {
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ['negative amount', { amount: -50_000 }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['zero amount', { amount: 0 }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['fractional amount', { amount: 50_000.5 }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['amount as string', { amount: '50000' }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['NaN amount', { amount: Number.NaN }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['Infinity', { amount: Number.POSITIVE_INFINITY }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['unsafe integer', { amount: 2 ** 53 }, 'DD_PAY_AMOUNT_INVALID', 'amount'],
    ['absurd amount', { amount: 10 ** 15 }, 'DD_PAY_AMOUNT_ABOVE_MAXIMUM', 'amount'],
    ['unknown fee code', { fee: { code: 'CASINO_CHIPS' } }, 'DD_PAY_FEE_UNKNOWN', 'fee.code'],
    ['malformed fee code', { fee: { code: 'fee code' } }, 'DD_PAY_REQUEST_INVALID', 'fee.code'],
    ['wrong currency', { currency: 'USD' }, 'DD_PAY_CURRENCY_UNSUPPORTED', 'currency'],
    ['missing currency', { currency: undefined }, 'DD_PAY_CURRENCY_UNSUPPORTED', 'currency'],
    [
      'clock skew ahead',
      { requestedAt: new Date(NOW + 3_600_000).toISOString() },
      'DD_PAY_CLOCK_SKEW',
      'requestedAt',
    ],
    [
      'clock skew behind',
      { requestedAt: new Date(NOW - 3_600_000).toISOString() },
      'DD_PAY_CLOCK_SKEW',
      'requestedAt',
    ],
    [
      'timestamp without zone',
      { requestedAt: '2026-03-10T03:00:00' },
      'DD_PAY_REQUEST_INVALID',
      'requestedAt',
    ],
    ['unknown channel', { channel: 'carrier_pigeon' }, 'DD_PAY_REQUEST_INVALID', 'channel'],
    ['bad BIN', { payee: { code: 'X', bin: '97043', account: '1' } }, 'DD_PAY_REQUEST_INVALID', 'payee.bin'],
    ['missing payee', { payee: undefined }, 'DD_PAY_REQUEST_INVALID', 'payee'],
    [
      'raw CCCD as masked ID',
      { payer: { maskedId: '001234567890' } },
      'DD_PAY_RAW_IDENTIFIER',
      'payer.maskedId',
    ],
    ['raw CCCD as payer ref', { payer: { ref: 'cccd-001234567890' } }, 'DD_PAY_RAW_IDENTIFIER', 'payer.ref'],
    ['raw CMND in reference', { reference: 'ID 123456789' }, 'DD_PAY_RAW_IDENTIFIER', 'reference'],
    ['barely masked ID', { payer: { maskedId: '0012345**890' } }, 'DD_PAY_REQUEST_INVALID', 'payer.maskedId'],
    [
      'unknown account tier',
      { payer: { accountTier: 'gold' } },
      'DD_PAY_REQUEST_INVALID',
      'payer.accountTier',
    ],
    [
      'impossible expiry date',
      { payer: { documentExpiresOn: '2031-02-30' } },
      'DD_PAY_DATE_INVALID',
      'payer.documentExpiresOn',
    ],
    [
      'unknown biometric method',
      {
        payer: {
          biometric: { method: 'selfie', verifiedAt: new Date(NOW).toISOString(), verificationId: 'v' },
        },
      },
      'DD_PAY_REQUEST_INVALID',
      'payer.biometric.method',
    ],
    ['non-ASCII reference', { reference: 'Học phí' }, 'DD_PAY_REQUEST_INVALID', 'reference'],
  ];
  it.each(cases)('%s → %s', async (_name, over, code, path) => {
    await expectRejected(() => svc.authorize('gw-1', 'key-bad-input-1', authorizeBody(over)), code, path);
  });

  it.each([
    [null, 'DD_PAY_REQUEST_INVALID'],
    ['{"amount": 1}', 'DD_PAY_REQUEST_INVALID'],
    [[1, 2], 'DD_PAY_REQUEST_INVALID'],
  ])('non-object body %j', async (body, code) => {
    await expectRejected(() => svc.authorize('gw-1', 'key-bad-input-2', body), code);
  });

  it('refuses bad client ids and idempotency keys', async () => {
    await expectRejected(
      () => svc.authorize('', 'key-bad-input-3', authorizeBody()),
      'DD_PAY_CLIENT_INVALID',
    );
    await expectRejected(
      () => svc.authorize('gw 1', 'key-bad-input-3', authorizeBody()),
      'DD_PAY_CLIENT_INVALID',
    );
    await expectRejected(
      () => svc.authorize('gw-1', 'short', authorizeBody()),
      'DD_PAY_IDEMPOTENCY_KEY_INVALID',
    );
    await expectRejected(
      () => svc.authorize('gw-1', 'has space key', authorizeBody()),
      'DD_PAY_IDEMPOTENCY_KEY_INVALID',
    );
    await expectRejected(
      () => svc.authorize('gw-1', 'k'.repeat(256), authorizeBody()),
      'DD_PAY_IDEMPOTENCY_KEY_INVALID',
    );
  });
});

describe('capture / refund / void bad input', () => {
  let id: string;
  beforeAll(async () => {
    id = (await svc.authorize('gw-1', 'key-bad-input-4', authorizeBody({ amount: 10_000 }))).payment.id;
  });

  it.each([
    [{ amount: -1 }, 'DD_PAY_AMOUNT_INVALID'],
    [{ amount: 0.5 }, 'DD_PAY_AMOUNT_INVALID'],
    [{ amount: 0 }, 'DD_PAY_AMOUNT_INVALID'],
    [{ amount: 10_001 }, 'DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED'],
    [{ amount: 1, currency: 'USD' }, 'DD_PAY_REQUEST_INVALID'],
    ['100', 'DD_PAY_REQUEST_INVALID'],
  ])('capture %j → %s', async (body, code) => {
    await expectRejected(
      () => svc.capture('gw-1', `cap-${code}-${JSON.stringify(body).length}`, id, body),
      code,
    );
  });

  it('refund above captured, void with an amount, unknown ids', async () => {
    await svc.capture('gw-1', 'cap-bad-input-ok', id, { amount: 4_000 });
    await expectRejected(
      () => svc.refund('gw-1', 'ref-bad-input-1', id, { amount: 4_001 }),
      'DD_PAY_REFUND_EXCEEDS_CAPTURED',
    );
    await expectRejected(() => svc.void('gw-1', 'void-bad-input', id), 'DD_PAY_ILLEGAL_TRANSITION');
    await expectRejected(
      () => svc.capture('gw-1', 'cap-bad-input-2', 'nope'),
      'DD_PAY_NOT_FOUND',
      'paymentId',
    );
    await expectRejected(
      () => svc.refund('gw-1', 'ref-bad-input-2', 'pay_zzzzzzzzzzzzzzzzzzzz'),
      'DD_PAY_NOT_FOUND',
    );
  });
});

describe('error catalogue', () => {
  it('has a status and summary for every payment and VietQR code', () => {
    const codes = Object.keys(errorCatalogue).filter(
      (c) => c.startsWith('DD_PAY_') || c.startsWith('DD_VIETQR_'),
    );
    expect(codes.length).toBeGreaterThan(30);
    for (const c of codes) {
      expect(errorCatalogue[c]!.status).toBeGreaterThanOrEqual(400);
      expect(errorCatalogue[c]!.summary.length).toBeGreaterThan(10);
    }
  });
});
