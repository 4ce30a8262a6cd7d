/** Shared row mapping for both adapters (column names are identical in both dialects). */

import { compactDoc, loadDoc } from './_stored-doc.js';
import type { IdempotencyRecord, StoredResponse } from './idempotency.js';
import type { Payment } from './model.js';
import type { StoredPayment } from './store.js';

/**
 * Payments are immutable values, so the JSON of the last one stringified is
 * kept: an update writes the row and then the idempotency record of the same
 * payment. One slot, not a WeakMap: a WeakMap entry per payment costs more to
 * set and to garbage-collect than the rare second stringify it saves.
 */
let lastPayment: Payment | undefined;
let lastJson = '';

export function paymentJson(p: Payment): string {
  if (p !== lastPayment) {
    lastJson = JSON.stringify(p);
    lastPayment = p;
  }
  return lastJson;
}

/** The payments.doc column: the document's JSON in its stored form (see _stored-doc.ts). */
export const storedDoc = (p: Payment): string => compactDoc(p, paymentJson(p));

/** The stored form of a response, reusing the payment's cached JSON. */
export const responseJson = (r: StoredResponse): string =>
  r.ok && 'payment' in r ? `{"ok":true,"payment":${paymentJson(r.payment)}}` : JSON.stringify(r);

export interface PaymentRow {
  readonly doc: string;
  readonly local_day: string;
  readonly local_month: string;
  readonly created_at: number | string;
  readonly updated_at: number | string;
  readonly expires_at: number | string | null;
  readonly counted: number | boolean;
}

export const fromPaymentRow = (r: PaymentRow): StoredPayment => ({
  payment: loadDoc(r.doc),
  meta: {
    day: r.local_day,
    month: r.local_month,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    counted: r.counted === true || r.counted === 1,
  },
});

export interface IdempotencyRow {
  readonly client_id: string;
  readonly key: string;
  readonly operation: string;
  readonly request_hash: string;
  readonly response: string;
  readonly created_at: number | string;
  readonly expires_at: number | string;
}

export const fromIdempotencyRow = (r: IdempotencyRow): IdempotencyRecord => ({
  clientId: r.client_id,
  key: r.key,
  operation: r.operation,
  requestHash: r.request_hash,
  response: JSON.parse(r.response) as StoredResponse,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});
