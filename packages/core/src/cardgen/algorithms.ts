/**
 * Algorithm tables of the generator: curves, hashes, signature schemes and
 * their object identifiers (RFC 5480, RFC 5639, RFC 4055, RFC 5758, NIST CSOR).
 */

import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384 } from '@noble/curves/nist.js';

export type HashName = 'sha256' | 'sha384' | 'sha512';

export const HASH_OID: Readonly<Record<HashName, string>> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export type CurveName = 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1' | 'P-256' | 'P-384';

export interface Curve {
  readonly name: CurveName;
  readonly oid: string;
  /** OpenSSL short name, as node:crypto's createECDH and namedCurve expect. */
  readonly nodeName: string;
  readonly noble: ECDSA;
  /** Byte length of field elements and scalars (p and n have the same size on these curves). */
  readonly size: number;
}

export const CURVES: Readonly<Record<CurveName, Curve>> = {
  brainpoolP256r1: {
    name: 'brainpoolP256r1',
    oid: '1.3.36.3.3.2.8.1.1.7',
    nodeName: 'brainpoolP256r1',
    noble: brainpoolP256r1,
    size: 32,
  },
  brainpoolP384r1: {
    name: 'brainpoolP384r1',
    oid: '1.3.36.3.3.2.8.1.1.11',
    nodeName: 'brainpoolP384r1',
    noble: brainpoolP384r1,
    size: 48,
  },
  brainpoolP512r1: {
    name: 'brainpoolP512r1',
    oid: '1.3.36.3.3.2.8.1.1.13',
    nodeName: 'brainpoolP512r1',
    noble: brainpoolP512r1,
    size: 64,
  },
  'P-256': { name: 'P-256', oid: '1.2.840.10045.3.1.7', nodeName: 'prime256v1', noble: p256, size: 32 },
  'P-384': { name: 'P-384', oid: '1.3.132.0.34', nodeName: 'secp384r1', noble: p384, size: 48 },
};

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  ldsSecurityObject: '2.23.136.1.1.1',
  activeAuthentication: '2.23.136.1.1.5',
  documentTypeList: '2.23.136.1.1.6.2',
  paceEcdhGmAesCbcCmac128: '0.4.0.127.0.7.2.2.4.2.2',
  caEcdhAesCbcCmac128: '0.4.0.127.0.7.2.2.3.2.2',
  pkEcdh: '0.4.0.127.0.7.2.2.1.2',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  utf8Characters: '1.0.10646.1.0.8',
} as const;

export const ECDSA_OID: Readonly<Record<HashName, string>> = {
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

export const RSA_PKCS1_OID: Readonly<Record<HashName, string>> = {
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};

export type KeySpec =
  | { readonly kind: 'ec'; readonly curve: CurveName }
  | { readonly kind: 'rsa'; readonly bits: number };

export type SignatureScheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss';

/** A key type plus the way it signs: what a certificate's SPKI and signatureAlgorithm say. */
export interface SignatureProfile {
  readonly key: KeySpec;
  readonly scheme: SignatureScheme;
  readonly hash: HashName;
}

/** Document Signer algorithms the CLI offers (`--alg`). */
export const DSC_ALGORITHMS = [
  'brainpoolP384r1',
  'brainpoolP512r1',
  'p256',
  'p384',
  'rsa-pss-3072',
  'rsa-2048',
] as const;

export type DscAlgorithm = (typeof DSC_ALGORITHMS)[number];

/** DSC profile per `--alg`, and the CSCA that matches it (ecdsa-with-SHA512 on brainpoolP512r1 as Vietnam's CSCA). */
export const DSC_PROFILES: Readonly<Record<DscAlgorithm, { dsc: SignatureProfile; csca: SignatureProfile }>> =
  {
    brainpoolP384r1: {
      dsc: { key: { kind: 'ec', curve: 'brainpoolP384r1' }, scheme: 'ecdsa', hash: 'sha384' },
      csca: { key: { kind: 'ec', curve: 'brainpoolP512r1' }, scheme: 'ecdsa', hash: 'sha512' },
    },
    brainpoolP512r1: {
      dsc: { key: { kind: 'ec', curve: 'brainpoolP512r1' }, scheme: 'ecdsa', hash: 'sha512' },
      csca: { key: { kind: 'ec', curve: 'brainpoolP512r1' }, scheme: 'ecdsa', hash: 'sha512' },
    },
    p256: {
      dsc: { key: { kind: 'ec', curve: 'P-256' }, scheme: 'ecdsa', hash: 'sha256' },
      csca: { key: { kind: 'ec', curve: 'P-384' }, scheme: 'ecdsa', hash: 'sha384' },
    },
    p384: {
      dsc: { key: { kind: 'ec', curve: 'P-384' }, scheme: 'ecdsa', hash: 'sha384' },
      csca: { key: { kind: 'ec', curve: 'P-384' }, scheme: 'ecdsa', hash: 'sha384' },
    },
    'rsa-pss-3072': {
      dsc: { key: { kind: 'rsa', bits: 3072 }, scheme: 'rsa-pss', hash: 'sha256' },
      csca: { key: { kind: 'rsa', bits: 3072 }, scheme: 'rsa-pss', hash: 'sha256' },
    },
    'rsa-2048': {
      dsc: { key: { kind: 'rsa', bits: 2048 }, scheme: 'rsa-pkcs1', hash: 'sha256' },
      csca: { key: { kind: 'rsa', bits: 3072 }, scheme: 'rsa-pkcs1', hash: 'sha256' },
    },
  };

export const isDscAlgorithm = (s: string): s is DscAlgorithm =>
  (DSC_ALGORITHMS as readonly string[]).includes(s);
