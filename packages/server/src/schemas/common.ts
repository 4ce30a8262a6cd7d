/**
 * Shared schemas, added once with `$id` and referenced by `$ref` so the
 * OpenAPI document names them in components.schemas.
 */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description:
    'Every non-2xx answer. `code` is stable (see docs/errors.md); `message` never holds personal data.',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', pattern: '^DD_[A-Z0-9_]+$', examples: ['DD_SERVER_AUTH_BAD_SIGNATURE'] },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

export const errorRef = { $ref: 'Error#' } as const;

/** Error responses every route can give; added to each route by the app. */
export const errorResponses = { '4xx': errorRef, '5xx': errorRef } as const;

export const sharedSchemas = [errorSchema] as const;
