/**
 * node:crypto backend: the RSA public-key operation through OpenSSL
 * (publicDecrypt without padding, so both backends share one EMSA check),
 * ECDSA through crypto.verify on curves OpenSSL knows. ECDSA over a bare
 * digest and unnamed explicit curves go to @noble/curves, as node:crypto
 * offers no prehashed ECDSA verify and no custom curves.
 */
import { constants, createPublicKey, type KeyObject, publicDecrypt, verify } from 'node:crypto';
import { bigIntToBytes } from '../der/index.js';
import { bigIntToBase64Url, ecPoint } from './_bytes.js';
import { namedEcSpki } from './_der-encode.js';
import { nobleEcdsaVerify } from './_noble.js';
import type { EcPublicKeyInfo, HashName, RsaPublicKeyInfo } from './_types.js';

const keyObjects = new WeakMap<object, KeyObject>();

function rsaKeyObject(key: RsaPublicKeyInfo): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    // A plain rsaEncryption key from (n, e): publicDecrypt refuses RSASSA-PSS key objects.
    k = createPublicKey({
      key: { kty: 'RSA', n: bigIntToBase64Url(key.n), e: bigIntToBase64Url(key.e) },
      format: 'jwk',
    });
    keyObjects.set(key, k);
  }
  return k;
}

/** s^e mod n as k bytes, or undefined when s ≥ n. `sig` already has the modulus' byte length. */
export function nodeRsaPublic(key: RsaPublicKeyInfo, sig: Uint8Array): Uint8Array | undefined {
  try {
    return publicDecrypt({ key: rsaKeyObject(key), padding: constants.RSA_NO_PADDING }, sig);
  } catch {
    return undefined; // OpenSSL refuses a representative ≥ n (RFC 8017 §5.2.2 step 1).
  }
}

function ecKeyObject(key: EcPublicKeyInfo): KeyObject | undefined {
  if (!key.curve.oid) return undefined;
  let k = keyObjects.get(key);
  if (!k) {
    k = createPublicKey({
      key: Buffer.from(namedEcSpki(key.curve.oid, ecPoint(key))),
      format: 'der',
      type: 'spki',
    });
    keyObjects.set(key, k);
  }
  return k;
}

/** r, s already checked to lie in [1, n − 1]. */
export function nodeEcdsaVerify(
  key: EcPublicKeyInfo,
  hash: HashName,
  message: Uint8Array | undefined,
  digestBytes: Uint8Array,
  r: bigint,
  s: bigint,
): boolean {
  const ko = message ? ecKeyObject(key) : undefined;
  const len = (key.curve.n.toString(2).length + 7) >> 3;
  const rs = new Uint8Array(2 * len);
  rs.set(bigIntToBytes(r, len));
  rs.set(bigIntToBytes(s, len), len);
  if (ko && message) return verify(hash, message, { key: ko, dsaEncoding: 'ieee-p1363' }, rs);
  return nobleEcdsaVerify(key, digestBytes, rs);
}
