/**
 * Hash algorithm names, aliases and object identifiers. Parameters as data:
 * one row per algorithm.
 */
import { HASH_ALGORITHMS, HASH_INFO, type HashAlgorithm } from '@dinhdanh/wasm/hash';
import { DinhdanhError } from '../errors/index.js';

export { HASH_ALGORITHMS, type HashAlgorithm };

/**
 * OIDs as used in CMS/X.509 AlgorithmIdentifiers and the ICAO 9303-10
 * LDSSecurityObject: SHA-1 from OIW (RFC 3279 §2.2.1), SHA-2 from NIST
 * (RFC 5754 §2).
 */
export const HASH_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

const BY_OID: ReadonlyMap<string, HashAlgorithm> = new Map(
  HASH_ALGORITHMS.map((alg) => [HASH_OIDS[alg], alg] as const),
);

/** Names accepted for each algorithm, after lower-casing and dropping '-' and '_'. */
const BY_NAME: ReadonlyMap<string, HashAlgorithm> = new Map(
  HASH_ALGORITHMS.map((alg) => [alg, alg] as const),
);

export type HashAlgorithmName = HashAlgorithm | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

function unknown(what: string, shown: string): DinhdanhError {
  return new DinhdanhError('DD_HASH_UNKNOWN_ALGORITHM', `unknown hash algorithm ${what} '${shown}'`, {
    details: { [what]: shown },
  });
}

/** 'sha256', 'SHA-256', 'SHA256', 'sha_256' … → 'sha256'; anything else → DD_HASH_UNKNOWN_ALGORITHM. */
export function normalizeHashAlgorithm(name: string): HashAlgorithm {
  const direct = BY_NAME.get(name);
  if (direct !== undefined) return direct;
  if (typeof name !== 'string') throw unknown('name', String(name).slice(0, 40));
  const alg = BY_NAME.get(name.toLowerCase().replace(/[-_]/g, ''));
  if (alg === undefined) throw unknown('name', name.slice(0, 40));
  return alg;
}

/** The algorithm an AlgorithmIdentifier OID names, e.g. '2.16.840.1.101.3.4.2.1' → 'sha256'. */
export function hashAlgFromOid(oid: string): HashAlgorithm {
  const alg = typeof oid === 'string' ? BY_OID.get(oid) : undefined;
  if (alg === undefined) throw unknown('oid', String(oid).slice(0, 60));
  return alg;
}

export const oidFromHashAlg = (name: HashAlgorithmName | string): string =>
  HASH_OIDS[normalizeHashAlgorithm(name)];

/** Digest length in bytes (FIPS 180-4 §1). */
export const digestLength = (name: HashAlgorithmName | string): number =>
  HASH_INFO[normalizeHashAlgorithm(name)].digestBytes;
