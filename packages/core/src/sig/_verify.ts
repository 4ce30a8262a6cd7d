/**
 * verifySignature: checks the request, hashes, decodes the signature and
 * hands the arithmetic to a backend. Signature problems answer false; key
 * and parameter problems throw DinhdanhError.
 */

import { bytesToBigInt } from '../der/index.js';
import { decodeEcdsaSignature } from './_ecdsa-signature.js';
import { checkPkcs1, checkPss } from './_emsa.js';
import { sigError } from './_errors.js';
import { digestLength, digest as hashBytes } from './_hash.js';
import { hashName } from './_hash-names.js';
import { resolveKey, type SigKey } from './_key.js';
import { nodeEcdsaVerify, nodeRsaPublic } from './_node.js';
import { chooseBackend } from './_route.js';
import type {
  Backend,
  EcdsaEncoding,
  EcPublicKeyInfo,
  HashName,
  PssParams,
  RsaPublicKeyInfo,
  Scheme,
} from './_types.js';
import { wasmEcdsaVerify, wasmRsaPublic } from './_wasm.js';

export interface VerifyRequest {
  readonly scheme: Scheme;
  /** Message hash: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' (or 'SHA-256' style). */
  readonly hash: HashName | string;
  /** DER SubjectPublicKeyInfo, or … */
  readonly spki?: Uint8Array;
  /** … a handle from prepareKey. */
  readonly key?: SigKey;
  /** The signed bytes exactly as received, or … */
  readonly message?: Uint8Array;
  /** … their hash under `hash`. */
  readonly digest?: Uint8Array;
  readonly signature: Uint8Array;
  /** ECDSA signature encoding, default 'der'. */
  readonly encoding?: EcdsaEncoding;
  /** RSASSA-PSS parameters; defaults: mgfHash = hash, saltLength 'auto' (or the key's RSASSA-PSS-params). */
  readonly pss?: {
    readonly hash?: HashName | string;
    readonly mgfHash?: HashName | string;
    readonly saltLength?: number | 'auto';
  };
  /** 'auto' (default) picks the measured-faster backend per algorithm. */
  readonly backend?: Backend;
}

const SCHEMES: ReadonlySet<string> = new Set(['ecdsa', 'rsa-pkcs1', 'rsa-pss']);
const BACKENDS: ReadonlySet<string> = new Set(['auto', 'wasm', 'node']);

export function verifySignature(req: VerifyRequest): boolean {
  if (typeof req !== 'object' || req === null)
    throw sigError('DD_SIG_PARAMS_INVALID', '$', 'request must be an object');
  if (!SCHEMES.has(req.scheme))
    throw sigError('DD_SIG_PARAMS_INVALID', 'scheme', 'scheme must be ecdsa, rsa-pkcs1 or rsa-pss');
  const backend = req.backend ?? 'auto';
  if (!BACKENDS.has(backend))
    throw sigError('DD_SIG_PARAMS_INVALID', 'backend', 'backend must be auto, wasm or node');
  const hash = hashName(req.hash, 'hash');
  if (!(req.signature instanceof Uint8Array))
    throw sigError('DD_SIG_PARAMS_INVALID', 'signature', 'signature must be bytes');
  if ((req.message === undefined) === (req.digest === undefined)) {
    throw sigError('DD_SIG_PARAMS_INVALID', 'message', 'give exactly one of message and digest');
  }
  const input = req.message ?? req.digest;
  if (!(input instanceof Uint8Array))
    throw sigError('DD_SIG_PARAMS_INVALID', 'message', 'message or digest must be bytes');
  if (req.digest !== undefined && req.digest.length !== digestLength(hash)) {
    throw sigError('DD_SIG_PARAMS_INVALID', 'digest', `a ${hash} digest has ${digestLength(hash)} bytes`);
  }
  const key = resolveKey(req.spki, req.key);
  const info = key.info;
  if (req.scheme === 'ecdsa') {
    if (info.kind !== 'ec') throw sigError('DD_SIG_KEY_MISMATCH', 'scheme', 'ECDSA needs an EC key');
    const encoding = req.encoding ?? 'der';
    if (encoding !== 'der' && encoding !== 'p1363')
      throw sigError('DD_SIG_PARAMS_INVALID', 'encoding', 'encoding must be der or p1363');
    const use = chooseBackend(backend, key, 'ecdsa', req.message === undefined);
    return verifyEcdsa(
      key,
      info,
      hash,
      req.message,
      req.digest ?? hashBytes(hash, input),
      req.signature,
      encoding,
      use,
    );
  }
  if (info.kind !== 'rsa') throw sigError('DD_SIG_KEY_MISMATCH', 'scheme', 'RSA schemes need an RSA key');
  if (req.encoding !== undefined)
    throw sigError('DD_SIG_PARAMS_INVALID', 'encoding', 'encoding applies to ECDSA only');
  let pss: PssParams | undefined;
  if (req.scheme === 'rsa-pss') pss = pssParams(info, hash, req.pss);
  else {
    if (req.pss !== undefined) throw sigError('DD_SIG_PARAMS_INVALID', 'pss', 'pss applies to rsa-pss only');
    // RFC 4055 §1.2: an id-RSASSA-PSS key is for PSS only.
    if (info.pssOnly)
      throw sigError('DD_SIG_KEY_MISMATCH', 'scheme', 'an RSASSA-PSS key cannot verify PKCS#1 v1.5');
  }
  const mHash = req.digest ?? hashBytes(hash, input);
  // RFC 8017 §8.2.2 / §8.1.2 step 1: the signature has exactly k bytes.
  const k = (info.modulusBits + 7) >> 3;
  if (req.signature.length !== k) return false;
  const em =
    chooseBackend(backend, key, req.scheme, req.message === undefined) === 'wasm'
      ? wasmRsaPublic(key, info, req.signature)
      : nodeRsaPublic(info, req.signature);
  if (!em) return false;
  return pss ? checkPss(em, info.modulusBits, mHash, pss) : checkPkcs1(em, hash, mHash);
}

