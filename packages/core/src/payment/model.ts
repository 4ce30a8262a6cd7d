/**
 * The authorisation model: who pays (a reference to a verified identity, never
 * the identity itself), whom (an agency or school account), for which fee, how
 * much, through which channel — and request parsing that turns untrusted JSON
 * into these types or a typed error naming the field.
 */
import { payError } from './_errors.js';
import { parseDate, parseInstant } from './_time.js';

/** Circular 16/2020: accounts opened by eKYC carry a monthly debit cap; `standard` ones were opened in person. */
export type AccountTier = 'ekyc' | 'standard';
export const ACCOUNT_TIERS: readonly AccountTier[] = ['ekyc', 'standard'];

/** Decision 2345 accepts a face match against the chip data, VNeID, or the bank's verified biometric store. */
export type BiometricMethod = 'chip_face_match' | 'vneid' | 'bank_biometric';
export const BIOMETRIC_METHODS: readonly BiometricMethod[] = ['chip_face_match', 'vneid', 'bank_biometric'];

export type Channel =
  | 'public_service_portal'
  | 'mobile_banking'
  | 'internet_banking'
  | 'qr'
  | 'pos'
  | 'kiosk';
export const CHANNELS: readonly Channel[] = [
  'public_service_portal',
  'mobile_banking',
  'internet_banking',
  'qr',
  'pos',
  'kiosk',
];

export interface BiometricEvidence {
  readonly method: BiometricMethod;
  /** When the face match passed (RFC 3339). */
  readonly verifiedAt: string;
  /** The chip verification the face was matched against; must equal the payer's `verificationId`. */
  readonly verificationId: string;
}

export interface Payer {
  /** Opaque, stable reference to the payer's account (e.g. a bank customer token) — never an ID number. */
  readonly ref: string;
  /** Id of the chip-ID verification that vouches for the payer. */
  readonly verificationId: string;
  /** ID number with at least 6 characters masked, e.g. `001******789`. */
  readonly maskedId: string;
  readonly accountTier: AccountTier;
  readonly deviceId: string;
  /** Expiry date printed on the ID document (DG1/DG13), YYYY-MM-DD. */
  readonly documentExpiresOn: string;
  /** When the chip verification passed (RFC 3339). */
  readonly chipVerifiedAt: string;
  readonly biometric?: BiometricEvidence;
}

export interface Payee {
  /** Agency or school code as registered with the payment portal. */
  readonly code: string;
  /** Six-digit bank BIN (NAPAS), e.g. 970436. */
  readonly bin: string;
  readonly account: string;
}

export interface Fee {
  readonly code: string;
  readonly description?: string;
}

export interface AuthorizeRequest {
  readonly payer: Payer;
  readonly payee: Payee;
  readonly fee: Fee;
  /** Whole VND. */
  readonly amount: number;
  readonly currency: 'VND';
  readonly channel: Channel;
  /** The client's clock when it sent the request (RFC 3339); checked against the server clock. */
  readonly requestedAt: string;
  /** Optional payer-facing reference carried in the VietQR (62.05), printable ASCII ≤ 25. */
  readonly reference?: string;
}

export interface AmountRequest {
  /** Whole VND; omitted means "everything still possible" (full capture / full refund). */
  readonly amount?: number;
}

export type PaymentStatus =
  | 'authorized'
  | 'partially_captured'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'expired'
  | 'declined'
  | 'step_up_required';

export type Evidence = 'biometric' | 'chip_verification';

/** The status a payment starts in, from its decision. */
export const statusAfterDecision = (outcome: 'approved' | 'declined' | 'step_up_required'): PaymentStatus =>
  outcome === 'approved' ? 'authorized' : outcome;

