/**
 * Object identifiers the chip area understands, as data. Sources: RFC 5754
 * and RFC 3279/4055 (hash and signature algorithms), BSI TR-03111 §5.2.1
 * (plain ECDSA), ICAO 9303-10 §4.6 and -11 §9 (LDS security object, DG14
 * security infos), RFC 5280 (extensions).
 */
import { HASH_ALGORITHMS, HASH_OIDS, type HashAlgorithm } from '../hash/index.js';

export type HashName = HashAlgorithm;

/** Digest OID → algorithm (undefined for any other OID), from the hash module's table. */
export const HASH_BY_OID: Readonly<Record<string, HashName>> = Object.fromEntries(
  HASH_ALGORITHMS.map((alg) => [HASH_OIDS[alg], alg]),
);

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** ICAO 9303-10 §4.6.2.2: id-icao-mrtd-security-ldsSecurityObject. */
  ldsSecurityObject: '2.23.136.1.1.1',
  /** ICAO 9303-12 §9: id-icao-cscaMasterList. */
  cscaMasterList: '2.23.136.1.1.2',
  /** ICAO 9303-11 §6.1: id-icao-mrtd-security-aaProtocolObject. */
  activeAuthentication: '2.23.136.1.1.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  // RFC 5280 §4.2.1 extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  privateKeyUsagePeriod: '2.5.29.16',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  // RFC 5280 §5.3.1
  crlReason: '2.5.29.21',
} as const;

/** DG14 SecurityInfo protocol families by OID prefix (BSI TR-03110-3 §A.1.1, ICAO 9303-11 §9.2). */
export const SECURITY_INFO_PREFIXES: readonly (readonly [string, string])[] = [
  ['0.4.0.127.0.7.2.2.4.', 'PACEInfo'],
  ['0.4.0.127.0.7.2.2.3.', 'ChipAuthenticationInfo'],
  ['0.4.0.127.0.7.2.2.1.', 'ChipAuthenticationPublicKeyInfo'],
  ['0.4.0.127.0.7.2.2.2', 'TerminalAuthenticationInfo'],
  ['2.23.136.1.1.5', 'ActiveAuthenticationInfo'],
  ['2.23.136.1.1.6', 'EFDIRInfo'],
];

/** Short attribute names for distinguished names (RFC 4514 §3 plus serialNumber). */
export const NAME_ATTR: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
