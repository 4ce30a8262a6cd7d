import { CHIP_ERROR_CODES, type ChipErrorCode } from '../errors/codes-chip.js';
import { DinhdanhError } from '../errors/index.js';

/** A chip-area error; `path` names the failing element (e.g. `SOD.SignedData.signerInfos[0]`). */
export function chipError(code: ChipErrorCode, path: string, message: string): DinhdanhError {
  return new DinhdanhError(code, `${path}: ${message}`, {
    status: CHIP_ERROR_CODES[code].status,
    details: { path },
  });
}
