/**
 * Error codes of the hashing area (`@dinhdanh/core/hash`, `@dinhdanh/wasm/hash`).
 * The wasm loader throws some of these itself; it cannot import this
 * catalogue (it sits below core), so a test checks that every code it throws
 * is listed here with the same status.
 */
export const HASH_ERROR_CODES: Record<string, { status: number; summary: string }> = {
  DD_HASH_UNKNOWN_ALGORITHM: {
    status: 400,
    summary: 'the hash algorithm name or OID is not one of SHA-1, SHA-224, SHA-256, SHA-384, SHA-512',
  },
  DD_HASH_BAD_INPUT: { status: 400, summary: 'data to hash is not a Uint8Array (or a list of them)' },
  DD_HASH_DETACHED_BUFFER: { status: 400, summary: "the data's ArrayBuffer has been detached (transferred)" },
  DD_HASH_BAD_BATCH: {
    status: 400,
    summary: 'batch offsets/lengths are negative, non-integer, out of range, overlapping or out of order',
  },
  DD_HASH_FINALIZED: {
    status: 500,
    summary: 'a hasher was updated or read again after producing its digest',
  },
  DD_HASH_UNKNOWN_BACKEND: {
    status: 400,
    summary: "the hash backend is not 'wasm', 'node', 'noble' or 'auto'",
  },
  DD_HASH_BACKEND_UNAVAILABLE: {
    status: 503,
    summary: 'the requested hash backend is not available here (node:crypto outside Node.js)',
  },
  DD_HASH_OUT_OF_MEMORY: { status: 503, summary: 'the hash kernel could not grow its memory for this input' },
};
