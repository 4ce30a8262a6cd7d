/**
 * Schemas of the eKYC routes. Binary fields are base64 (RFC 4648 §4); in a
 * msgpack body they may be raw `bin` values instead. The library decodes and
 * checks them and names the failing path.
 */
const b64 = { type: 'string', contentEncoding: 'base64', maxLength: 200_000 } as const;

export const cardProperties = {
  sod: { ...b64, description: 'EF.SOD file bytes as read (tag 0x77 included)' },
  dataGroups: {
    type: 'object',
    description: 'Data-group files by number ("1", "2", "13", "14", "15"), tag included',
    propertyNames: { pattern: '^(?:[1-9]|1[0-6])$' },
    additionalProperties: b64,
    minProperties: 1,
  },
  qr: {
    type: 'string',
    maxLength: 1024,
    description: 'The QR string printed on the card (compared, never trusted)',
  },
} as const;

/**
 * A card JSON file (docs/cardgen.md) can be posted as it is: its metadata is
 * accepted and ignored. A recorded `aa` is not accepted — active
 * authentication needs a fresh challenge from /v1/ekyc/challenges.
 */
const cardFileMetadata = {
  version: { type: 'integer', enum: [1] },
  id: { type: 'string', maxLength: 128 },
  label: { type: 'string', maxLength: 256 },
  expect: { type: 'object' },
  com: { ...b64, maxLength: 1024, description: 'EF.COM (not covered by the SOD; ignored)' },
} as const;

export const verificationBody = {
  $id: 'VerificationRequest',
  type: 'object',
  additionalProperties: false,
  required: ['sod', 'dataGroups'],
  properties: {
    ...cardProperties,
    ...cardFileMetadata,
    activeAuthentication: {
      type: 'object',
      additionalProperties: false,
      required: ['challengeId', 'signature'],
      properties: {
        challengeId: { type: 'string', maxLength: 64 },
        signature: { ...b64, maxLength: 2048, description: 'The chip’s signature over the challenge' },
      },
    },
  },
} as const;

export const batchBody = {
  $id: 'VerificationBatchRequest',
  type: 'object',
  additionalProperties: false,
  required: ['cards'],
  properties: {
    cards: {
      type: 'array',
      minItems: 1,
      description: 'Up to the configured number of cards (default 100); no active authentication in a batch',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sod', 'dataGroups'],
        properties: cardProperties,
      },
    },
  },
} as const;

const checkSchema = {
  type: 'object',
  required: ['check', 'status'],
  properties: {
    check: { type: 'string' },
    status: { type: 'string', enum: ['pass', 'fail', 'skipped', 'warn'] },
    required: { type: 'boolean' },
    reason: { type: 'string' },
    detail: { type: 'string' },
  },
} as const;

const str = { type: 'string' } as const;

export const personSchema = {
  $id: 'Person',
  type: 'object',
  description: 'The holder: masked unless the client has the ekyc:personal-data scope',
  required: ['masked'],
  properties: {
    masked: { type: 'boolean' },
    idNumber: str,
    oldIdNumber: str,
    fullName: str,
    yearOfBirth: str,
    dateOfBirth: str,
    sex: str,
    nationality: str,
    ethnicity: str,
    religion: str,
    placeOfOrigin: str,
    placeOfResidence: str,
    identifyingMarks: str,
    dateOfIssue: str,
    dateOfExpiry: str,
    fatherName: str,
    motherName: str,
    spouseName: str,
  },
} as const;

export const verificationSchema = {
  $id: 'Verification',
  type: 'object',
  required: ['id', 'verdict', 'checks', 'createdAt'],
  properties: {
    id: str,
    verdict: { type: 'string', enum: ['verified', 'rejected'] },
    firstFailure: { ...checkSchema, description: 'The check that rejected the document' },
    checks: { type: 'array', items: checkSchema },
    document: {
      type: 'object',
      description: 'Non-personal facts about the document and its signer',
      properties: {
        hashAlgorithm: str,
        signatureAlgorithm: str,
        dataGroupsHashed: { type: 'array', items: { type: 'integer' } },
        dataGroupsGiven: { type: 'array', items: { type: 'integer' } },
        signingTime: str,
        dsc: {
          type: 'object',
          properties: { subject: str, issuer: str, serialHex: str, notBefore: str, notAfter: str },
        },
        csca: { type: 'object', properties: { subject: str, kind: str, source: str } },
        activeAuthentication: str,
      },
    },
    person: { $ref: 'Person#' },
    createdAt: str,
  },
} as const;

export const batchResultSchema = {
  $id: 'VerificationBatchResult',
  type: 'object',
  required: ['results', 'summary'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index'],
        properties: {
          index: { type: 'integer' },
          verification: { $ref: 'Verification#' },
          error: { $ref: 'Error#' },
        },
      },
    },
    summary: {
      type: 'object',
      properties: {
        verified: { type: 'integer' },
        rejected: { type: 'integer' },
        errors: { type: 'integer' },
      },
    },
  },
} as const;

export const challengeSchema = {
  type: 'object',
  required: ['id', 'nonce', 'expiresAt'],
  properties: {
    id: str,
    nonce: {
      type: 'string',
      contentEncoding: 'base64',
      description: '8 random bytes for the chip to sign (ICAO 9303-11 §6.1)',
    },
    expiresAt: str,
  },
} as const;

export const ekycSchemas = [
  verificationBody,
  batchBody,
  personSchema,
  verificationSchema,
  batchResultSchema,
] as const;
