/**
 * Error codes of the chip area (ICAO 9303 parsing, passive and active
 * authentication, trust store). Parse errors of the TLV layer itself keep
 * their `DD_DER_*` codes; both carry `details.path`.
 */
export const CHIP_ERROR_CODES = {
  DD_CHIP_BAD_STRUCTURE: {
    status: 400,
    summary: 'a chip file or certificate does not have the structure its specification requires',
  },
  DD_CHIP_UNSUPPORTED_VERSION: {
    status: 400,
    summary: 'a structure carries a version this library does not know',
  },
  DD_CHIP_UNKNOWN_ALGORITHM: { status: 400, summary: 'an algorithm identifier is not supported' },
  DD_CHIP_BAD_CONTENT_TYPE: { status: 400, summary: 'a CMS content type is not the one expected here' },
  DD_CHIP_MRZ_FORMAT: { status: 400, summary: 'the MRZ in DG1 is not a TD1 or TD3 machine-readable zone' },
  DD_CHIP_DG13_FORMAT: { status: 400, summary: 'DG13 is not the Vietnamese personal-data structure' },
  DD_CHIP_DG2_FORMAT: { status: 400, summary: 'DG2 holds no ISO 19794-5 or ISO 39794-5 face image' },
  DD_CHIP_QR_FORMAT: { status: 400, summary: 'the CCCD QR string does not have the expected fields' },
  DD_CHIP_CARD_JSON: { status: 400, summary: 'the card JSON document is malformed' },
  DD_CHIP_TRUST_INPUT: {
    status: 400,
    summary: 'a trust-store input is not a certificate, CRL or master list',
  },
  DD_CHIP_MASTERLIST_INVALID: {
    status: 422,
    summary: 'a CSCA master list signature or its signer chain does not verify',
  },
  DD_CHIP_AA_CHALLENGE: {
    status: 409,
    summary: 'the active-authentication challenge is unknown, expired or already used',
  },
  DD_CHIP_AA_KEY: {
    status: 400,
    summary: 'the DG15 public key is not an RSA or EC key usable for active authentication',
  },
  DD_CHIP_BAD_ARGUMENT: {
    status: 400,
    summary: 'an argument to a chip function is missing or of the wrong type',
  },
} as const;

export type ChipErrorCode = keyof typeof CHIP_ERROR_CODES;
