/**
 * Signature algorithm identifiers → verification parameters, for callers
 * that read AlgorithmIdentifiers from certificates, CMS SignerInfos and
 * EF.SOD (ICAO 9303-12 §4.4, RFC 5280 §4.1.1.2).
 */
import { children, expect, expectSequence, readOid, readSingle, type Tlv, UNIVERSAL } from '../der/index.js';
import { DinhdanhError } from '../errors/index.js';
import { sigError } from './_errors.js';
import { readPssParams } from './_pss-params.js';
import type { SignatureAlgorithm } from './_types.js';

type Entry = Omit<SignatureAlgorithm, 'pss'>;

const RSASSA_PSS = '1.2.840.113549.1.1.10';

// RFC 8017 App. C, RFC 5758 §3.2, BSI TR-03111 §5.2.1 (plain ECDSA: r‖s, no DER).
const TABLE: Readonly<Record<string, Entry>> = {
  '1.2.840.113549.1.1.5': { scheme: 'rsa-pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { scheme: 'rsa-pkcs1', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { scheme: 'rsa-pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { scheme: 'rsa-pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { scheme: 'rsa-pkcs1', hash: 'sha512' },
  '1.2.840.10045.4.1': { scheme: 'ecdsa', hash: 'sha1', encoding: 'der' },
  '1.2.840.10045.4.3.1': { scheme: 'ecdsa', hash: 'sha224', encoding: 'der' },
  '1.2.840.10045.4.3.2': { scheme: 'ecdsa', hash: 'sha256', encoding: 'der' },
  '1.2.840.10045.4.3.3': { scheme: 'ecdsa', hash: 'sha384', encoding: 'der' },
  '1.2.840.10045.4.3.4': { scheme: 'ecdsa', hash: 'sha512', encoding: 'der' },
  '0.4.0.127.0.7.1.1.4.1.1': { scheme: 'ecdsa', hash: 'sha1', encoding: 'p1363' },
  '0.4.0.127.0.7.1.1.4.1.2': { scheme: 'ecdsa', hash: 'sha224', encoding: 'p1363' },
  '0.4.0.127.0.7.1.1.4.1.3': { scheme: 'ecdsa', hash: 'sha256', encoding: 'p1363' },
  '0.4.0.127.0.7.1.1.4.1.4': { scheme: 'ecdsa', hash: 'sha384', encoding: 'p1363' },
  '0.4.0.127.0.7.1.1.4.1.5': { scheme: 'ecdsa', hash: 'sha512', encoding: 'p1363' },
};

/**
 * Meaning of a signature algorithm OID with its parameters element (if any).
 * Unknown OIDs or bad parameters throw DD_SIG_ALGORITHM_UNKNOWN.
 */
export function signatureAlgorithmFromOid(oid: string, parameters?: Tlv, path = '$'): SignatureAlgorithm {
  if (oid === RSASSA_PSS) {
    // RFC 4055 §3.1: the parameters are required in a signature AlgorithmIdentifier.
    if (!parameters) throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, 'RSASSA-PSS without parameters');
    const pss = readPssParams(parameters, `${path}.parameters`);
    return { scheme: 'rsa-pss', hash: pss.hash, pss };
  }
  const entry = TABLE[oid];
  if (!entry) throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, `unsupported signature algorithm ${oid}`);
  if (parameters) {
    // RSA: NULL (RFC 8017 App. C); ECDSA: absent (RFC 5758 §3.2) — tolerate NULL as older encoders wrote it.
    expect(parameters, 'universal', UNIVERSAL.NULL, `${path}.parameters`, false);
  }
  return entry;
}

/** Same, from a whole DER AlgorithmIdentifier (bytes or an already-read element). */
export function signatureAlgorithmFromIdentifier(
  algorithmIdentifier: Uint8Array | Tlv,
  path = '$',
): SignatureAlgorithm {
  try {
    const t =
      algorithmIdentifier instanceof Uint8Array
        ? readSingle(algorithmIdentifier, { path })
        : algorithmIdentifier;
    const f = children(expectSequence(t, path), { path });
    if (f.length < 1 || f.length > 2)
      throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, 'malformed AlgorithmIdentifier');
    return signatureAlgorithmFromOid(readOid(f[0]!, `${path}.algorithm`), f[1], path);
  } catch (e) {
    if (e instanceof DinhdanhError && e.code.startsWith('DD_DER_')) {
      throw new DinhdanhError('DD_SIG_ALGORITHM_UNKNOWN', e.message, {
        status: 400,
        details: { ...e.details, derCode: e.code },
        cause: e,
      });
    }
    throw e;
  }
}
