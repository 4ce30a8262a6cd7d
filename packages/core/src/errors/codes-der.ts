/** Error codes of the DER/BER TLV reader (`@dinhdanh/core/der`). Kept here so the catalogue and the reader do not import each other. */
export const DER_ERROR_CODES = {
  DD_DER_TRUNCATED: { status: 400, summary: 'an ASN.1 element runs past the end of its input' },
  DD_DER_BAD_LENGTH: {
    status: 400,
    summary: 'an ASN.1 length is not in the required (minimal, definite) form',
  },
  DD_DER_BAD_TAG: { status: 400, summary: 'an ASN.1 element has an unexpected or malformed tag' },
  DD_DER_TRAILING_DATA: { status: 400, summary: 'bytes follow the last expected ASN.1 element' },
  DD_DER_TOO_DEEP: { status: 400, summary: 'ASN.1 nesting exceeds the allowed depth' },
  DD_DER_BAD_VALUE: { status: 400, summary: 'an ASN.1 value (INTEGER, OID, time, …) is malformed' },
} as const;
