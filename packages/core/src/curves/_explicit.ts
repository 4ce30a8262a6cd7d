/**
 * Explicit EC domain parameters (SEC 1 v2 §C.2, RFC 3279 §2.3.5) → a curve
 * record. Travel-document keys very often carry their curve this way. A
 * parameter set equal to a named curve becomes that named record; any other
 * set is validated (SEC 1 v2 §3.1.1.2.1) and used as given.
 */
import {
  bytesToBigInt,
  children,
  expect,
  expectSequence,
  raw,
  readInteger,
  readOctetString,
  readOid,
  type Tlv,
  UNIVERSAL,
} from '../der/index.js';
import { curveError } from './_errors.js';
import { bitLength, isProbablePrime, isqrt, mod, sqrtMod } from './_math.js';
import { mul, onCurve } from './_point.js';
import { NAMED_CURVES } from './_records.js';
import type { CurveParams } from './_types.js';

const PRIME_FIELD = '1.2.840.10045.1.1';
/** Field sizes the verifier is built for (the wasm kernel's EC range). */
const MIN_FIELD_BITS = 160;
const MAX_FIELD_BITS = 640;
const MAX_COFACTOR = 1n << 16n;

/** Decodes an EC point (SEC 1 v2 §2.3.4): uncompressed 04‖X‖Y or compressed 02/03‖X. */
export function decodePoint(c: CurveParams, bytes: Uint8Array): { x: bigint; y: bigint } | undefined {
  const len = (bitLength(c.p) + 7) >> 3;
  if (bytes.length === 2 * len + 1 && bytes[0] === 4) {
    const x = bytesToBigInt(bytes.subarray(1, 1 + len));
    const y = bytesToBigInt(bytes.subarray(1 + len));
    return onCurve(c, x, y) ? { x, y } : undefined;
  }
  if (bytes.length === len + 1 && (bytes[0] === 2 || bytes[0] === 3)) {
    const x = bytesToBigInt(bytes.subarray(1));
    if (x >= c.p) return undefined;
    const y0 = sqrtMod(x * x * x + c.a * x + c.b, c.p);
    if (y0 === undefined) return undefined;
    const y = (y0 & 1n) === BigInt(bytes[0]! & 1) ? y0 : mod(-y0, c.p);
    return { x, y };
  }
  return undefined;
}

const sameCurve = (x: CurveParams, y: CurveParams): boolean =>
  x.p === y.p && x.a === y.a && x.b === y.b && x.gx === y.gx && x.gy === y.gy && x.n === y.n && x.h === y.h;

const validated = new Map<string, CurveParams>();
/**
 * Results by the exact DER bytes of the ECParameters: a key with explicit parameters is parsed on
 * every cold verification, and decoding, matching and validating the same parameters again costs
 * more than the point check. Only accepted parameters are kept; bounded like `validated`.
 */
const byEncoding = new Map<string, CurveParams>();
const MAX_CACHED = 256;

const remember = (m: Map<string, CurveParams>, key: string, c: CurveParams): CurveParams => {
  if (m.size >= MAX_CACHED) m.delete(m.keys().next().value!);
  m.set(key, c);
  return c;
};

/** Reads an ECParameters SEQUENCE; returns the named record it equals, or the validated explicit curve. */
export function curveFromEcParameters(t: Tlv, path = '$'): CurveParams {
  expectSequence(t, path);
  const der = raw(t);
  const encoding = Buffer.from(der.buffer, der.byteOffset, der.length).toString('latin1');
  const seen = byEncoding.get(encoding);
  if (seen) return seen;
  return remember(byEncoding, encoding, parseEcParameters(t, path));
}

