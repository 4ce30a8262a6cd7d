/**
 * Resolves a signature AlgorithmIdentifier (plus, where needed, the CMS
 * digest algorithm) into family, hash, ECDSA encoding and RSASSA-PSS
 * parameters (RFC 4055 §3.1).
 */
import { type Tlv, UNIVERSAL } from '../der/index.js';
import { explicit, isContext, readSmallInt, seq } from './_asn1.js';
import { chipError } from './_fail.js';
import { HASH_BY_OID, type HashName, OID, SIG_ALG_BY_OID, type SigFamily } from './oids.js';
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from './x509.js';

export interface PssParams {
  readonly hash: HashName;
  readonly mgfHash: HashName;
  readonly saltLength: number;
}

export interface ResolvedSigAlg {
  readonly family: SigFamily;
  readonly hash: HashName;
  readonly encoding: 'der' | 'plain';
  readonly pss: PssParams | undefined;
}

function hashOf(a: AlgorithmIdentifier, path: string): HashName {
  const h = HASH_BY_OID[a.oid];
  if (!h) throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', path, `hash ${a.oid}`);
  return h;
}

/** RSASSA-PSS-params with the RFC 4055 defaults (SHA-1, MGF1-SHA-1, salt 20, trailer 1). */
export function parsePssParams(params: Tlv | undefined, path: string): PssParams {
  let hash: HashName = 'sha1';
  let mgfHash: HashName = 'sha1';
  let saltLength = 20;
  if (params && !(params.tagClass === 'universal' && params.tagNumber === UNIVERSAL.NULL)) {
    for (const f of seq(params, path)) {
      if (isContext(f, 0))
        hash = hashOf(
          parseAlgorithmIdentifier(explicit(f, `${path}.hashAlgorithm`), `${path}.hashAlgorithm`),
          `${path}.hashAlgorithm`,
        );
      else if (isContext(f, 1)) {
        const mgf = parseAlgorithmIdentifier(
          explicit(f, `${path}.maskGenAlgorithm`),
          `${path}.maskGenAlgorithm`,
        );
        if (mgf.oid !== OID.mgf1 || !mgf.params)
          throw chipError(
            'DD_CHIP_UNKNOWN_ALGORITHM',
            `${path}.maskGenAlgorithm`,
            `mask generation ${mgf.oid}`,
          );
        mgfHash = hashOf(
          parseAlgorithmIdentifier(mgf.params, `${path}.maskGenAlgorithm.parameters`),
          `${path}.maskGenAlgorithm.parameters`,
        );
      } else if (isContext(f, 2))
        saltLength = readSmallInt(explicit(f, `${path}.saltLength`), `${path}.saltLength`);
      else if (isContext(f, 3)) {
        if (readSmallInt(explicit(f, `${path}.trailerField`), `${path}.trailerField`) !== 1) {
          throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', `${path}.trailerField`, 'trailer field other than 1');
        }
      }
    }
  }
  return { hash, mgfHash, saltLength };
}

/**
 * `digestFallback` is the SignerInfo digest algorithm: some SODs name only
 * the key algorithm (rsaEncryption, id-ecPublicKey) as signature algorithm.
 */
export function resolveSigAlg(
  alg: AlgorithmIdentifier,
  path: string,
  digestFallback?: HashName,
): ResolvedSigAlg {
  const e = SIG_ALG_BY_OID[alg.oid];
  if (!e) throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', path, `signature ${alg.oid}`);
  if (e.family === 'rsa-pss') {
    const pss = parsePssParams(alg.params, `${path}.parameters`);
    return { family: 'rsa-pss', hash: pss.hash, encoding: 'der', pss };
  }
  const hash = e.hash ?? digestFallback;
  if (!hash) throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', path, `signature ${alg.oid} without a hash`);
  return { family: e.family, hash, encoding: e.encoding ?? 'der', pss: undefined };
}
