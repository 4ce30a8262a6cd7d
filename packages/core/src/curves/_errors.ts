import { SIG_ERROR_CODES } from '../errors/codes-sig.js';
import { DinhdanhError } from '../errors/index.js';

export function curveError(
  code: 'DD_CURVE_UNKNOWN' | 'DD_CURVE_PARAMS_INVALID',
  path: string,
  message: string,
): DinhdanhError {
  return new DinhdanhError(code, `${path}: ${message}`, {
    status: SIG_ERROR_CODES[code]!.status,
    details: { path },
  });
}
