import { describe, expect, it } from 'vitest';
import { type PaymentAmounts, type PaymentOperation, transition } from '../../src/payment/index.js';
import { codeOf } from './_fixtures.js';

const open: PaymentAmounts = {
  status: 'authorized',
  amount: 100,
  capturedAmount: 0,
  refundedAmount: 0,
  expiresAt: 1000,
};
const at = (over: Partial<PaymentAmounts>): PaymentAmounts => ({ ...open, ...over });

describe('state machine', () => {
  it('captures fully or in parts, up to the authorised amount', () => {
    expect(transition(open, 'capture', undefined, 0)).toMatchObject({
      status: 'captured',
      capturedAmount: 100,
      moved: 100,
    });
    const part = transition(open, 'capture', 40, 0);
    expect(part).toMatchObject({ status: 'partially_captured', capturedAmount: 40, moved: 40, released: 0 });
    const rest = transition(at({ status: 'partially_captured', capturedAmount: 40 }), 'capture', 60, 0);
    expect(rest).toMatchObject({ status: 'captured', capturedAmount: 100 });
  });

  it('refunds up to the captured amount; a refund on a partial capture releases the rest', () => {
    const captured = at({ status: 'captured', capturedAmount: 100 });
    expect(transition(captured, 'refund', 30, 0)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 30,
    });
    expect(
      transition(
        at({ status: 'partially_refunded', capturedAmount: 100, refundedAmount: 30 }),
        'refund',
        undefined,
        0,
      ),
    ).toMatchObject({
      status: 'refunded',
      refundedAmount: 100,
      moved: 70,
    });
    expect(
      transition(at({ status: 'partially_captured', capturedAmount: 40 }), 'refund', 40, 0),
    ).toMatchObject({
      status: 'refunded',
      released: 60,
    });
  });

  it('voids and expires with the whole uncaptured remainder released', () => {
    expect(transition(open, 'void', undefined, 0)).toMatchObject({ status: 'voided', released: 100 });
    expect(transition(open, 'expire', undefined, 0)).toMatchObject({ status: 'expired', released: 100 });
    expect(
      transition(at({ status: 'partially_captured', capturedAmount: 30 }), 'expire', undefined, 0),
    ).toMatchObject({
      status: 'captured',
      released: 70,
    });
  });

  it('refuses captures above the authorised amount and refunds above the captured amount', async () => {
    expect(await codeOf(() => transition(open, 'capture', 101, 0))).toBe('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED');
    expect(
      await codeOf(() =>
        transition(at({ status: 'partially_captured', capturedAmount: 90 }), 'capture', 11, 0),
      ),
    ).toBe('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED');
    expect(
      await codeOf(() =>
        transition(at({ status: 'captured', capturedAmount: 100, refundedAmount: 0 }), 'refund', 101, 0),
      ),
    ).toBe('DD_PAY_REFUND_EXCEEDS_CAPTURED');
  });

  it('refuses to capture once the expiry time has passed, even before the sweep', async () => {
    expect(await codeOf(() => transition(open, 'capture', 1, 1000))).toBe('DD_PAY_EXPIRED');
  });

  const illegal: [PaymentAmounts['status'], PaymentOperation, string][] = [
    ['voided', 'capture', 'DD_PAY_VOIDED'],
    ['voided', 'refund', 'DD_PAY_VOIDED'],
    ['voided', 'void', 'DD_PAY_VOIDED'],
    ['expired', 'capture', 'DD_PAY_EXPIRED'],
    ['expired', 'void', 'DD_PAY_EXPIRED'],
    ['authorized', 'refund', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['captured', 'capture', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['captured', 'void', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['partially_captured', 'void', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['refunded', 'refund', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['partially_refunded', 'capture', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['declined', 'capture', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['step_up_required', 'capture', 'DD_PAY_ILLEGAL_TRANSITION'],
    ['declined', 'expire', 'DD_PAY_ILLEGAL_TRANSITION'],
  ];
  it.each(illegal)('%s → %s is %s', async (status, op, code) => {
    expect(await codeOf(() => transition(at({ status, capturedAmount: 50 }), op, undefined, 0))).toBe(code);
  });
});
