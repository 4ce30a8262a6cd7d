import { paymentErrorCodes } from '../errors/codes-payment.js';
import { DinhdanhError } from '../errors/index.js';

/** Throws-ready error whose status comes from the catalogue, so code and status never drift apart. */
export function payError(code: string, message: string, details?: Record<string, unknown>): DinhdanhError {
  const info = paymentErrorCodes[code];
  if (info === undefined) throw new Error(`payment error code ${code} is not in the catalogue`);
  return new DinhdanhError(
    code,
    message,
    details === undefined ? { status: info.status } : { status: info.status, details },
  );
}
