/**
 * Codes the HTTP service adds on top of the library's areas: transport,
 * authentication and resource errors. Each status is what the service
 * answers with; summaries never carry personal data.
 */
export const serverCodes: Record<string, { status: number; summary: string }> = {
  DD_SERVER_NOT_FOUND: { status: 404, summary: 'No route matches this method and path' },
  DD_SERVER_VALIDATION: { status: 400, summary: 'The request does not match the route schema' },
  DD_SERVER_MALFORMED_BODY: { status: 400, summary: 'The body is not valid JSON or msgpack, or is empty' },
  DD_SERVER_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: 'Content-Type is neither application/json nor application/msgpack',
  },
  DD_SERVER_BODY_TOO_LARGE: { status: 413, summary: 'The body exceeds the route body limit' },
  DD_SERVER_BAD_REQUEST: { status: 400, summary: 'The HTTP request is malformed' },
  DD_SERVER_AUTH_MISSING: { status: 401, summary: 'Request signing headers are missing' },
  DD_SERVER_AUTH_MALFORMED: { status: 401, summary: 'A request signing header is malformed' },
  DD_SERVER_AUTH_UNKNOWN_KEY: { status: 401, summary: 'The key id is not configured' },
  DD_SERVER_AUTH_STALE_TIMESTAMP: {
    status: 401,
    summary: 'The signed timestamp is outside the allowed skew',
  },
  DD_SERVER_AUTH_BAD_SIGNATURE: { status: 401, summary: 'The request signature does not verify' },
  DD_SERVER_AUTH_REPLAYED_NONCE: { status: 401, summary: 'The nonce was already used with this key' },
  DD_SERVER_FORBIDDEN: { status: 403, summary: 'The client lacks the scope this route requires' },
  DD_SERVER_RATE_LIMITED: { status: 429, summary: 'Too many requests from this client; see Retry-After' },
  DD_SERVER_OVERLOADED: { status: 503, summary: 'The service is overloaded; see Retry-After' },
  DD_SERVER_NOT_READY: { status: 503, summary: 'A dependency (database, worker pool) is not ready' },
  DD_SERVER_IDEMPOTENCY_KEY_MISSING: { status: 400, summary: 'The Idempotency-Key header is required' },
  DD_SERVER_BATCH_TOO_LARGE: { status: 413, summary: 'The batch holds more cards than configured' },
  DD_SERVER_VERIFICATION_NOT_FOUND: { status: 404, summary: 'No verification with this id for this client' },
  DD_SERVER_CONFIG_INVALID: { status: 500, summary: 'The service configuration is invalid' },
  DD_SERVER_INTERNAL: { status: 500, summary: 'Unexpected failure inside the service' },
};
