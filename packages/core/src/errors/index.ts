/**
 * Error code catalogue. Each area keeps its codes in `codes-<area>.ts`; this
 * module merges them so docs/errors.md can be checked against one list.
 */
import { BULK_ERROR_CODES } from './codes-bulk.js';
import { cardgenCodes } from './codes-cardgen.js';
import { paymentErrorCodes } from './codes-payment.js';
import { serverCodes } from './codes-server.js';
import { vietqrErrorCodes } from './codes-vietqr.js';

export { DinhdanhError, isDinhdanhError } from '@dinhdanh/wasm/errors';

import { CHIP_ERROR_CODES } from './codes-chip.js';
import { DER_ERROR_CODES } from './codes-der.js';
import { HASH_ERROR_CODES } from './codes-hash.js';
import { linkageCodes } from './codes-linkage.js';
import { SIG_ERROR_CODES } from './codes-sig.js';

export interface ErrorCodeInfo {
  /** HTTP status the service answers with. */
  readonly status: number;
  /** One line: what went wrong, never with personal data. */
  readonly summary: string;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorCodeInfo>>;

export const errorCatalogue: ErrorCatalogue = {
  ...DER_ERROR_CODES,
  ...paymentErrorCodes,
  ...vietqrErrorCodes,
  ...serverCodes,
  ...CHIP_ERROR_CODES,
  ...SIG_ERROR_CODES,
  ...HASH_ERROR_CODES,
  ...cardgenCodes,
  ...paymentErrorCodes,
  ...vietqrErrorCodes,
  ...linkageCodes,
  ...BULK_ERROR_CODES,
};
