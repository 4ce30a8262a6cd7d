/**
 * X.509 v3 certificates and v2 CRLs for the test PKI (RFC 5280), shaped like
 * ICAO 9303-12 §7 CSCA and Document Signer certificates.
 */
import { createHash } from 'node:crypto';
import { children, readSingle, value } from '../der/index.js';
import {
  bitString,
  boolean,
  explicit,
  implicitConstructed,
  implicitPrimitive,
  integer,
  namedBits,
  octetString,
  oid,
  printableString,
  sequence,
  set,
  unsignedInteger,
  utf8String,
  x509Time,
} from '../der/writer.js';
import { OID, type SignatureProfile } from './algorithms.js';
import { type KeyPair, type SignContext, signatureAlgorithmId, signWith } from './keys.js';

export interface DistinguishedName {
  /** ISO 3166-1 alpha-2, PrintableString. */
  readonly country: string;
  readonly organization: string;
  readonly commonName: string;
}

/** RDNSequence C, O, CN (one attribute per RDN, as ICAO 9303-12 §7.1.1 recommends). */
export function encodeName(n: DistinguishedName): Uint8Array {
  return sequence(
    set(sequence(oid(OID.countryName), printableString(n.country))),
    set(sequence(oid(OID.organizationName), utf8String(n.organization))),
    set(sequence(oid(OID.commonName), utf8String(n.commonName))),
  );
}

/** Key identifier method 1: SHA-1 of the subjectPublicKey BIT STRING value (RFC 5280 §4.2.1.2). */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const bits = value(children(readSingle(spki))[1]!);
  return new Uint8Array(createHash('sha1').update(bits.subarray(1)).digest());
}

const extension = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));

export type CertificateRole = 'csca' | 'dsc';

export interface CertificateTemplate {
  readonly role: CertificateRole;
  readonly serial: Uint8Array;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SPKI of the certified key. */
  readonly subjectSpki: Uint8Array;
  /** SPKI of the issuer's key (for the authority key identifier). */
  readonly issuerSpki: Uint8Array;
  /** CRL distribution point URI (DSCs). */
  readonly crlUri?: string;
  /** ICAO document type list extension (9303-12 §7.1.1.3), e.g. ['ID']. */
  readonly documentTypes?: readonly string[];
}

export interface Certificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly template: CertificateTemplate;
  readonly subjectKeyId: Uint8Array;
}

function extensionsFor(t: CertificateTemplate): Uint8Array[] {
  const ski = keyIdentifier(t.subjectSpki);
  const aki = keyIdentifier(t.issuerSpki);
  const exts: Uint8Array[] = [];
  if (t.role === 'csca') {
    exts.push(extension(OID.basicConstraints, true, sequence(boolean(true), integer(0))));
    // keyCertSign (5), cRLSign (6)
    exts.push(extension(OID.keyUsage, true, namedBits([5, 6])));
  } else {
    // digitalSignature (0)
    exts.push(extension(OID.keyUsage, true, namedBits([0])));
  }
  exts.push(extension(OID.subjectKeyIdentifier, false, octetString(ski)));
  exts.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, aki))));
  if (t.crlUri !== undefined) {
    // DistributionPoint { distributionPoint [0] { fullName [0] { uniformResourceIdentifier [6] } } }
    const uri = implicitPrimitive(6, new TextEncoder().encode(t.crlUri));
    exts.push(
      extension(
        OID.crlDistributionPoints,
        false,
        sequence(sequence(implicitConstructed(0, implicitConstructed(0, uri)))),
      ),
    );
  }
  if (t.documentTypes !== undefined) {
    exts.push(
      extension(
        OID.documentTypeList,
        false,
        sequence(integer(0), set(...t.documentTypes.map((d) => printableString(d)))),
      ),
    );
  }
  return exts;
}

/** Builds and signs a certificate with the issuer's key. */
export function issueCertificate(
  t: CertificateTemplate,
  issuerProfile: SignatureProfile,
  issuerKey: KeyPair,
  ctx: SignContext,
): Certificate {
  const sigAlg = signatureAlgorithmId(issuerProfile);
  const tbs = sequence(
    explicit(0, integer(2)),
    unsignedInteger(t.serial),
    sigAlg,
    encodeName(t.issuer),
    sequence(x509Time(t.notBefore), x509Time(t.notAfter)),
    encodeName(t.subject),
    t.subjectSpki,
    explicit(3, sequence(...extensionsFor(t))),
  );
  const sig = signWith(issuerProfile, issuerKey, tbs, ctx);
  return {
    der: sequence(tbs, sigAlg, bitString(sig)),
    tbs,
    template: t,
    subjectKeyId: keyIdentifier(t.subjectSpki),
  };
}

export interface RevokedEntry {
  readonly serial: Uint8Array;
  readonly revokedAt: Date;
  /** CRLReason (RFC 5280 §5.3.1), e.g. 1 = keyCompromise. */
  readonly reason: number;
}

/** A v2 CRL signed by the CSCA (RFC 5280 §5.1) with AKI and CRL number. */
export function issueCrl(
  issuer: DistinguishedName,
  issuerSpki: Uint8Array,
  issuerProfile: SignatureProfile,
  issuerKey: KeyPair,
  thisUpdate: Date,
  nextUpdate: Date,
  crlNumber: number,
  revoked: readonly RevokedEntry[],
  ctx: SignContext,
): Uint8Array {
  const sigAlg = signatureAlgorithmId(issuerProfile);
  const entries = revoked.map((r) =>
    sequence(
      unsignedInteger(r.serial),
      x509Time(r.revokedAt),
      sequence(sequence(oid(OID.crlReason), octetString(enumerated(r.reason)))),
    ),
  );
  const tbs = sequence(
    integer(1),
    sigAlg,
    encodeName(issuer),
    x509Time(thisUpdate),
    x509Time(nextUpdate),
    ...(entries.length > 0 ? [sequence(...entries)] : []),
    explicit(
      0,
      sequence(
        extension(
          OID.authorityKeyIdentifier,
          false,
          sequence(implicitPrimitive(0, keyIdentifier(issuerSpki))),
        ),
        extension(OID.crlNumber, false, integer(crlNumber)),
      ),
    ),
  );
  return sequence(tbs, sigAlg, bitString(signWith(issuerProfile, issuerKey, tbs, ctx)));
}

const enumerated = (n: number): Uint8Array => Uint8Array.of(0x0a, 0x01, n);
