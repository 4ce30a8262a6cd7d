/**
 * Schemas of the payment routes. They state types, required fields and enums;
 * the forms of values (masked ID, RFC 3339, BIN, fee code, no raw ID numbers)
 * are checked by the library, which names the failing field in its error.
 */
const ref = { type: 'string', minLength: 1, maxLength: 64 } as const;
const instant = { type: 'string', minLength: 1, maxLength: 40, description: 'RFC 3339 timestamp' } as const;
const vnd = { type: 'integer', minimum: 1, description: 'Whole VND' } as const;

export const authorizeBody = {
  $id: 'AuthorizeRequest',
  type: 'object',
  additionalProperties: false,
  required: ['payer', 'payee', 'fee', 'amount', 'currency', 'channel', 'requestedAt'],
  properties: {
    payer: {
      type: 'object',
      additionalProperties: false,
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
        ref: { ...ref, description: 'Opaque account reference, never an ID number' },
        verificationId: { ...ref, description: 'Id of the chip verification vouching for the payer' },
        maskedId: { type: 'string', maxLength: 12, description: 'ID number with at most 4 visible digits' },
        accountTier: { type: 'string', enum: ['ekyc', 'standard'] },
        deviceId: ref,
        documentExpiresOn: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD' },
        chipVerifiedAt: instant,
        biometric: {
          type: 'object',
          additionalProperties: false,
          required: ['method', 'verifiedAt', 'verificationId'],
          properties: {
            method: { type: 'string', enum: ['chip_face_match', 'vneid', 'bank_biometric'] },
            verifiedAt: instant,
            verificationId: ref,
          },
        },
      },
    },
    payee: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'bin', 'account'],
      properties: {
        code: { type: 'string', maxLength: 32 },
        bin: { type: 'string', maxLength: 6, description: 'Six-digit NAPAS bank BIN' },
        account: { type: 'string', maxLength: 19 },
      },
    },
    fee: {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: {
        code: { type: 'string', maxLength: 32 },
        description: { type: 'string', maxLength: 200 },
      },
    },
    amount: vnd,
    currency: { type: 'string', enum: ['VND', '704'] },
    channel: {
      type: 'string',
      enum: ['public_service_portal', 'mobile_banking', 'internet_banking', 'qr', 'pos', 'kiosk'],
    },
    requestedAt: instant,
    reference: { type: 'string', maxLength: 25 },
  },
} as const;

export const amountBody = {
  type: 'object',
  additionalProperties: false,
  properties: { amount: vnd },
} as const;

export const paymentSchema = {
  $id: 'Payment',
  type: 'object',
  required: [
    'id',
    'status',
    'amount',
    'currency',
    'capturedAmount',
    'refundedAmount',
    'decision',
    'createdAt',
  ],
  properties: {
    id: { type: 'string' },
    status: {
      type: 'string',
      enum: [
        'authorized',
        'partially_captured',
        'captured',
        'partially_refunded',
        'refunded',
        'voided',
        'expired',
        'declined',
        'step_up_required',
      ],
    },
    amount: { type: 'integer' },
    currency: { type: 'string' },
    capturedAmount: { type: 'integer' },
    refundedAmount: { type: 'integer' },
    payer: {
      type: 'object',
      properties: {
        ref: { type: 'string' },
        verificationId: { type: 'string' },
        maskedId: { type: 'string' },
        accountTier: { type: 'string' },
        deviceId: { type: 'string' },
        authMethod: { type: 'string' },
      },
    },
    payee: {
      type: 'object',
      properties: { code: { type: 'string' }, bin: { type: 'string' }, account: { type: 'string' } },
    },
    fee: { type: 'object', properties: { code: { type: 'string' }, description: { type: 'string' } } },
    channel: { type: 'string' },
    decision: {
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: ['approved', 'declined', 'step_up_required'] },
        code: { type: 'string', description: 'ISO 8583 response code' },
        reason: { type: 'string' },
        tier: { type: 'string' },
        stepUp: { type: 'array', items: { type: 'string' } },
        policyVersion: { type: 'string' },
      },
    },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    token: {
      type: ['string', 'null'],
      description: 'Compact JWS (ES256); verify with /.well-known/jwks.json',
    },
    vietqr: { type: ['string', 'null'], description: 'Dynamic VietQR payload for the payee' },
  },
} as const;

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
