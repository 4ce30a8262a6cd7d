/**
 * Idempotency keys (Stripe convention; IETF draft-ietf-httpapi-idempotency-key-header):
 * per client and key we keep a SHA-256 of the request and the response that
 * was sent — success or error — for at least 24 hours. A replay with the same
 * request gets the stored response; another request under the same key is an
 * error; a second request while the first is still running is a conflict.
 * Requests rejected before execution (malformed input) store nothing, so the
 * client can correct and retry with the same key.
 */
import { hash } from 'node:crypto';
import { DinhdanhError } from '../errors/index.js';
import { payError } from './_errors.js';
import { CLIENT_ID, IDEMPOTENCY_KEY, type Payment, statusAfterDecision } from './model.js';

/**
 * SHA-256 over operation, target and body. Bodies are the parsers' outputs,
 * whose key order is fixed by construction, so their plain JSON is canonical
 * and a client's key order or extra fields do not change the hash.
 */
export const requestHash = (operation: string, target: string, body: unknown): string =>
  // One-shot crypto.hash: the same digest as createHash without a Hash object per request.
  hash('sha256', `${operation}\n${target}\n${JSON.stringify(body)}`, 'hex');

export interface StoredError {
  readonly ok: false;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly status: number;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

/**
 * What a replay answers with. A new authorisation's response is the payment
 * exactly as created; its immutable fields never change and the mutable ones
 * (status, captured and refunded amounts, updatedAt) have known initial
 * values, so it is stored by reference (`created`) and rebuilt by `asCreated`
 * — the same JSON, without writing the ~1.5 KB document twice. Other
 * responses are stored whole.
 */
export type StoredResponse =
  | { readonly ok: true; readonly payment: Payment }
  | { readonly ok: true; readonly created: string }
  | StoredError;

/** A payment as it was when created (the response to its authorisation request). */
export const asCreated = (p: Payment): Payment => ({
  ...p,
  status: statusAfterDecision(p.decision.outcome),
  capturedAmount: 0,
  refundedAmount: 0,
  updatedAt: p.createdAt,
});

export interface IdempotencyRecord {
  readonly clientId: string;
  readonly key: string;
  readonly operation: string;
  readonly requestHash: string;
  readonly response: StoredResponse;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

export function checkClient(clientId: unknown): void {
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    throw payError('DD_PAY_CLIENT_INVALID', 'client id must be 1–64 [A-Za-z0-9._-]', { path: 'clientId' });
  }
}

export function checkClientAndKey(clientId: unknown, key: unknown): void {
  checkClient(clientId);
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw payError(
      'DD_PAY_IDEMPOTENCY_KEY_INVALID',
      'idempotency key must be 8–255 visible ASCII characters',
      {
        path: 'idempotencyKey',
      },
    );
  }
}

/** The stored form of a business error raised while executing the request. */
export const storedError = (e: DinhdanhError): StoredError => ({
  ok: false,
  error: {
    code: e.code,
    message: e.message,
    status: e.status,
    ...(e.details === undefined ? {} : { details: e.details }),
  },
});

/** Rebuilds the error a replay answers with; `details.replayed` tells the caller it is a replay. */
export function replayedError(r: StoredError, replayed: boolean): DinhdanhError {
  const details = replayed ? { ...r.error.details, replayed: true } : r.error.details;
  return new DinhdanhError(r.error.code, r.error.message, {
    status: r.error.status,
    ...(details === undefined ? {} : { details: { ...details } }),
  });
}

/** Keys whose first request is still running in this process. */
export class InFlight {
  readonly #keys = new Set<string>();

  /** Claims the key or throws the in-flight conflict. */
  claim(clientId: string, key: string): string {
    const k = `${clientId}\u0000${key}`;
    if (this.#keys.has(k)) {
      throw payError('DD_PAY_IDEMPOTENCY_IN_FLIGHT', 'a request with this idempotency key is in progress', {
        path: 'idempotencyKey',
      });
    }
    this.#keys.add(k);
    return k;
  }

  release(k: string): void {
    this.#keys.delete(k);
  }
}
