/**
 * X.509 certificates (RFC 5280 §4.1), zero-copy: every byte field is a view
 * into the caller's buffer; `tbs` is the TBSCertificate exactly as received,
 * which is what the issuer's signature covers.
 */
import {
  derError,
  expect,
  raw as rawOf,
  readBitString,
  readOctetString,
  readOid,
  readTime,
  type Tlv,
  UNIVERSAL,
  value,
} from '../der/index.js';
import { at, explicit, isContext, kids, readSmallInt, readString, seq, set, single, toHex } from './_asn1.js';
import { NAME_ATTR, OID } from './oids.js';

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** Parameters element, if present (NULL included). */
  readonly params: Tlv | undefined;
  /** The whole AlgorithmIdentifier as received. */
  readonly raw: Uint8Array;
}

export interface NameAttribute {
  readonly type: string;
  readonly value: string;
}

export interface Name {
  /** The Name SEQUENCE as received (used for exact issuer/subject matching). */
  readonly raw: Uint8Array;
  readonly attributes: readonly NameAttribute[];
  /** RFC 4514-like one-line rendering, most significant RDN first (as in the encoding). */
  readonly text: string;
}

export interface SubjectPublicKeyInfo {
  /** The SPKI SEQUENCE as received (what signature verification takes). */
  readonly raw: Uint8Array;
  readonly algorithm: AlgorithmIdentifier;
  /** subjectPublicKey BIT STRING content (RSAPublicKey DER, or an EC point). */
  readonly publicKey: Uint8Array;
  readonly kind: 'rsa' | 'ec' | 'other';
  /** EC: named-curve OID when the parameters name one. */
  readonly namedCurve: string | undefined;
  /** EC: true when the parameters are an explicit ECParameters SEQUENCE. */
  readonly explicitCurve: boolean;
  /** RSA modulus bits, or EC field bits (from the point length). */
  readonly bits: number;
}

export interface AuthorityKeyIdentifier {
  readonly keyIdentifier: Uint8Array | undefined;
}

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen: number | undefined;
}

/** RFC 5280 §4.2.1.3 bit names, bit 0 first. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface Certificate {
  readonly raw: Uint8Array;
  /** TBSCertificate exactly as received. */
  readonly tbs: Uint8Array;
  readonly version: number;
  /** serialNumber content octets (two's complement, as received). */
  readonly serial: Uint8Array;
  readonly serialHex: string;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly tbsSignatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: Name;
  readonly subject: Name;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: SubjectPublicKeyInfo;
  readonly extensions: readonly Extension[];
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | undefined;
  readonly keyUsage: ReadonlySet<KeyUsage> | undefined;
  readonly basicConstraints: BasicConstraints | undefined;
  readonly crlDistributionPoints: readonly string[];
  /** PrivateKeyUsagePeriod (RFC 3280 §4.2.1.4), used by ICAO 9303-12 for DSC signing windows. */
  readonly privateKeyUsagePeriod: { readonly notBefore?: Date; readonly notAfter?: Date } | undefined;
  /** signatureValue BIT STRING content. */
  readonly signature: Uint8Array;
}

export function parseAlgorithmIdentifier(t: Tlv, path: string): AlgorithmIdentifier {
  const c = seq(t, path);
  if (c.length < 1 || c.length > 2) {
    throw derError('DD_DER_BAD_VALUE', path, 'AlgorithmIdentifier has 1 or 2 elements', t.start);
  }
  return { oid: readOid(c[0]!, `${path}.algorithm`), params: c[1], raw: rawOf(t) };
}

export function parseName(t: Tlv, path: string): Name {
  const attributes: NameAttribute[] = [];
  seq(t, path).forEach((rdn, i) => {
    set(rdn, `${path}[${i}]`).forEach((atv, j) => {
      const p = `${path}[${i}][${j}]`;
      const c = seq(atv, p);
      const oid = readOid(at(c, 0, `${p}.type`), `${p}.type`);
      const v = at(c, 1, `${p}.value`);
      let text: string;
      try {
        text = readString(v, `${p}.value`);
      } catch {
        text = `#${toHex(rawOf(v))}`;
      }
      attributes.push({ type: NAME_ATTR[oid] ?? oid, value: text });
    });
  });
  return { raw: rawOf(t), attributes, text: attributes.map((a) => `${a.type}=${a.value}`).join(', ') };
}

/** RFC 5280 §7.1 name matching, simplified: exact bytes, or equal after case folding and whitespace collapsing. */
export function namesMatch(a: Name, b: Name): boolean {
  if (a.raw.length === b.raw.length && Buffer.compare(a.raw, b.raw) === 0) return true;
  if (a.attributes.length !== b.attributes.length) return false;
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const key = (x: NameAttribute) => `${x.type}=${norm(x.value)}`;
  const as = a.attributes.map(key).sort();
  const bs = b.attributes.map(key).sort();
  return as.every((x, i) => x === bs[i]);
}