/** What is stored and returned for one authorisation request (JSON-serialisable). */
export interface Payment {
  readonly id: string;
  readonly clientId: string;
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency: 'VND';
  readonly capturedAmount: number;
  readonly refundedAmount: number;
  readonly payer: {
    readonly ref: string;
    readonly verificationId: string;
    readonly maskedId: string;
    readonly accountTier: AccountTier;
    readonly deviceId: string;
    /** Evidence the decision relied on, e.g. `chip_face_match` (Decision 2345 authentication log). */
    readonly authMethod: string;
  };
  readonly payee: Payee;
  readonly fee: { readonly code: string; readonly description: string };
  readonly channel: Channel;
  readonly decision: {
    readonly outcome: 'approved' | 'declined' | 'step_up_required';
    /** ISO 8583 response code. */
    readonly code: string;
    readonly reason: string;
    /** Decision 2345 appendix group of G+T. */
    readonly tier: string;
    readonly stepUp: readonly Evidence[];
    readonly policyVersion: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set on approved authorisations. */
  readonly expiresAt: string | null;
  /** Compact JWS (ES256) a gateway can verify with the JWKS. */
  readonly token: string | null;
  /** Dynamic VietQR for the payee with the amount and the payment id as reference. */
  readonly vietqr: string | null;
}

// ---------------------------------------------------------------- parsing --

type Json = Record<string, unknown>;

function obj(v: unknown, path: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw payError('DD_PAY_REQUEST_INVALID', `${path} must be an object`, { path });
  }
  return v as Json;
}

/** `parent.key`, or `key` for top-level fields (parent ''). */
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function text(o: Json, key: string, path: string, pattern: RegExp, describe: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !pattern.test(v)) {
    throw payError('DD_PAY_REQUEST_INVALID', `${join(path, key)} must be ${describe}`, {
      path: join(path, key),
    });
  }
  return v;
}

function oneOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw payError('DD_PAY_REQUEST_INVALID', `${join(path, key)} must be one of ${allowed.join(', ')}`, {
      path: join(path, key),
    });
  }
  return v as T;
}

const REF = /^[A-Za-z0-9._:-]{1,64}$/;
/** A CCCD number is 12 digits (Circular 59/2021 Art. 7); nine-digit CMND numbers are older. */
const RAW_ID = /(?<!\d)(\d{9}|\d{12})(?!\d)/;
/** 9–12 characters, at least 6 of them masked (e.g. `001******789`: province code and last three shown). */
const MASKED_ID = /^[0-9*xX]{9,12}$/;

/** Rejects anything that could carry a raw ID number (Decree 13/2023: ID numbers are sensitive). */
function noRawId(value: string, path: string): string {
  if (RAW_ID.test(value)) {
    throw payError('DD_PAY_RAW_IDENTIFIER', `${path} must not contain a 9- or 12-digit number`, { path });
  }
  return value;
}

function maskedId(o: Json, path: string): string {
  const v = o.maskedId;
  const visible = typeof v === 'string' ? v.replace(/[*xX]/g, '').length : 0;
  if (typeof v !== 'string' || !MASKED_ID.test(v) || visible > 6 || v.length - visible < 6) {
    const raw = typeof v === 'string' && /^\d+$/.test(v);
    throw payError(
      raw ? 'DD_PAY_RAW_IDENTIFIER' : 'DD_PAY_REQUEST_INVALID',
      `${path}.maskedId must be a masked ID number with at least 6 masked characters`,
      { path: `${path}.maskedId` },
    );
  }
  return v;
}

