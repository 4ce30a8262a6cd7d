/**
 * ISO 8583 field 39 response codes a payment gateway already understands
 * (ISO 8583:1987 code table; `1A` is the card schemes' "additional customer
 * authentication required" used for strong-customer-authentication step-up).
 */
export const RESPONSE_CODES = {
  '00': 'approved',
  '05': 'do not honour',
  '12': 'invalid transaction',
  '13': 'invalid amount',
  '30': 'format error',
  '51': 'insufficient funds',
  '54': 'expired card or document',
  '61': 'exceeds amount limit',
  '65': 'exceeds frequency limit',
  '94': 'duplicate transmission',
  '96': 'system malfunction',
  '1A': 'additional customer authentication required',
} as const;

export type ResponseCode = keyof typeof RESPONSE_CODES;