export function parseSpki(t: Tlv, path: string): SubjectPublicKeyInfo {
  const c = seq(t, path);
  const algorithm = parseAlgorithmIdentifier(at(c, 0, `${path}.algorithm`), `${path}.algorithm`);
  const publicKey = readBitString(at(c, 1, `${path}.subjectPublicKey`), `${path}.subjectPublicKey`);
  if (c.length !== 2)
    throw derError('DD_DER_BAD_VALUE', path, 'SubjectPublicKeyInfo has 2 elements', t.start);
  let kind: SubjectPublicKeyInfo['kind'] = 'other';
  let namedCurve: string | undefined;
  let explicitCurve = false;
  let bits = 0;
  if (algorithm.oid === OID.rsaEncryption || algorithm.oid === OID.rsassaPss) {
    kind = 'rsa';
    const rsa = seq(single(publicKey, `${path}.RSAPublicKey`), `${path}.RSAPublicKey`);
    const n = value(expect(at(rsa, 0, `${path}.RSAPublicKey.modulus`), 'universal', UNIVERSAL.INTEGER));
    let i = 0;
    while (i < n.length && n[i] === 0) i++;
    bits = n.length > i ? (n.length - i) * 8 - Math.clz32(n[i]!) + 24 : 0;
  } else if (algorithm.oid === OID.ecPublicKey) {
    kind = 'ec';
    const p = algorithm.params;
    if (p?.tagClass === 'universal' && p.tagNumber === UNIVERSAL.OID)
      namedCurve = readOid(p, `${path}.parameters`);
    else if (p?.tagClass === 'universal' && p.tagNumber === UNIVERSAL.SEQUENCE) explicitCurve = true;
    // Uncompressed point 04‖X‖Y (SEC 1 §2.3.3): field bytes = (len-1)/2.
    bits = publicKey[0] === 4 ? ((publicKey.length - 1) / 2) * 8 : (publicKey.length - 1) * 8;
  }
  return { raw: rawOf(t), algorithm, publicKey, kind, namedCurve, explicitCurve, bits };
}

/** BIT STRING with possibly unused trailing bits (named bit lists such as keyUsage). */
function readNamedBits(t: Tlv, path: string): boolean[] {
  expect(t, 'universal', UNIVERSAL.BIT_STRING, path, false);
  const v = value(t);
  if (v.length === 0 || v[0]! > 7) throw derError('DD_DER_BAD_VALUE', path, 'malformed BIT STRING', t.start);
  const out: boolean[] = [];
  const total = (v.length - 1) * 8 - v[0]!;
  for (let i = 0; i < total; i++) out.push((v[1 + (i >> 3)]! & (0x80 >> (i & 7))) !== 0);
  return out;
}

function collectUris(t: Tlv, path: string, out: string[], depth = 0): void {
  // GeneralName uniformResourceIdentifier is [6] IA5String (RFC 5280 §4.2.1.6).
  if (depth > 8) return;
  if (t.tagClass === 'context' && t.tagNumber === 6 && !t.constructed) {
    out.push(new TextDecoder('latin1').decode(value(t)));
    return;
  }
  if (t.constructed) {
    kids(t, path).forEach((c, i) => {
      collectUris(c, `${path}[${i}]`, out, depth + 1);
    });
  }
}

function parseExtensions(t: Tlv, path: string): Extension[] {
  return seq(explicit(t, path), path).map((e, i) => {
    const p = `${path}[${i}]`;
    const c = seq(e, p);
    const oid = readOid(at(c, 0, `${p}.extnID`), `${p}.extnID`);
    let k = 1;
    let critical = false;
    if (c[1]?.tagClass === 'universal' && c[1].tagNumber === UNIVERSAL.BOOLEAN) {
      critical = value(c[1])[0] !== 0;
      k = 2;
    }
    return { oid, critical, value: readOctetString(at(c, k, `${p}.extnValue`), `${p}.extnValue`) };
  });
}

export interface ParseCertificateOptions {
  readonly path?: string;
}

/** Parses one DER certificate (`buf` is exactly the certificate, or use {@link parseCertificateTlv}). */
export function parseCertificate(buf: Uint8Array, opts: ParseCertificateOptions = {}): Certificate {
  const path = opts.path ?? 'Certificate';
  return parseCertificateTlv(single(buf, path), path);
}

