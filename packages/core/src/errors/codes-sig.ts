/** Error codes of signature verification (`@dinhdanh/core/sig`) and curve parameters (`@dinhdanh/core/curves`). */
export const SIG_ERROR_CODES: Record<string, { status: number; summary: string }> = {
  DD_SIG_SPKI_MALFORMED: {
    status: 400,
    summary: 'a SubjectPublicKeyInfo is not well-formed DER of the expected shape',
  },
  DD_SIG_KEY_ALGORITHM_UNSUPPORTED: {
    status: 400,
    summary: 'the public key algorithm OID is not RSA, RSASSA-PSS or id-ecPublicKey',
  },
  DD_SIG_RSA_KEY_INVALID: {
    status: 400,
    summary: 'an RSA public key is unusable (modulus even or outside 1024–8192 bits, exponent out of range)',
  },
  DD_SIG_EC_POINT_INVALID: {
    status: 400,
    summary:
      'an EC public point is malformed, not on its curve, at infinity or outside the prime-order subgroup',
  },
  DD_SIG_KEY_MISMATCH: {
    status: 400,
    summary: 'the signature scheme does not fit the type of the public key',
  },
  DD_SIG_PARAMS_INVALID: {
    status: 400,
    summary: 'verification parameters are missing, contradictory or not allowed for this key',
  },
  DD_SIG_HASH_UNSUPPORTED: {
    status: 400,
    summary: 'the hash algorithm is not SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512',
  },
  DD_SIG_ALGORITHM_UNKNOWN: {
    status: 400,
    summary: 'the signature algorithm OID or its parameters are not supported',
  },
  DD_SIG_BACKEND_UNAVAILABLE: { status: 500, summary: 'the requested verification backend cannot run here' },
  DD_CURVE_UNKNOWN: { status: 400, summary: 'a named-curve OID is not one of the supported prime curves' },
  DD_CURVE_PARAMS_INVALID: {
    status: 400,
    summary:
      'explicit EC domain parameters fail validation (field, coefficients, base point, order or cofactor)',
  },
};
