/**
 * Schemas of the payment routes. Bodies and the payment come from
 * @dinhdanh/core/payment (shapes; the library's parsers check the forms of
 * values and name the failing field); reconciliation, JWKS, headers and
 * parameters are the service's.
 */
import {
  amountRequestSchema,
  authorizeRequestSchema,
  paymentSchema as corePaymentSchema,
} from '@dinhdanh/core/payment';

/** The library's schemas (one source with its parsers), named for components.schemas. */
export const authorizeBody = { $id: 'AuthorizeRequest', ...authorizeRequestSchema } as const;
export const amountBody = amountRequestSchema;
export const paymentSchema = { $id: 'Payment', ...corePaymentSchema } as const;

const rowCommon = {
  payeeCode: { type: 'string' },
  feeCode: { type: 'string' },
  count: { type: 'integer' },
  amount: { type: 'integer' },
} as const;

export const reconciliationSchema = {
  $id: 'ReconciliationReport',
  type: 'object',
  required: ['date', 'payments', 'movements', 'totals', 'ledgerNet'],
  properties: {
    date: { type: 'string' },
    utcOffsetMinutes: { type: 'integer' },
    generatedAt: { type: 'string' },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...rowCommon,
          status: { type: 'string' },
          capturedAmount: { type: 'integer' },
          refundedAmount: { type: 'integer' },
        },
      },
    },
    movements: {
      type: 'array',
      items: { type: 'object', properties: { ...rowCommon, kind: { type: 'string' } } },
    },
    totals: {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        amount: { type: 'integer' },
        capturedAmount: { type: 'integer' },
        refundedAmount: { type: 'integer' },
      },
    },
    ledgerNet: { type: 'integer', description: '0 when every journal balanced' },
  },
} as const;

export const jwksSchema = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
          kid: { type: 'string' },
          alg: { type: 'string' },
          use: { type: 'string' },
        },
      },
    },
  },
} as const;

export const idempotencyHeaders = {
  type: 'object',
  required: ['idempotency-key'],
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 8,
      maxLength: 255,
      description: 'Client-chosen key; the first response is stored and replayed for 24 h',
    },
  },
} as const;

export const paymentIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

export const paymentSchemas = [authorizeBody, paymentSchema, reconciliationSchema] as const;
