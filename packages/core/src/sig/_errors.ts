import { SIG_ERROR_CODES } from '../errors/codes-sig.js';
import { DinhdanhError } from '../errors/index.js';

export type SigErrorCode =
  | 'DD_SIG_SPKI_MALFORMED'
  | 'DD_SIG_KEY_ALGORITHM_UNSUPPORTED'
  | 'DD_SIG_RSA_KEY_INVALID'
  | 'DD_SIG_EC_POINT_INVALID'
  | 'DD_SIG_KEY_MISMATCH'
  | 'DD_SIG_PARAMS_INVALID'
  | 'DD_SIG_HASH_UNSUPPORTED'
  | 'DD_SIG_ALGORITHM_UNKNOWN'
  | 'DD_SIG_BACKEND_UNAVAILABLE';

export function sigError(code: SigErrorCode, path: string, message: string, cause?: unknown): DinhdanhError {
  return new DinhdanhError(code, `${path}: ${message}`, {
    status: SIG_ERROR_CODES[code]!.status,
    details: { path },
    cause,
  });
}
