/**
 * Authorisation life cycle (DOMAIN.md §5; Stripe/Adyen conventions):
 *
 *   authorized ──capture──▶ partially_captured ──capture──▶ captured
 *        │                        │      │                     │
 *        ├─void──▶ voided         │      └─refund─┐            └─refund──▶ partially_refunded ──refund──▶ refunded
 *        └─expire─▶ expired       └─expire─▶ captured (rest released)
 *
 * Captures add up to at most the authorised amount; refunds add up to at most
 * the captured amount. A refund closes the authorisation for further
 * captures, releasing whatever was not captured. `declined`, `step_up_required`,
 * `voided`, `expired` and `refunded` are final. The table below is the whole
 * machine; anything not in it is an illegal transition.
 */
import { payError } from './_errors.js';
import type { PaymentStatus } from './model.js';

export type PaymentOperation = 'capture' | 'void' | 'refund' | 'expire';

export interface PaymentAmounts {
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly capturedAmount: number;
  readonly refundedAmount: number;
  /** Epoch ms after which the authorisation can no longer be captured. */
  readonly expiresAt: number;
}

export interface Transition {
  readonly status: PaymentStatus;
  readonly capturedAmount: number;
  readonly refundedAmount: number;
  /** Money captured or refunded by this step. */
  readonly moved: number;
  /** Part of the hold given back to the payer by this step (void, expiry, refund closing a partial capture). */
  readonly released: number;
}

type Step = (p: PaymentAmounts, requested: number | undefined, now: number) => Transition;

const capture: Step = (p, requested, now) => {
  if (now >= p.expiresAt)
    throw payError('DD_PAY_EXPIRED', 'the authorisation has expired', { status: p.status });
  const remaining = p.amount - p.capturedAmount;
  const amount = requested ?? remaining;
  if (amount > remaining) {
    throw payError('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED', 'capture exceeds the amount still authorised', {
      path: 'amount',
      remaining,
    });
  }
  const captured = p.capturedAmount + amount;
  return {
    status: captured === p.amount ? 'captured' : 'partially_captured',
    capturedAmount: captured,
    refundedAmount: p.refundedAmount,
    moved: amount,
    released: 0,
  };
};

const refund: Step = (p, requested) => {
  const refundable = p.capturedAmount - p.refundedAmount;
  const amount = requested ?? refundable;
  if (amount > refundable) {
    throw payError(
      'DD_PAY_REFUND_EXCEEDS_CAPTURED',
      'refund exceeds the amount captured and not yet refunded',
      {
        path: 'amount',
        refundable,
      },
    );
  }
  const refunded = p.refundedAmount + amount;
  return {
    status: refunded === p.capturedAmount ? 'refunded' : 'partially_refunded',
    capturedAmount: p.capturedAmount,
    refundedAmount: refunded,
    moved: amount,
    released: p.status === 'partially_captured' ? p.amount - p.capturedAmount : 0,
  };
};

const release =
  (status: PaymentStatus): Step =>
  (p) => ({
    status,
    capturedAmount: p.capturedAmount,
    refundedAmount: p.refundedAmount,
    moved: 0,
    released: p.amount - p.capturedAmount,
  });

const TABLE: Readonly<Partial<Record<PaymentStatus, Partial<Record<PaymentOperation, Step>>>>> = {
  authorized: { capture, void: release('voided'), expire: release('expired') },
  partially_captured: { capture, refund, expire: release('captured') },
  captured: { refund },
  partially_refunded: { refund },
};

/** Codes for operations on final states the caller most often hits, so gateways can tell them apart. */
const FINAL_STATE_CODES: Readonly<Partial<Record<PaymentStatus, string>>> = {
  voided: 'DD_PAY_VOIDED',
  expired: 'DD_PAY_EXPIRED',
};

/** Applies `operation`; throws a typed error (and changes nothing) when the table does not allow it. */
export function transition(
  p: PaymentAmounts,
  operation: PaymentOperation,
  requested: number | undefined,
  now: number,
): Transition {
  const step = TABLE[p.status]?.[operation];
  if (step === undefined) {
    const code = FINAL_STATE_CODES[p.status] ?? 'DD_PAY_ILLEGAL_TRANSITION';
    throw payError(code, `cannot ${operation} a payment that is ${p.status}`, {
      status: p.status,
      operation,
    });
  }
  return step(p, requested, now);
}

/** Statuses whose amount counts toward the payer's running totals (held or moved money). */
export const COUNTED_STATUSES: readonly PaymentStatus[] = [
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
];
