/**
 * CMS SignedData (RFC 5652 §5) as used by EF.SOD (ICAO 9303-10 §4.6.2) and
 * CSCA master lists (ICAO 9303-12 §9). BER is accepted (indefinite lengths
 * occur on issued documents); signed attributes are kept as the exact
 * received bytes, because the signature covers them (RFC 5652 §5.4).
 */
import {
  derError,
  raw as rawOf,
  readOctetString,
  readOid,
  type Tlv,
  UNIVERSAL,
  value,
} from '../der/index.js';
import { at, explicit, isContext, kids, readSmallInt, seq, set } from './_asn1.js';
import { parseCertificateCached } from './_cert-cache.js';
import { chipError } from './_fail.js';
import { OID } from './oids.js';
import {
  type AlgorithmIdentifier,
  type Certificate,
  type Name,
  parseAlgorithmIdentifier,
  parseName,
} from './x509.js';

export interface Attribute {
  readonly oid: string;
  readonly values: readonly Tlv[];
}

export type SignerIdentifier =
  | { readonly kind: 'issuerAndSerialNumber'; readonly issuer: Name; readonly serial: Uint8Array }
  | { readonly kind: 'subjectKeyIdentifier'; readonly keyIdentifier: Uint8Array };

export interface SignerInfo {
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmIdentifier;
  /** signedAttrs exactly as received, still with their [0] IMPLICIT tag (undefined when absent). */
  readonly signedAttrsRaw: Uint8Array | undefined;
  readonly signedAttrs: readonly Attribute[];
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
}

export interface SignedData {
  readonly version: number;
  readonly digestAlgorithms: readonly AlgorithmIdentifier[];
  readonly eContentType: string;
  /** The encapsulated content octets (a view, or one copy when BER splits it into chunks). */
  readonly eContent: Uint8Array | undefined;
  readonly certificates: readonly Certificate[];
  /** Raw CRLs carried in the SignedData (rare for SODs). */
  readonly crls: readonly Uint8Array[];
  readonly signerInfos: readonly SignerInfo[];
}

/** The SET OF signed attributes as the signature covers it: the received bytes with the [0] tag replaced by SET (RFC 5652 §5.4). */
export function signedAttrsForSignature(si: SignerInfo): Uint8Array | undefined {
  if (!si.signedAttrsRaw) return undefined;
  const copy = si.signedAttrsRaw.slice();
  copy[0] = 0x31;
  return copy;
}

/** First value of a signed attribute, or undefined. */
export const attributeValue = (si: SignerInfo, oid: string): Tlv | undefined =>
  si.signedAttrs.find((a) => a.oid === oid)?.values[0];

