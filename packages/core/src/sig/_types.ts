import type { CurveParams } from '../curves/index.js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type Scheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss';
export type Backend = 'auto' | 'wasm' | 'node';
export type EcdsaEncoding = 'der' | 'p1363';

export interface PssParams {
  readonly hash: HashName;
  readonly mgfHash: HashName;
  /** Salt length in bytes, or 'auto' to take it from the signature (RFC 8017 §9.1.2 step 10 locates it). */
  readonly saltLength: number | 'auto';
}

export interface RsaPublicKeyInfo {
  readonly kind: 'rsa';
  readonly n: bigint;
  readonly e: bigint;
  readonly modulusBits: number;
  /** Present for id-RSASSA-PSS keys that carry RSASSA-PSS-params (RFC 4055 §3.1): the key may only be used with them. */
  readonly pssRestriction?: PssParams;
  /** True when the key's algorithm is id-RSASSA-PSS (such a key never verifies PKCS#1 v1.5). */
  readonly pssOnly: boolean;
}

export interface EcPublicKeyInfo {
  readonly kind: 'ec';
  readonly curve: CurveParams;
  readonly x: bigint;
  readonly y: bigint;
  /** How the curve was given in the key. */
  readonly curveEncoding: 'named' | 'explicit';
}

export type PublicKeyInfo = RsaPublicKeyInfo | EcPublicKeyInfo;

/** What a signature algorithm identifier means for verification. */
export interface SignatureAlgorithm {
  readonly scheme: Scheme;
  readonly hash: HashName;
  /** ECDSA signature encoding: X9.62 DER (ecdsa-with-*) or plain r‖s (BSI TR-03111 ecdsa-plain-*). */
  readonly encoding?: EcdsaEncoding;
  readonly pss?: PssParams;
}
