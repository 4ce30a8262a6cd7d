import type { ErrorCatalogue } from './index.js';

/**
 * Payment authorisation codes. Details name the failing field (`path`) or the
 * payment's state, never a payer's identity.
 */
export const paymentErrorCodes: ErrorCatalogue = {
  DD_PAY_REQUEST_INVALID: {
    status: 400,
    summary: 'a request field is missing or has the wrong type or form',
  },
  DD_PAY_AMOUNT_INVALID: { status: 400, summary: 'an amount is not a positive whole number of VND' },
  DD_PAY_AMOUNT_ABOVE_MAXIMUM: {
    status: 422,
    summary: 'an amount exceeds the configured maximum per payment',
  },
  DD_PAY_CURRENCY_UNSUPPORTED: { status: 422, summary: 'the currency is not VND (ISO 4217 704)' },
  DD_PAY_FEE_UNKNOWN: { status: 422, summary: 'the fee code is not in the policy’s fee catalogue' },
  DD_PAY_CLOCK_SKEW: {
    status: 422,
    summary: 'a request or evidence timestamp is further from the server clock than the allowed skew',
  },
  DD_PAY_RAW_IDENTIFIER: {
    status: 400,
    summary: 'a field looks like a raw ID number; send the masked ID or an opaque reference instead',
  },
  DD_PAY_CLIENT_INVALID: { status: 400, summary: 'the client id is missing or malformed' },
  DD_PAY_IDEMPOTENCY_KEY_INVALID: { status: 400, summary: 'the idempotency key is missing or malformed' },
  DD_PAY_IDEMPOTENCY_MISMATCH: {
    status: 422,
    summary: 'the idempotency key was already used with a different request',
  },
  DD_PAY_IDEMPOTENCY_IN_FLIGHT: {
    status: 409,
    summary: 'a request with the same idempotency key is still being processed',
  },
  DD_PAY_NOT_FOUND: { status: 404, summary: 'no payment with this id' },
  DD_PAY_ILLEGAL_TRANSITION: {
    status: 409,
    summary: 'the operation is not allowed in the payment’s current state',
  },
  DD_PAY_EXPIRED: { status: 409, summary: 'the authorisation has expired' },
  DD_PAY_VOIDED: { status: 409, summary: 'the authorisation was voided' },
  DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED: {
    status: 422,
    summary: 'the capture would take the captured total above the authorised amount',
  },
  DD_PAY_REFUND_EXCEEDS_CAPTURED: {
    status: 422,
    summary: 'the refund would take the refunded total above the captured amount',
  },
  DD_PAY_DATE_INVALID: { status: 400, summary: 'a date is not a real calendar date in YYYY-MM-DD form' },
  DD_PAY_CONFIG_INVALID: { status: 500, summary: 'a payment policy or service setting is invalid' },
  DD_PAY_LEDGER_UNBALANCED: { status: 500, summary: 'a ledger journal does not net to zero (refused)' },
  DD_PAY_STORE_UNAVAILABLE: {
    status: 503,
    summary: 'the payment store could not commit; nothing was written',
  },
  DD_PAY_STORE_INCONSISTENT: {
    status: 500,
    summary: 'stored records contradict each other (an idempotency record without its payment)',
  },
  DD_PAY_SCHEMA_TOO_NEW: {
    status: 500,
    summary: 'the database schema is newer than this code understands',
  },
  DD_PAY_SIGNER_KEY_INVALID: { status: 500, summary: 'a signing key is not a usable P-256 private key' },
  DD_PAY_TOKEN_MALFORMED: { status: 400, summary: 'the signed authorisation is not a compact JWS' },
  DD_PAY_TOKEN_ALGORITHM: { status: 400, summary: 'the signed authorisation does not use ES256' },
  DD_PAY_TOKEN_KEY_UNKNOWN: { status: 401, summary: 'no key in the JWKS matches the token’s kid' },
  DD_PAY_TOKEN_SIGNATURE_INVALID: { status: 401, summary: 'the signature over the token does not verify' },
  DD_PAY_TOKEN_AUDIENCE: { status: 401, summary: 'the signed authorisation was issued for another audience' },
  DD_PAY_TOKEN_EXPIRED: { status: 401, summary: 'the signed authorisation is past its expiry' },
};