export function parseCertificateTlv(t: Tlv, path = 'Certificate'): Certificate {
  const top = seq(t, path);
  if (top.length !== 3) throw derError('DD_DER_BAD_VALUE', path, 'Certificate has 3 elements', t.start);
  const tbsT = top[0]!;
  const tp = `${path}.tbsCertificate`;
  const f = seq(tbsT, tp);
  let i = 0;
  let version = 1;
  if (isContext(f[0], 0)) {
    version = readSmallInt(explicit(f[0]!, `${tp}.version`), `${tp}.version`) + 1;
    i = 1;
  }
  const serialT = expect(
    at(f, i, `${tp}.serialNumber`),
    'universal',
    UNIVERSAL.INTEGER,
    `${tp}.serialNumber`,
    false,
  );
  const serial = value(serialT);
  if (serial.length === 0)
    throw derError('DD_DER_BAD_VALUE', `${tp}.serialNumber`, 'empty INTEGER', serialT.start);
  const tbsSignatureAlgorithm = parseAlgorithmIdentifier(at(f, i + 1, `${tp}.signature`), `${tp}.signature`);
  const issuer = parseName(at(f, i + 2, `${tp}.issuer`), `${tp}.issuer`);
  const validity = seq(at(f, i + 3, `${tp}.validity`), `${tp}.validity`);
  const notBefore = readTime(at(validity, 0, `${tp}.validity.notBefore`), `${tp}.validity.notBefore`);
  const notAfter = readTime(at(validity, 1, `${tp}.validity.notAfter`), `${tp}.validity.notAfter`);
  const subject = parseName(at(f, i + 4, `${tp}.subject`), `${tp}.subject`);
  const spki = parseSpki(at(f, i + 5, `${tp}.subjectPublicKeyInfo`), `${tp}.subjectPublicKeyInfo`);
  let extensions: Extension[] = [];
  for (const x of f.slice(i + 6)) {
    if (isContext(x, 3)) extensions = parseExtensions(x, `${tp}.extensions`);
    else if (!isContext(x, 1) && !isContext(x, 2)) {
      throw derError('DD_DER_BAD_TAG', `${tp}`, 'unexpected element after subjectPublicKeyInfo', x.start);
    }
  }
  const signatureAlgorithm = parseAlgorithmIdentifier(top[1]!, `${path}.signatureAlgorithm`);
  const signature = readBitString(top[2]!, `${path}.signatureValue`);
  // RFC 5280 §4.1.1.2: the outer algorithm (not covered by the signature) must equal the signed one.
  if (Buffer.compare(signatureAlgorithm.raw, tbsSignatureAlgorithm.raw) !== 0) {
    throw derError(
      'DD_DER_BAD_VALUE',
      `${path}.signatureAlgorithm`,
      'differs from tbsCertificate.signature',
      top[1]!.start,
    );
  }

  let subjectKeyIdentifier: Uint8Array | undefined;
  let authorityKeyIdentifier: AuthorityKeyIdentifier | undefined;
  let keyUsage: Set<KeyUsage> | undefined;
  let basicConstraints: BasicConstraints | undefined;
  let privateKeyUsagePeriod: Certificate['privateKeyUsagePeriod'];
  const crlDistributionPoints: string[] = [];
  extensions.forEach((e, k) => {
    const p = `${tp}.extensions[${k}]`;
    const inner = () => single(e.value, p);
    switch (e.oid) {
      case OID.subjectKeyIdentifier:
        subjectKeyIdentifier = readOctetString(inner(), p);
        break;
      case OID.authorityKeyIdentifier: {
        const kid = seq(inner(), p).find((c) => isContext(c, 0));
        authorityKeyIdentifier = { keyIdentifier: kid ? value(kid) : undefined };
        break;
      }
      case OID.keyUsage: {
        const bitsOn = readNamedBits(inner(), p);
        keyUsage = new Set(KEY_USAGE_BITS.filter((_, b) => bitsOn[b] === true));
        break;
      }
      case OID.basicConstraints: {
        const c = seq(inner(), p);
        let ca = false;
        let pathLen: number | undefined;
        for (const x of c) {
          if (x.tagNumber === UNIVERSAL.BOOLEAN && x.tagClass === 'universal') ca = value(x)[0] !== 0;
          else pathLen = readSmallInt(x, `${p}.pathLenConstraint`);
        }
        basicConstraints = { ca, pathLen };
        break;
      }
      case OID.privateKeyUsagePeriod: {
        const period: { notBefore?: Date; notAfter?: Date } = {};
        for (const x of seq(inner(), p)) {
          // GeneralizedTime with implicit [0]/[1] tags.
          const d = readTime({ ...x, tagClass: 'universal', tagNumber: UNIVERSAL.GENERALIZED_TIME }, p);
          if (x.tagNumber === 0) period.notBefore = d;
          else period.notAfter = d;
        }
        privateKeyUsagePeriod = period;
        break;
      }
      case OID.crlDistributionPoints:
        collectUris(inner(), p, crlDistributionPoints);
        break;
    }
  });
  return {
    raw: rawOf(t),
    tbs: rawOf(tbsT),
    version,
    serial,
    serialHex: toHex(serial),
    signatureAlgorithm,
    tbsSignatureAlgorithm,
    issuer,
    subject,
    notBefore,
    notAfter,
    spki,
    extensions,
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    keyUsage,
    basicConstraints,
    crlDistributionPoints,
    privateKeyUsagePeriod,
    signature,
  };
}

/** True when issuer and subject names match (self-issued, RFC 5280 §3.2): CSCA roots and link certificates. */
export const isSelfIssued = (c: Certificate): boolean => namesMatch(c.issuer, c.subject);
