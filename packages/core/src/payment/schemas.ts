/**
 * JSON Schemas (draft-07, as Fastify/Ajv use them) for the HTTP layer: route
 * bodies and the payment response. The response schema lists every field of
 * `Payment`, so a serialiser built from it drops anything unlisted — a guard
 * against ever echoing more than the masked identity. The parsers in
 * `model.ts` remain the authority on forms; these schemas describe shapes.
 */
import { ACCOUNT_TIERS, BIOMETRIC_METHODS, CHANNELS } from './model.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const vnd = { type: 'integer', minimum: 1 } as const;
const nullableStr = { type: ['string', 'null'] } as const;

export const authorizeRequestSchema = {
  type: 'object',
  required: ['payer', 'payee', 'fee', 'amount', 'currency', 'channel', 'requestedAt'],
  properties: {
    payer: {
      type: 'object',
      required: [
        'ref',
        'verificationId',
        'maskedId',
        'accountTier',
        'deviceId',
        'documentExpiresOn',
        'chipVerifiedAt',
      ],
      properties: {
        ref: str,
        verificationId: str,
        maskedId: str,
        accountTier: { enum: ACCOUNT_TIERS },
        deviceId: str,
        documentExpiresOn: { type: 'string', format: 'date' },
        chipVerifiedAt: { type: 'string', format: 'date-time' },
        biometric: {
          type: 'object',
          required: ['method', 'verifiedAt', 'verificationId'],
          properties: {
            method: { enum: BIOMETRIC_METHODS },
            verifiedAt: { type: 'string', format: 'date-time' },
            verificationId: str,
          },
        },
      },
    },
    payee: {
      type: 'object',
      required: ['code', 'bin', 'account'],
      properties: { code: str, bin: { type: 'string', pattern: '^\\d{6}$' }, account: str },
    },
    fee: { type: 'object', required: ['code'], properties: { code: str, description: str } },
    amount: vnd,
    currency: { enum: ['VND', '704'] },
    channel: { enum: CHANNELS },
    requestedAt: { type: 'string', format: 'date-time' },
    reference: str,
  },
} as const;

/** Capture and refund bodies; void takes none. */
export const amountRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { amount: vnd },
} as const;

export const paymentSchema = {
  type: 'object',
  properties: {
    id: str,
    clientId: str,
    status: str,
    amount: int,
    currency: str,
    capturedAmount: int,
    refundedAmount: int,
    payer: {
      type: 'object',
      properties: {
        ref: str,
        verificationId: str,
        maskedId: str,
        accountTier: str,
        deviceId: str,
        authMethod: str,
      },
    },
    payee: { type: 'object', properties: { code: str, bin: str, account: str } },
    fee: { type: 'object', properties: { code: str, description: str } },
    channel: str,
    decision: {
      type: 'object',
      properties: {
        outcome: str,
        code: str,
        reason: str,
        tier: str,
        stepUp: { type: 'array', items: str },
        policyVersion: str,
      },
    },
    createdAt: str,
    updatedAt: str,
    expiresAt: nullableStr,
    token: nullableStr,
    vietqr: nullableStr,
  },
} as const;

/** `{ payment, replayed }`, what every mutating operation resolves to. */
export const operationResultSchema = {
  type: 'object',
  properties: { payment: paymentSchema, replayed: { type: 'boolean' } },
} as const;
