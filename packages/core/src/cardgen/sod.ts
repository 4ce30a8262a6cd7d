/**
 * EF.SOD (ICAO 9303-10 §4.6.2): tag 0x77 around a CMS ContentInfo with
 * SignedData version 3 (RFC 5652 §5) whose encapsulated content is the
 * LDSSecurityObject (9303-10 §4.6.2.2) — the hash of every data group file.
 */
import {
  explicit,
  implicitConstructed,
  integer,
  octetString,
  oid,
  sequence,
  set,
  tlv,
  unsignedInteger,
  utcTime,
} from '../der/writer.js';
import { type HashName, OID } from './algorithms.js';
import { digest, hashAlgorithmId, type SignContext, signatureAlgorithmId, signWith } from './keys.js';
import type { Signer } from './pki.js';
import { encodeName } from './x509.js';

/** LDSSecurityObject v0: SEQUENCE { version 0, hashAlgorithm, SEQUENCE OF DataGroupHash }. */
export function buildLdsSecurityObject(
  hash: HashName,
  dataGroups: ReadonlyMap<number, Uint8Array>,
): Uint8Array {
  const entries = [...dataGroups.keys()]
    .sort((a, b) => a - b)
    .map((n) => sequence(integer(n), octetString(digest(hash, dataGroups.get(n)!))));
  return sequence(integer(0), hashAlgorithmId(hash), sequence(...entries));
}

/**
 * signedAttrs as the DER SET the signature covers (RFC 5652 §5.4): contentType,
 * signingTime and messageDigest, sorted by their encodings as DER requires.
 */
export function buildSignedAttrs(signingTime: Date, messageDigest: Uint8Array): Uint8Array {
  return set(
    sequence(oid(OID.contentType), set(oid(OID.ldsSecurityObject))),
    sequence(oid(OID.signingTime), set(utcTime(signingTime))),
    sequence(oid(OID.messageDigest), set(octetString(messageDigest))),
  );
}

export interface SodInput {
  /** Data group files to hash, keyed by number. */
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  /** Hash of the data groups inside the LDSSecurityObject. */
  readonly dgHash: HashName;
  readonly signer: Signer;
  readonly signingTime: Date;
  readonly ctx: SignContext;
  /** Changes the messageDigest attribute before signing (tampered fixtures only). */
  readonly alterMessageDigest?: (d: Uint8Array) => Uint8Array;
}

export interface Sod {
  readonly der: Uint8Array;
  readonly lds: Uint8Array;
  /** signedAttrs as a DER SET (0x31): the bytes the signature covers (RFC 5652 §5.4). */
  readonly signedAttrs: Uint8Array;
  readonly signature: Uint8Array;
}

export function buildSod(input: SodInput): Sod {
  const { signer, ctx } = input;
  const cmsHash = signer.profile.hash;
  const lds = buildLdsSecurityObject(input.dgHash, input.dataGroups);
  let md = digest(cmsHash, lds);
  if (input.alterMessageDigest) md = input.alterMessageDigest(md);
  const signedAttrs = buildSignedAttrs(input.signingTime, md);
  const signature = signWith(signer.profile, signer.key, signedAttrs, ctx);
  const signedAttrsImplicit = signedAttrs.slice();
  signedAttrsImplicit[0] = 0xa0;
  const t = signer.cert.template;
  const signerInfo = sequence(
    integer(1),
    sequence(encodeName(t.issuer), unsignedInteger(t.serial)),
    hashAlgorithmId(cmsHash),
    signedAttrsImplicit,
    signatureAlgorithmId(signer.profile),
    octetString(signature),
  );
  const signedData = sequence(
    integer(3),
    set(hashAlgorithmId(cmsHash)),
    sequence(oid(OID.ldsSecurityObject), explicit(0, octetString(lds))),
    implicitConstructed(0, signer.cert.der),
    set(signerInfo),
  );
  const der = tlv(0x77, sequence(oid(OID.signedData), explicit(0, signedData)));
  return { der, lds, signedAttrs, signature };
}
