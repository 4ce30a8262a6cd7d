import type { ErrorCatalogue } from './index.js';

/** VietQR (NAPAS EMVCo merchant-presented QR) codes. Details carry `tag` / `offset`, never the payload. */
export const vietqrErrorCodes: ErrorCatalogue = {
  DD_VIETQR_MALFORMED: {
    status: 400,
    summary: 'the payload is not a sequence of ID(2 digits) + length(2 digits) + value objects',
  },
  DD_VIETQR_NOT_ASCII: {
    status: 400,
    summary: 'the payload or a field holds characters outside printable ASCII',
  },
  DD_VIETQR_TOO_LONG: { status: 400, summary: 'the payload exceeds the EMVCo maximum of 512 characters' },
  DD_VIETQR_CRC_MISSING: {
    status: 400,
    summary: 'the payload does not end with the CRC object 63 (4 hex digits)',
  },
  DD_VIETQR_CRC_MISMATCH: {
    status: 400,
    summary: 'the CRC-16/CCITT-FALSE in object 63 does not match the payload',
  },
  DD_VIETQR_FIELD_MISSING: { status: 400, summary: 'a mandatory VietQR object is absent' },
  DD_VIETQR_FIELD_INVALID: { status: 400, summary: 'a VietQR object has a value outside its allowed form' },
  DD_VIETQR_DUPLICATE_TAG: { status: 400, summary: 'an object ID appears twice in one template' },
  DD_VIETQR_UNSUPPORTED: {
    status: 400,
    summary: 'the payload uses an object or scheme this decoder does not handle (not a NAPAS VietQR)',
  },
};