function parseEcParameters(t: Tlv, path: string): CurveParams {
  const f = children(t, { path });
  if (f.length < 5 || f.length > 6)
    throw curveError('DD_CURVE_PARAMS_INVALID', path, 'ECParameters needs 5 or 6 fields');
  const version = readInteger(f[0]!, `${path}.version`);
  if (version < 1n || version > 3n)
    throw curveError('DD_CURVE_PARAMS_INVALID', `${path}.version`, 'unsupported version');
  const fieldId = children(expectSequence(f[1]!, `${path}.fieldID`), { path: `${path}.fieldID` });
  if (fieldId.length !== 2 || readOid(fieldId[0]!, `${path}.fieldID.fieldType`) !== PRIME_FIELD) {
    throw curveError('DD_CURVE_PARAMS_INVALID', `${path}.fieldID`, 'only prime fields are supported');
  }
  const p = readInteger(fieldId[1]!, `${path}.fieldID.prime`);
  const curve = children(expectSequence(f[2]!, `${path}.curve`), { path: `${path}.curve` });
  if (curve.length < 2 || curve.length > 3)
    throw curveError('DD_CURVE_PARAMS_INVALID', `${path}.curve`, 'Curve needs a, b and an optional seed');
  if (curve.length === 3) expect(curve[2]!, 'universal', UNIVERSAL.BIT_STRING, `${path}.curve.seed`);
  const a = bytesToBigInt(readOctetString(curve[0]!, `${path}.curve.a`));
  const b = bytesToBigInt(readOctetString(curve[1]!, `${path}.curve.b`));
  const base = readOctetString(f[3]!, `${path}.base`);
  const n = readInteger(f[4]!, `${path}.order`);
  // The cofactor is OPTIONAL; when absent it is determined by the Hasse bound below.
  const hGiven = f.length === 6 ? readInteger(f[5]!, `${path}.cofactor`) : undefined;

  const pBits = bitLength(p);
  if (p <= 3n || pBits < MIN_FIELD_BITS || pBits > MAX_FIELD_BITS) {
    throw curveError(
      'DD_CURVE_PARAMS_INVALID',
      `${path}.fieldID.prime`,
      `field of ${pBits} bits is outside ${MIN_FIELD_BITS}–${MAX_FIELD_BITS}`,
    );
  }
  if (a >= p || b >= p)
    throw curveError('DD_CURVE_PARAMS_INVALID', `${path}.curve`, 'coefficient not reduced mod p');
  if (n <= 1n) throw curveError('DD_CURVE_PARAMS_INVALID', `${path}.order`, 'order must exceed 1');
  const h = hGiven ?? (p + 1n + 2n * isqrt(p)) / n;
  const shell: CurveParams = { name: 'explicit', p, a, b, gx: 0n, gy: 0n, n, h };
  const g = decodePoint(shell, base);
  if (!g)
    throw curveError(
      'DD_CURVE_PARAMS_INVALID',
      `${path}.base`,
      'base point is malformed or not on the curve',
    );
  const given: CurveParams = { ...shell, gx: g.x, gy: g.y };

  const named = NAMED_CURVES.find(
    (c) => sameCurve(c, given) || (hGiven === undefined && sameCurve(c, { ...given, h: c.h })),
  );
  if (named) return named;
  const key = [p, a, b, g.x, g.y, n, h].map((v) => v.toString(16)).join(':');
  const known = validated.get(key);
  if (known) return known;
  validate(given, path);
  return remember(validated, key, given);
}

/** SEC 1 v2 §3.1.1.2.1 checks for parameters not equal to a named curve. */
function validate(c: CurveParams, path: string): void {
  const fail = (where: string, why: string) => curveError('DD_CURVE_PARAMS_INVALID', `${path}${where}`, why);
  if (!isProbablePrime(c.p)) throw fail('.fieldID.prime', 'p is not prime');
  if (mod(4n * c.a ** 3n + 27n * c.b ** 2n, c.p) === 0n)
    throw fail('.curve', 'curve is singular (4a³ + 27b² = 0)');
  if (!isProbablePrime(c.n)) throw fail('.order', 'order is not prime');
  if (c.h < 1n || c.h > MAX_COFACTOR) throw fail('.cofactor', 'cofactor out of range');
  // Hasse: |h·n − (p + 1)| ≤ 2√p, and n > 4√p so the cofactor is determined (SEC 1 v2 §3.1.1.2.1 step 5–6).
  const t = c.h * c.n - (c.p + 1n);
  if (t * t > 4n * c.p) throw fail('.order', 'h·n lies outside the Hasse interval');
  if (c.n <= 4n * isqrt(c.p)) throw fail('.order', 'order is too small for the field');
  if (c.n === c.p) throw fail('.order', 'anomalous curve (n = p)');
  if (mul(c, { x: c.gx, y: c.gy }, c.n) !== null) throw fail('.base', 'n·G is not the point at infinity');
}