function octets(t: Tlv, path: string): Uint8Array {
  // BER constructed OCTET STRING: concatenate the primitive chunks (X.690 §8.7.3).
  if (!t.constructed) return readOctetString(t, path);
  if (t.tagClass !== 'universal' || t.tagNumber !== UNIVERSAL.OCTET_STRING) {
    throw derError('DD_DER_BAD_TAG', path, 'expected OCTET STRING', t.start);
  }
  const parts = kids(t, path, true).map((c, i) => octets(c, `${path}[${i}]`));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function parseSignerInfo(t: Tlv, path: string, ber: boolean): SignerInfo {
  const c = seq(t, path, ber);
  const version = readSmallInt(at(c, 0, `${path}.version`), `${path}.version`);
  const sidT = at(c, 1, `${path}.sid`);
  let sid: SignerIdentifier;
  if (isContext(sidT, 0) && !sidT.constructed) {
    sid = { kind: 'subjectKeyIdentifier', keyIdentifier: value(sidT) };
  } else {
    const ias = seq(sidT, `${path}.sid`, ber);
    const serialT = at(ias, 1, `${path}.sid.serialNumber`);
    if (serialT.tagNumber !== UNIVERSAL.INTEGER || serialT.tagClass !== 'universal' || serialT.constructed) {
      throw derError('DD_DER_BAD_TAG', `${path}.sid.serialNumber`, 'expected INTEGER', serialT.start);
    }
    sid = {
      kind: 'issuerAndSerialNumber',
      issuer: parseName(at(ias, 0, `${path}.sid.issuer`), `${path}.sid.issuer`),
      serial: value(serialT),
    };
  }
  const digestAlgorithm = parseAlgorithmIdentifier(
    at(c, 2, `${path}.digestAlgorithm`),
    `${path}.digestAlgorithm`,
  );
  let k = 3;
  let signedAttrsRaw: Uint8Array | undefined;
  const signedAttrs: Attribute[] = [];
  const sa = c[3];
  if (sa !== undefined && isContext(sa, 0)) {
    signedAttrsRaw = rawOf(sa);
    kids(sa, `${path}.signedAttrs`, ber).forEach((a, i) => {
      const p = `${path}.signedAttrs[${i}]`;
      const ac = seq(a, p, ber);
      signedAttrs.push({
        oid: readOid(at(ac, 0, `${p}.attrType`), `${p}.attrType`),
        values: set(at(ac, 1, `${p}.attrValues`), `${p}.attrValues`, ber),
      });
    });
    k = 4;
  }
  const signatureAlgorithm = parseAlgorithmIdentifier(
    at(c, k, `${path}.signatureAlgorithm`),
    `${path}.signatureAlgorithm`,
  );
  const signature = readOctetString(at(c, k + 1, `${path}.signature`), `${path}.signature`);
  return { version, sid, digestAlgorithm, signedAttrsRaw, signedAttrs, signatureAlgorithm, signature };
}

const isNullOrAbsent = (a: AlgorithmIdentifier) =>
  a.params === undefined ||
  (a.params.tagClass === 'universal' &&
    a.params.tagNumber === UNIVERSAL.NULL &&
    a.params.valueEnd === a.params.valueStart);

/**
 * Fields outside the signature must still be exactly what RFC 5652 requires,
 * so that no unsigned byte of a document can change without being noticed:
 * version numbers (§5.1, §5.3), digest algorithms listed in SignedData
 * (§5.1) and without parameters other than NULL (RFC 5754 §2).
 */
function checkUnsignedFields(
  version: number,
  digestAlgorithms: readonly AlgorithmIdentifier[],
  eContentType: string,
  signerInfos: readonly SignerInfo[],
  sp: string,
): void {
  // §5.1: eContentType other than id-data (and no other-format certificates) → version 3.
  if (eContentType !== '1.2.840.113549.1.7.1' && version !== 3) {
    throw chipError('DD_CHIP_UNSUPPORTED_VERSION', `${sp}.version`, `version ${version}, expected 3`);
  }
  digestAlgorithms.forEach((a, i) => {
    if (!isNullOrAbsent(a))
      throw chipError(
        'DD_CHIP_BAD_STRUCTURE',
        `${sp}.digestAlgorithms[${i}]`,
        'parameters must be NULL or absent',
      );
  });
  signerInfos.forEach((si, i) => {
    const p = `${sp}.signerInfos[${i}]`;
    const expected = si.sid.kind === 'issuerAndSerialNumber' ? 1 : 3;
    if (si.version !== expected)
      throw chipError(
        'DD_CHIP_UNSUPPORTED_VERSION',
        `${p}.version`,
        `version ${si.version}, expected ${expected}`,
      );
    if (!isNullOrAbsent(si.digestAlgorithm))
      throw chipError('DD_CHIP_BAD_STRUCTURE', `${p}.digestAlgorithm`, 'parameters must be NULL or absent');
    if (!digestAlgorithms.some((a) => a.oid === si.digestAlgorithm.oid)) {
      throw chipError(
        'DD_CHIP_BAD_STRUCTURE',
        `${p}.digestAlgorithm`,
        'not listed in SignedData.digestAlgorithms',
      );
    }
  });
}

/**
 * Parses a ContentInfo holding SignedData. `expectedContentType` is the
 * eContentType the caller requires (LDS security object, CSCA master list).
 */
export function parseSignedData(
  contentInfo: Tlv,
  path: string,
  expectedContentType?: string,
  ber = true,
): SignedData {
  const ci = seq(contentInfo, path, ber);
  const ct = readOid(at(ci, 0, `${path}.contentType`), `${path}.contentType`);
  if (ct !== OID.signedData)
    throw chipError('DD_CHIP_BAD_CONTENT_TYPE', `${path}.contentType`, `expected signedData, found ${ct}`);
  const wrapped = at(ci, 1, `${path}.content`);
  if (!isContext(wrapped, 0))
    throw derError('DD_DER_BAD_TAG', `${path}.content`, 'expected [0]', wrapped.start);
  const sp = `${path}.SignedData`;
  const sd = seq(explicit(wrapped, `${path}.content`, ber), sp, ber);
  const version = readSmallInt(at(sd, 0, `${sp}.version`), `${sp}.version`);
  const digestAlgorithms = set(at(sd, 1, `${sp}.digestAlgorithms`), `${sp}.digestAlgorithms`, ber).map(
    (a, i) => parseAlgorithmIdentifier(a, `${sp}.digestAlgorithms[${i}]`),
  );
  const ecp = `${sp}.encapContentInfo`;
  const eci = seq(at(sd, 2, ecp), ecp, ber);
  const eContentType = readOid(at(eci, 0, `${ecp}.eContentType`), `${ecp}.eContentType`);
  if (expectedContentType !== undefined && eContentType !== expectedContentType) {
    throw chipError(
      'DD_CHIP_BAD_CONTENT_TYPE',
      `${ecp}.eContentType`,
      `expected ${expectedContentType}, found ${eContentType}`,
    );
  }
  let eContent: Uint8Array | undefined;
  if (eci[1] !== undefined) {
    if (!isContext(eci[1], 0))
      throw derError('DD_DER_BAD_TAG', `${ecp}.eContent`, 'expected [0]', eci[1].start);
    eContent = octets(explicit(eci[1], `${ecp}.eContent`, ber), `${ecp}.eContent`);
  }
  let k = 3;
  const certificates: Certificate[] = [];
  const crls: Uint8Array[] = [];
  if (isContext(sd[k], 0)) {
    kids(sd[k]!, `${sp}.certificates`, ber).forEach((c, i) => {
      // Only X.509 certificates (a SEQUENCE); other CertificateChoices are skipped (RFC 5652 §10.2.2).
      if (c.tagClass === 'universal' && c.tagNumber === UNIVERSAL.SEQUENCE) {
        certificates.push(parseCertificateCached(c, `${sp}.certificates[${i}]`));
      }
    });
    k++;
  }
  if (isContext(sd[k], 1)) {
    for (const c of kids(sd[k]!, `${sp}.crls`, ber)) crls.push(rawOf(c));
    k++;
  }
  const signerInfos = set(at(sd, k, `${sp}.signerInfos`), `${sp}.signerInfos`, ber).map((s, i) =>
    parseSignerInfo(s, `${sp}.signerInfos[${i}]`, ber),
  );
  if (signerInfos.length === 0)
    throw chipError('DD_CHIP_BAD_STRUCTURE', `${sp}.signerInfos`, 'no SignerInfo');
  checkUnsignedFields(version, digestAlgorithms, eContentType, signerInfos, sp);
  if (sd.length > k + 1) throw derError('DD_DER_TRAILING_DATA', sp, 'elements after signerInfos');
  return { version, digestAlgorithms, eContentType, eContent, certificates, crls, signerInfos };
}