function verifyEcdsa(
  key: SigKey,
  info: EcPublicKeyInfo,
  hash: HashName,
  message: Uint8Array | undefined,
  digest: Uint8Array,
  signature: Uint8Array,
  encoding: EcdsaEncoding,
  use: 'wasm' | 'node',
): boolean {
  const n = info.curve.n;
  const nBytes = (n.toString(2).length + 7) >> 3;
  const rs = decodeEcdsaSignature(signature, encoding, nBytes);
  if (!rs) return false;
  // The kernel checks r, s ∈ [1, n − 1] itself (SEC 1 v2 §4.1.4 step 1).
  if (use === 'wasm') return wasmEcdsaVerify(key, info, digest, rs.r, rs.s);
  const r = bytesToBigInt(rs.r);
  const s = bytesToBigInt(rs.s);
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  return nodeEcdsaVerify(info, hash, message, digest, r, s);
}

function pssParams(info: RsaPublicKeyInfo, hash: HashName, given: VerifyRequest['pss']): PssParams {
  const restriction = info.pssRestriction;
  const mgfHash =
    given?.mgfHash !== undefined ? hashName(given.mgfHash, 'pss.mgfHash') : (restriction?.mgfHash ?? hash);
  if (given?.hash !== undefined && hashName(given.hash, 'pss.hash') !== hash) {
    throw sigError('DD_SIG_PARAMS_INVALID', 'pss.hash', 'pss.hash differs from hash');
  }
  const saltLength = given?.saltLength ?? restriction?.saltLength ?? 'auto';
  if (saltLength !== 'auto' && (!Number.isInteger(saltLength) || saltLength < 0 || saltLength > 1024)) {
    throw sigError(
      'DD_SIG_PARAMS_INVALID',
      'pss.saltLength',
      'salt length must be an integer in [0, 1024] or auto',
    );
  }
  if (restriction) {
    // RFC 4055 §3.1: a key with RSASSA-PSS-params may only be used with that hash and MGF; its salt length is a minimum.
    if (restriction.hash !== hash || restriction.mgfHash !== mgfHash) {
      throw sigError(
        'DD_SIG_PARAMS_INVALID',
        'pss',
        'parameters differ from those fixed in the RSASSA-PSS key',
      );
    }
    if (saltLength !== 'auto' && saltLength < (restriction.saltLength as number)) {
      throw sigError('DD_SIG_PARAMS_INVALID', 'pss.saltLength', 'salt shorter than the key allows');
    }
  }
  return { hash, mgfHash, saltLength };
}
