/**
 * Request signing shared by the service and its client.
 *
 * A signed request carries four headers; the signature is HMAC-SHA256 over a
 * canonical string that binds the method, the path exactly as sent (query
 * included), the timestamp, the nonce, the Idempotency-Key and the SHA-256 of
 * the body bytes exactly as sent. Any change to one of them breaks the MAC,
 * and the nonce cache rejects a byte-identical replay inside the time window.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';

export const SCHEME = 'DD1-HMAC-SHA256';
export const headers = {
  keyId: 'dd-key-id',
  timestamp: 'dd-timestamp',
  nonce: 'dd-nonce',
  signature: 'dd-signature',
  idempotencyKey: 'idempotency-key',
} as const;

/** Allowed clock skew in seconds, both directions. */
export const MAX_SKEW_SECONDS = 300;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/;

export interface SignedParts {
  readonly method: string;
  /** Path and query exactly as on the request line. */
  readonly path: string;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly nonce: string;
  readonly idempotencyKey: string | undefined;
  readonly body: Uint8Array;
}

export const sha256Hex = (bytes: Uint8Array): string => hash('sha256', bytes, 'hex');

export function canonicalString(p: SignedParts): string {
  return [
    SCHEME,
    p.method.toUpperCase(),
    p.path,
    String(p.timestamp),
    p.nonce,
    p.idempotencyKey ?? '',
    sha256Hex(p.body),
  ].join('\n');
}

/** Lower-case hex HMAC-SHA256 of the canonical string. */
export function signParts(secret: Uint8Array, p: SignedParts): string {
  return createHmac('sha256', secret).update(canonicalString(p)).digest('hex');
}

/** Constant-time comparison of a presented hex signature with the expected one. */
export function signatureMatches(secret: Uint8Array, p: SignedParts, presentedHex: string): boolean {
  if (!SIGNATURE_PATTERN.test(presentedHex)) return false;
  const expected = createHmac('sha256', secret).update(canonicalString(p)).digest();
  return timingSafeEqual(expected, Buffer.from(presentedHex, 'hex'));
}
