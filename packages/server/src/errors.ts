import { DinhdanhError, errorCatalogue } from '@dinhdanh/core/errors';

/**
 * A DinhdanhError whose status comes from the catalogue, so a code can never
 * be answered with two different statuses.
 */
export function httpError(code: string, message?: string, details?: Record<string, unknown>): DinhdanhError {
  const info = errorCatalogue[code];
  if (info === undefined) throw new Error(`error code ${code} is not in the catalogue`);
  return new DinhdanhError(code, message ?? info.summary, { status: info.status, details });
}