/** Whole VND > 0; fractions, NaN, strings and unsafe integers are refused outright. */
export function parseAmount(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw payError('DD_PAY_AMOUNT_INVALID', `${path} must be a positive whole number of VND`, { path });
  }
  return v;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function parsePayer(v: unknown): Payer {
  const p = obj(v, 'payer');
  const chipVerifiedAt = text(p, 'chipVerifiedAt', 'payer', /^.{1,40}$/, 'an RFC 3339 timestamp');
  parseInstant(chipVerifiedAt, 'payer.chipVerifiedAt');
  const documentExpiresOn = text(p, 'documentExpiresOn', 'payer', /^.{10}$/, 'a date YYYY-MM-DD');
  parseDate(documentExpiresOn, 'payer.documentExpiresOn');
  // Filled in place (optional fields appended last, as a spread would put them): parsing runs per request.
  const payer: Mutable<Payer> = {
    ref: noRawId(text(p, 'ref', 'payer', REF, 'an opaque reference of 1–64 [A-Za-z0-9._:-]'), 'payer.ref'),
    verificationId: noRawId(
      text(p, 'verificationId', 'payer', REF, 'a verification id'),
      'payer.verificationId',
    ),
    maskedId: maskedId(p, 'payer'),
    accountTier: oneOf(p, 'accountTier', 'payer', ACCOUNT_TIERS),
    deviceId: noRawId(
      text(p, 'deviceId', 'payer', REF, 'a device id of 1–64 [A-Za-z0-9._:-]'),
      'payer.deviceId',
    ),
    documentExpiresOn,
    chipVerifiedAt,
  };
  if (p.biometric === undefined) return payer;
  const b = obj(p.biometric, 'payer.biometric');
  const verifiedAt = text(b, 'verifiedAt', 'payer.biometric', /^.{1,40}$/, 'an RFC 3339 timestamp');
  parseInstant(verifiedAt, 'payer.biometric.verifiedAt');
  payer.biometric = {
    method: oneOf(b, 'method', 'payer.biometric', BIOMETRIC_METHODS),
    verifiedAt,
    verificationId: text(b, 'verificationId', 'payer.biometric', REF, 'a verification id'),
  };
  return payer;
}

/** Checks an authorisation request's shape and forms (policy checks come later, in `policy.ts`). */
export function parseAuthorizeRequest(body: unknown): AuthorizeRequest {
  const r = obj(body, 'request');
  const payeeJson = obj(r.payee, 'payee');
  const feeJson = obj(r.fee, 'fee');
  const amount = parseAmount(r.amount, 'amount');
  if (r.currency !== 'VND' && r.currency !== '704') {
    throw payError('DD_PAY_CURRENCY_UNSUPPORTED', 'currency must be VND', { path: 'currency' });
  }
  const requestedAt = text(r, 'requestedAt', '', /^.{1,40}$/, 'an RFC 3339 timestamp');
  parseInstant(requestedAt, 'requestedAt');
  const description = feeJson.description;
  if (
    description !== undefined &&
    (typeof description !== 'string' || !/^[^\p{Cc}]{1,200}$/u.test(description))
  ) {
    throw payError('DD_PAY_REQUEST_INVALID', 'fee.description must be 1–200 characters without controls', {
      path: 'fee.description',
    });
  }
  // Parsed in the order of the fields, so the first bad field is the one reported.
  const payer = parsePayer(r.payer);
  const payee: Payee = {
    code: text(payeeJson, 'code', 'payee', /^[A-Za-z0-9._-]{1,32}$/, 'an agency or school code'),
    bin: text(payeeJson, 'bin', 'payee', /^\d{6}$/, 'a six-digit bank BIN'),
    account: text(payeeJson, 'account', 'payee', /^[0-9A-Za-z]{1,19}$/, '1–19 letters or digits'),
  };
  const fee: Mutable<Fee> = {
    code: text(feeJson, 'code', 'fee', /^[A-Z0-9_]{2,32}$/, 'a fee code of 2–32 [A-Z0-9_]'),
  };
  if (description !== undefined) fee.description = description as string;
  const req: Mutable<AuthorizeRequest> = {
    payer,
    payee,
    fee,
    amount,
    currency: 'VND',
    channel: oneOf(r, 'channel', '', CHANNELS),
    requestedAt,
  };
  if (r.reference === undefined) return req;
  const reference = noRawId(
    text(r, 'reference', '', /^[\x20-\x7e]{1,25}$/, '1–25 printable ASCII'),
    'reference',
  );
  req.reference = reference;
  return req;
}

/** Capture and refund bodies: `{}` or `{ amount }`. */
export function parseAmountRequest(body: unknown, path: string): AmountRequest {
  const r = body === undefined ? {} : obj(body, path);
  for (const k of Object.keys(r)) {
    if (k !== 'amount')
      throw payError('DD_PAY_REQUEST_INVALID', `${path}.${k} is not a known field`, { path: `${path}.${k}` });
  }
  return r.amount === undefined ? {} : { amount: parseAmount(r.amount, `${path}.amount`) };
}

export const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Printable ASCII, as HTTP header values carry it (IETF draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;
