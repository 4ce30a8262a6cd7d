/**
 * Test key pairs derived from the DRBG, their SubjectPublicKeyInfo (named or
 * explicit EC parameters, RFC 5480 / RFC 3279 §2.3.5), and signing.
 *
 * Private-key operations run only in @noble/curves (ECDSA with RFC 6979
 * nonces: deterministic, the default) or node:crypto (OpenSSL: ECDSA with
 * random nonces when `fast` is set, RSA always). RSASSA-PSS is encoded here
 * (RFC 8017 §9.1.1, public algorithm, DRBG salt) and the RSA private
 * operation is done by node:crypto, so PSS signatures stay reproducible.
 */
import {
  constants,
  createECDH,
  createHash,
  createPrivateKey,
  type KeyObject,
  sign as nodeSign,
  privateEncrypt,
} from 'node:crypto';
import { bitString, explicit, integer, nullValue, octetString, oid, sequence } from '../der/writer.js';
import { DinhdanhError } from '../errors/index.js';
import { digestLength } from '../hash/index.js';
import { generateRsa, type RsaPrivate } from './_rsa.js';
import {
  CURVES,
  type Curve,
  ECDSA_OID,
  HASH_OID,
  type HashName,
  type KeySpec,
  OID,
  RSA_PKCS1_OID,
  type SignatureProfile,
} from './algorithms.js';
import { bigToBytes, type Drbg } from './drbg.js';

export interface EcKeyPair {
  readonly kind: 'ec';
  readonly curve: Curve;
  /** Private scalar, big-endian, `curve.size` bytes. */
  readonly secret: Uint8Array;
  /** Uncompressed public point 04 || X || Y. */
  readonly publicPoint: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** Whether the SPKI spells out the curve (explicit ECParameters) instead of naming it. */
  readonly explicitParams: boolean;
}

export interface RsaKeyPair {
  readonly kind: 'rsa';
  readonly bits: number;
  readonly rsa: RsaPrivate;
  readonly spki: Uint8Array;
}

export type KeyPair = EcKeyPair | RsaKeyPair;

/** Derives an EC key: scalar uniform in [1, n) from the DRBG, public point from OpenSSL's scalar multiplication. */
export function ecKeyFromDrbg(curveName: Curve['name'], drbg: Drbg, explicitParams = false): EcKeyPair {
  const curve = CURVES[curveName];
  const n = curve.noble.Point.CURVE().n;
  const secret = bigToBytes(drbg.scalar(n), curve.size);
  const ecdh = createECDH(curve.nodeName);
  ecdh.setPrivateKey(secret);
  const publicPoint = new Uint8Array(ecdh.getPublicKey());
  return {
    kind: 'ec',
    curve,
    secret,
    publicPoint,
    spki: ecSpki(curve, publicPoint, explicitParams),
    explicitParams,
  };
}

export function generateKey(spec: KeySpec, drbg: Drbg, explicitParams = false): KeyPair {
  if (spec.kind === 'ec') return ecKeyFromDrbg(spec.curve, drbg, explicitParams);
  const rsa = generateRsa(spec.bits, drbg);
  return { kind: 'rsa', bits: spec.bits, rsa, spki: rsaSpki(rsa.n, rsa.e) };
}

/** ECParameters in the explicit form (RFC 3279 §2.3.5; no seed), as on Vietnam's CSCA. */
export function explicitEcParameters(curve: Curve): Uint8Array {
  const c = curve.noble.Point.CURVE();
  const g = curve.noble.Point.BASE.toBytes(false);
  return sequence(
    integer(1),
    sequence(oid(OID.primeField), integer(c.p)),
    sequence(octetString(bigToBytes(c.a, curve.size)), octetString(bigToBytes(c.b, curve.size))),
    octetString(g),
    integer(c.n),
    integer(c.h),
  );
}

export function ecSpki(curve: Curve, publicPoint: Uint8Array, explicitParams: boolean): Uint8Array {
  const params = explicitParams ? explicitEcParameters(curve) : oid(curve.oid);
  return sequence(sequence(oid(OID.ecPublicKey), params), bitString(publicPoint));
}

/** RSAPublicKey in an rsaEncryption SPKI (RFC 8017 A.1.1, RFC 3279 §2.3.1). */
export function rsaSpki(n: bigint, e: bigint): Uint8Array {
  return sequence(sequence(oid(OID.rsaEncryption), nullValue()), bitString(sequence(integer(n), integer(e))));
}

/** AlgorithmIdentifier of a hash, parameters absent (RFC 5754 §2). */
export const hashAlgorithmId = (hash: HashName): Uint8Array => sequence(oid(HASH_OID[hash]));

/** RSASSA-PSS-params with MGF1 on the same hash and salt = hash length (RFC 4055 §3.1). */
function pssParams(hash: HashName): Uint8Array {
  const h = sequence(oid(HASH_OID[hash]), nullValue());
  return sequence(
    explicit(0, h),
    explicit(1, sequence(oid(OID.mgf1), h)),
    explicit(2, integer(digestLength(hash))),
  );
}

