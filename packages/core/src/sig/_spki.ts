/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → key description, for RSA
 * (RFC 3279 §2.3.1), RSASSA-PSS (RFC 4055 §1.2, §3.1) and id-ecPublicKey
 * with named or explicit parameters (RFC 5480 §2, SEC 1 v2 §C.3).
 */

import { mul } from '../curves/_point.js';
import { curveByOid, curveFromEcParameters, decodePoint } from '../curves/index.js';
import {
  children,
  expect,
  expectSequence,
  readBitString,
  readInteger,
  readOid,
  readSingle,
  type Tlv,
  UNIVERSAL,
} from '../der/index.js';
import { DinhdanhError } from '../errors/index.js';
import { bitLength } from './_bytes.js';
import { sigError } from './_errors.js';
import { readPssParams } from './_pss-params.js';
import type { EcPublicKeyInfo, PublicKeyInfo, RsaPublicKeyInfo } from './_types.js';

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC = '1.2.840.10045.2.1';
/** RSA moduli the verifier accepts (the kernel's range; below 1024 bits is broken, above 8192 unheard of). */
export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 8192;
const MAX_SPKI_BYTES = 16 * 1024;

/** Parses a DER SubjectPublicKeyInfo. Key problems throw a DinhdanhError; nothing is copied or re-encoded. */
export function parseSpki(spki: Uint8Array): PublicKeyInfo {
  if (!(spki instanceof Uint8Array)) throw sigError('DD_SIG_SPKI_MALFORMED', '$', 'SPKI must be bytes');
  if (spki.length > MAX_SPKI_BYTES) throw sigError('DD_SIG_SPKI_MALFORMED', '$', 'SPKI is too large');
  try {
    return parse(spki);
  } catch (e) {
    // DER reader failures become key errors that still name the failing element.
    if (e instanceof DinhdanhError && e.code.startsWith('DD_DER_')) {
      throw new DinhdanhError('DD_SIG_SPKI_MALFORMED', e.message, {
        status: 400,
        details: { ...e.details, derCode: e.code },
        cause: e,
      });
    }
    throw e;
  }
}

function parse(spki: Uint8Array): PublicKeyInfo {
  const top = children(expectSequence(readSingle(spki, { path: 'spki' }), 'spki'), { path: 'spki' });
  if (top.length !== 2)
    throw sigError('DD_SIG_SPKI_MALFORMED', 'spki', 'expected algorithm and subjectPublicKey');
  const alg = children(expectSequence(top[0]!, 'spki.algorithm'), { path: 'spki.algorithm' });
  if (alg.length < 1 || alg.length > 2)
    throw sigError('DD_SIG_SPKI_MALFORMED', 'spki.algorithm', 'malformed AlgorithmIdentifier');
  const oid = readOid(alg[0]!, 'spki.algorithm.algorithm');
  const params = alg[1];
  const keyBits = readBitString(top[1]!, 'spki.subjectPublicKey');
  if (oid === RSA) {
    // RFC 3279 §2.3.1: parameters NULL (absent is tolerated, as in many CSCA certificates).
    if (params) expect(params, 'universal', UNIVERSAL.NULL, 'spki.algorithm.parameters', false);
    return rsaKey(keyBits, false, undefined);
  }
  if (oid === RSA_PSS) {
    return rsaKey(keyBits, true, params ? readPssParams(params, 'spki.algorithm.parameters') : undefined);
  }
  if (oid === EC) {
    if (!params)
      throw sigError('DD_SIG_SPKI_MALFORMED', 'spki.algorithm.parameters', 'EC key without curve parameters');
    return ecKey(keyBits, params);
  }
  throw sigError(
    'DD_SIG_KEY_ALGORITHM_UNSUPPORTED',
    'spki.algorithm.algorithm',
    `unsupported key algorithm ${oid}`,
  );
}

function rsaKey(
  bits: Uint8Array,
  pssOnly: boolean,
  pss: RsaPublicKeyInfo['pssRestriction'],
): RsaPublicKeyInfo {
  const path = 'spki.subjectPublicKey.RSAPublicKey';
  const f = children(expectSequence(readSingle(bits, { path }), path), { path });
  if (f.length !== 2) throw sigError('DD_SIG_SPKI_MALFORMED', path, 'expected modulus and publicExponent');
  const n = readInteger(f[0]!, `${path}.modulus`);
  const e = readInteger(f[1]!, `${path}.publicExponent`);
  const modulusBits = bitLength(n);
  if (n <= 0n || (n & 1n) === 0n)
    throw sigError('DD_SIG_RSA_KEY_INVALID', `${path}.modulus`, 'modulus must be positive and odd');
  if (modulusBits < RSA_MIN_BITS || modulusBits > RSA_MAX_BITS) {
    throw sigError(
      'DD_SIG_RSA_KEY_INVALID',
      `${path}.modulus`,
      `${modulusBits}-bit modulus is outside ${RSA_MIN_BITS}–${RSA_MAX_BITS}`,
    );
  }
  // RFC 8017 §3.1: 3 ≤ e ≤ n − 1, and e odd since it is coprime to λ(n).
  if (e < 3n || e >= n || (e & 1n) === 0n) {
    throw sigError(
      'DD_SIG_RSA_KEY_INVALID',
      `${path}.publicExponent`,
      'exponent must be odd and in [3, n − 1]',
    );
  }
  return pss === undefined
    ? { kind: 'rsa', n, e, modulusBits, pssOnly }
    : { kind: 'rsa', n, e, modulusBits, pssOnly, pssRestriction: pss };
}

function ecKey(bits: Uint8Array, params: Tlv): EcPublicKeyInfo {
  const path = 'spki.algorithm.parameters';
  let curve: EcPublicKeyInfo['curve'];
  let curveEncoding: EcPublicKeyInfo['curveEncoding'];
  if (params.tagClass === 'universal' && params.tagNumber === UNIVERSAL.OID) {
    curve = curveByOid(readOid(params, path), path);
    curveEncoding = 'named';
  } else if (params.tagClass === 'universal' && params.tagNumber === UNIVERSAL.SEQUENCE) {
    curve = curveFromEcParameters(params, path);
    curveEncoding = 'explicit';
  } else {
    // implicitlyCA (NULL) names no curve at all (RFC 5480 §2.1.1 forbids it).
    throw sigError(
      'DD_SIG_SPKI_MALFORMED',
      path,
      'EC parameters must be a named curve or explicit parameters',
    );
  }
  const q = decodePoint(curve, bits);
  if (!q)
    throw sigError(
      'DD_SIG_EC_POINT_INVALID',
      'spki.subjectPublicKey',
      'point is malformed or not on the curve',
    );
  // With a cofactor, a point on the curve may lie outside the order-n subgroup (SEC 1 v2 §3.2.2.1 step 4).
  if (curve.h !== 1n && mul(curve, q, curve.n) !== null) {
    throw sigError(
      'DD_SIG_EC_POINT_INVALID',
      'spki.subjectPublicKey',
      'point is not in the prime-order subgroup',
    );
  }
  return { kind: 'ec', curve, x: q.x, y: q.y, curveEncoding };
}
