/**
 * Prime-curve domain parameters as data (SEC 2, RFC 5639, FIPS 186-5), the
 * named-curve OID map, and explicit ECParameters → curve record.
 *
 *   curveByOid('1.3.36.3.3.2.8.1.1.13')   // brainpoolP512r1
 *   curveFromEcParameters(tlv)            // named record when it matches, else validated explicit curve
 */
import { curveError } from './_errors.js';
import { NAMED_CURVES } from './_records.js';
import type { CurveParams } from './_types.js';

export { curveFromEcParameters, decodePoint } from './_explicit.js';
export { bitLength } from './_math.js';
export * from './_records.js';
export type { CurveParams } from './_types.js';

const BY_OID = new Map(NAMED_CURVES.map((c) => [c.oid!, c]));
const BY_NAME = new Map(NAMED_CURVES.map((c) => [c.name, c]));

/** The named curve with this OID; DD_CURVE_UNKNOWN otherwise. */
export function curveByOid(oid: string, path = '$'): CurveParams {
  const c = BY_OID.get(oid);
  if (!c) throw curveError('DD_CURVE_UNKNOWN', path, `named curve ${oid} is not supported`);
  return c;
}

/** The named curve called `name` ('P-256', 'brainpoolP384r1', …); DD_CURVE_UNKNOWN otherwise. */
export function curveByName(name: string): CurveParams {
  const c = BY_NAME.get(name);
  if (!c) throw curveError('DD_CURVE_UNKNOWN', '$', `curve ${name} is not supported`);
  return c;
}