/** signatureAlgorithm AlgorithmIdentifier for a profile. */
export function signatureAlgorithmId(p: SignatureProfile): Uint8Array {
  switch (p.scheme) {
    case 'ecdsa':
      return sequence(oid(ECDSA_OID[p.hash]));
    case 'rsa-pkcs1':
      return sequence(oid(RSA_PKCS1_OID[p.hash]), nullValue());
    case 'rsa-pss':
      return sequence(oid(OID.rsassaPss), pssParams(p.hash));
  }
}

export interface SignContext {
  /** Source of PSS salts. */
  readonly drbg: Drbg;
  /** Sign ECDSA with node:crypto (faster; random nonces, so signatures differ from run to run). */
  readonly fast: boolean;
}

const nodeKeys = new WeakMap<EcKeyPair, KeyObject>();
/** Signatures made per curve through noble; base-point tables are built once a curve is used in bulk. */
const nobleSigns = new Map<Curve['name'], number>();
const PRECOMPUTE_AFTER = 16;

/**
 * The key as a SEC 1 ECPrivateKey with the named curve and public point
 * (RFC 5915 §3) for node:crypto — OpenSSL loads this form about three times
 * faster than PKCS#8. Only ever held in memory.
 */
function nodeEcKey(key: EcKeyPair): KeyObject {
  let k = nodeKeys.get(key);
  if (!k) {
    const ecPrivateKey = sequence(
      integer(1),
      octetString(key.secret),
      explicit(0, oid(key.curve.oid)),
      explicit(1, bitString(key.publicPoint)),
    );
    k = createPrivateKey({ key: Buffer.from(ecPrivateKey), format: 'der', type: 'sec1' });
    nodeKeys.set(key, k);
  }
  return k;
}

function nobleCurve(key: EcKeyPair): Curve['noble'] {
  const n = (nobleSigns.get(key.curve.name) ?? 0) + 1;
  nobleSigns.set(key.curve.name, n);
  // Window tables for the base point make each signature ~30 % cheaper but cost ~100 ms to build:
  // worth it for card signing, not for the handful of certificate signatures of a PKI.
  if (n === PRECOMPUTE_AFTER) key.curve.noble.Point.BASE.precompute(8);
  return key.curve.noble;
}

export const digest = (hash: HashName, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(hash).update(data).digest());

/** ECDSA signature over `message`: DER Ecdsa-Sig-Value (CMS, X.509) or plain r‖s (ICAO AA, BSI TR-03111). */
export function ecdsaSign(
  key: EcKeyPair,
  hash: HashName,
  message: Uint8Array,
  encoding: 'der' | 'plain',
  fast: boolean,
): Uint8Array {
  if (fast) {
    const dsaEncoding = encoding === 'der' ? 'der' : 'ieee-p1363';
    return new Uint8Array(nodeSign(hash, message, { key: nodeEcKey(key), dsaEncoding }));
  }
  return nobleCurve(key).sign(digest(hash, message), key.secret, {
    prehash: false,
    lowS: false,
    format: encoding === 'der' ? 'der' : 'compact',
  });
}

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: HashName, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  const hLen = digestLength(hash);
  for (let c = 0, o = 0; o < len; c++, o += hLen) {
    const block = createHash(hash)
      .update(seed)
      .update(Uint8Array.of(c >>> 24, c >>> 16, c >>> 8, c))
      .digest();
    out.set(block.subarray(0, Math.min(hLen, len - o)), o);
  }
  return out;
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with salt length = hash length. */
function emsaPssEncode(hash: HashName, message: Uint8Array, modBits: number, salt: Uint8Array): Uint8Array {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = digestLength(hash);
  const mHash = digest(hash, message);
  const h = createHash(hash).update(new Uint8Array(8)).update(mHash).update(salt).digest();
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - salt.length - 1] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  const em = new Uint8Array(emLen);
  em.set(db, 0);
  em.set(h, db.length);
  em[emLen - 1] = 0xbc;
  return em;
}

/** Raw RSA private operation m^d mod n, done by OpenSSL. */
export function rsaPrivateRaw(key: RsaKeyPair, block: Uint8Array): Uint8Array {
  const k = Math.ceil(key.bits / 8);
  const padded = new Uint8Array(k);
  padded.set(block, k - block.length);
  return new Uint8Array(
    privateEncrypt({ key: key.rsa.privateKey, padding: constants.RSA_NO_PADDING }, padded),
  );
}

/** Signs `message` as `profile` says; the signature bytes as they go into a BIT/OCTET STRING. */
export function signWith(
  profile: SignatureProfile,
  key: KeyPair,
  message: Uint8Array,
  ctx: SignContext,
): Uint8Array {
  if (profile.scheme === 'ecdsa') {
    if (key.kind !== 'ec') throw mismatch();
    return ecdsaSign(key, profile.hash, message, 'der', ctx.fast);
  }
  if (key.kind !== 'rsa') throw mismatch();
  if (profile.scheme === 'rsa-pkcs1') {
    return new Uint8Array(
      nodeSign(profile.hash, message, { key: key.rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }),
    );
  }
  const salt = ctx.drbg.bytes(digestLength(profile.hash));
  return rsaPrivateRaw(key, emsaPssEncode(profile.hash, message, key.bits, salt));
}

function mismatch(): DinhdanhError {
  return new DinhdanhError('DD_CARDGEN_UNSUPPORTED_ALG', 'signature scheme does not match the key type', {
    status: 400,
  });
}
