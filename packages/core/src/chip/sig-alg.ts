/**
 * Signature AlgorithmIdentifier → verification parameters. Delegates to
 * `@dinhdanh/core/sig`, adding the CMS case where a SignerInfo names only
 * the key algorithm (rsaEncryption, id-ecPublicKey) and the hash comes from
 * its digestAlgorithm (RFC 5652 §5.3, seen on issued SODs).
 */
import { type SignatureAlgorithm, signatureAlgorithmFromOid } from '../sig/index.js';
import { chipError } from './_fail.js';
import { type HashName, OID } from './oids.js';
import type { AlgorithmIdentifier } from './x509.js';

export type { SignatureAlgorithm };

export function resolveSigAlg(
  alg: AlgorithmIdentifier,
  path: string,
  digestFallback?: HashName,
): SignatureAlgorithm {
  if (alg.oid === OID.rsaEncryption || alg.oid === OID.ecPublicKey) {
    if (!digestFallback)
      throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', path, `signature ${alg.oid} without a hash`);
    return alg.oid === OID.rsaEncryption
      ? { scheme: 'rsa-pkcs1', hash: digestFallback }
      : { scheme: 'ecdsa', hash: digestFallback, encoding: 'der' };
  }
  return signatureAlgorithmFromOid(alg.oid, alg.params, path);
}
