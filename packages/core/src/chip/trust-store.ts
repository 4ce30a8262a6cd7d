/**
 * CSCA trust store (ICAO 9303-12 §5, §9): CSCA certificates (self-signed
 * roots and link certificates), loaded one by one (DER or PEM) or from
 * master lists whose CMS signature and signer chain are verified first, and
 * CRLs. Issuers are found by authority key identifier, then by name.
 */

import { readTlv, UNIVERSAL } from '../der/index.js';
import { bytesEqual, isContext, single, toHex } from './_asn1.js';
import { certSignedBy, crlSignedBy } from './_cert-verify.js';
import { chipError } from './_fail.js';
import { type Crl, parseCrlTlv } from './crl.js';
import {
  checkMasterListSignature,
  issuerCandidates,
  type MasterListReport,
  parseMasterList,
  verifyMasterList,
} from './masterlist.js';
import { type Certificate, isSelfIssued, namesMatch, parseCertificateTlv } from './x509.js';

export interface TrustAnchor {
  readonly certificate: Certificate;
  /** Where it came from: a file name, "master list <signer>", … */
  readonly source: string;
  readonly kind: 'self-signed' | 'link';
}

export type RevocationStatus =
  | {
      readonly status: 'good';
      readonly crlIssuer: string;
      readonly nextUpdate: Date | undefined;
      readonly stale: boolean;
    }
  | { readonly status: 'revoked'; readonly crlIssuer: string; readonly revocationDate: Date }
  | { readonly status: 'unknown' };

export interface ChainResult {
  /** The trust-store certificate whose key verified the signature. */
  readonly anchor: TrustAnchor | undefined;
  /** Candidates found by AKI/name (0 = issuer not in the store). */
  readonly candidates: number;
  /** Why no anchor was found: no candidate, no candidate key verifies, or only an unverified link certificate does. */
  readonly reason: 'issuer-not-trusted' | 'signature-invalid' | 'link-unverified' | undefined;
}

/** PEM blocks of a given label (RFC 7468), decoded. */
function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

export type TrustInputKind = 'certificate' | 'crl' | 'masterlist';

/** Classifies DER by shape: ContentInfo (master list), Certificate (3 fields, tbs with SPKI) or CertificateList. */
export function classifyTrustInput(der: Uint8Array): TrustInputKind {
  const top = single(der, 'trust input', true);
  const first = readTlv(der, top.valueStart, top.valueEnd, { ber: true, path: 'trust input[0]' });
  if (first.tagClass === 'universal' && first.tagNumber === UNIVERSAL.OID) return 'masterlist';
  // TBSCertificate starts with [0] version or INTEGER serial then AlgorithmIdentifier; TBSCertList with
  // INTEGER version or AlgorithmIdentifier, then a Name, then a Time.
  const inner = readTlv(der, first.valueStart, first.valueEnd, { path: 'trust input[0][0]' });
  if (isContext(inner, 0)) return 'certificate';
  const second = readTlv(der, inner.end, first.valueEnd, { path: 'trust input[0][1]' });
  if (inner.tagNumber === UNIVERSAL.INTEGER && second.tagNumber === UNIVERSAL.SEQUENCE) {
    // v1 certificate (serial, alg) vs v2 CRL (version, alg): look at the element after the Name.
    const name = readTlv(der, second.end, first.valueEnd, { path: 'trust input[0][2]' });
    const fourth = readTlv(der, name.end, first.valueEnd, { path: 'trust input[0][3]' });
    return fourth.tagNumber === UNIVERSAL.SEQUENCE ? 'certificate' : 'crl';
  }
  return 'crl';
}

export class TrustStore {
  readonly #anchors: TrustAnchor[] = [];
  readonly #byRaw = new Map<string, TrustAnchor>();
  readonly #crls: { crl: Crl; source: string }[] = [];
  readonly #masterLists: { source: string; report: MasterListReport }[] = [];
  /** Link certificates already checked against the other anchors (cleared when anchors change). */
  readonly #linkOk = new Map<TrustAnchor, boolean>();

  get anchors(): readonly TrustAnchor[] {
    return this.#anchors;
  }

  get crls(): readonly Crl[] {
    return this.#crls.map((c) => c.crl);
  }

  get masterLists(): readonly { source: string; report: MasterListReport }[] {
    return this.#masterLists;
  }

  /** Adds one CSCA certificate (self-signed root or link certificate), DER bytes or parsed. */
  addCertificate(cert: Uint8Array | Certificate, source = 'certificate'): TrustAnchor {
    const certificate =
      cert instanceof Uint8Array ? parseCertificateTlv(single(cert, 'Certificate'), 'Certificate') : cert;
    return this.#addAnchor(certificate, source, false);
  }

  #addAnchor(certificate: Certificate, source: string, selfSignatureChecked: boolean): TrustAnchor {
    const id = toHex(certificate.raw);
    const existing = this.#byRaw.get(id);
    if (existing) return existing;
    const selfSigned =
      isSelfIssued(certificate) &&
      (certificate.authorityKeyIdentifier?.keyIdentifier === undefined ||
        certificate.subjectKeyIdentifier === undefined ||
        bytesEqual(certificate.authorityKeyIdentifier.keyIdentifier, certificate.subjectKeyIdentifier));
    // A root must verify under its own key (RFC 5280 §6.1: anchors are configured, but a broken one is a configuration error).
    if (selfSigned && !selfSignatureChecked && !certSignedBy(certificate, certificate.spki)) {
      throw chipError('DD_CHIP_TRUST_INPUT', source, 'self-signed CSCA whose signature does not verify');
    }
    const anchor: TrustAnchor = { certificate, source, kind: selfSigned ? 'self-signed' : 'link' };
    this.#anchors.push(anchor);
    this.#byRaw.set(id, anchor);
    this.#linkOk.clear();
    return anchor;
  }

  addCrl(der: Uint8Array, source = 'crl'): Crl {
    const crl = parseCrlTlv(single(der, 'CertificateList'), 'CertificateList');
    this.#crls.push({ crl, source });
    return crl;
  }

  /**
   * Adds every certificate of a CSCA master list after checking the list's
   * CMS signature and that its signer is issued by a CSCA in the list
   * (ICAO 9303-12 §9). Throws DD_CHIP_MASTERLIST_INVALID otherwise.
   */
  addMasterList(der: Uint8Array, source = 'master list'): MasterListReport {
    const ml = parseMasterList(der);
    // The list's own signature first: a list that fails it is refused before any per-certificate work.
    const sig = checkMasterListSignature(ml);
    if (sig.signature !== 'pass' || sig.signerChain !== 'pass') {
      throw chipError(
        'DD_CHIP_MASTERLIST_INVALID',
        source,
        `signature ${sig.signature}${sig.signatureReason ? ` (${sig.signatureReason})` : ''}, signer chain ${sig.signerChain}`,
      );
    }
    const report = verifyMasterList(ml);
    const failed = new Set(
      report.failures.filter((f) => f.reason === 'self-signature-invalid').map((f) => f.index),
    );
    ml.certificates.forEach((c, i) => {
      // Self-signatures were just verified by verifyMasterList; do not repeat them.
      if (!failed.has(i)) this.#addAnchor(c, source, true);
    });
    this.#masterLists.push({ source, report });
    return report;
  }

  /** Adds a file: PEM (certificates, CRLs) or DER (certificate, CRL or master list, by shape). */
  add(bytes: Uint8Array, source = 'input'): TrustInputKind[] {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
    if (head.includes('-----BEGIN ')) {
      const text = new TextDecoder('latin1').decode(bytes);
      const kinds: TrustInputKind[] = [];
      for (const der of pemBlocks(text, 'CERTIFICATE')) {
        this.addCertificate(der, source);
        kinds.push('certificate');
      }
      for (const der of pemBlocks(text, 'X509 CRL')) {
        this.addCrl(der, source);
        kinds.push('crl');
      }
      if (kinds.length === 0)
        throw chipError('DD_CHIP_TRUST_INPUT', source, 'no CERTIFICATE or X509 CRL PEM block');
      return kinds;
    }
    let kind: TrustInputKind;
    try {
      kind = classifyTrustInput(bytes);
    } catch {
      throw chipError('DD_CHIP_TRUST_INPUT', source, 'not DER, PEM or a master list');
    }
    if (kind === 'masterlist') this.addMasterList(bytes, source);
    else if (kind === 'crl') this.addCrl(bytes, source);
    else this.addCertificate(bytes, source);
    return [kind];
  }

  /** Trust-store certificates that may have issued `cert` (AKI = SKI first, then issuer name = subject). */
  candidatesFor(cert: Certificate): TrustAnchor[] {
    const pool = this.#anchors.map((a) => a.certificate);
    const found = new Set(issuerCandidates(cert, pool));
    return this.#anchors.filter((a) => found.has(a.certificate));
  }

  /**
   * Finds the CSCA whose key verifies `cert`'s signature. Self-signed roots
   * are preferred; a link certificate counts only when it is itself
   * verified by another CSCA in the store (ICAO 9303-12 §5.1.1).
   */
  findIssuer(cert: Certificate): ChainResult {
    const candidates = this.candidatesFor(cert).sort(
      (a, b) => Number(b.kind === 'self-signed') - Number(a.kind === 'self-signed'),
    );
    const signers = candidates.filter((a) => certSignedBy(cert, a.certificate.spki));
    const anchor = signers.find((a) => a.kind === 'self-signed' || this.#linkVerified(a, 0));
    const reason = anchor
      ? undefined
      : candidates.length === 0
        ? 'issuer-not-trusted'
        : signers.length === 0
          ? 'signature-invalid'
          : 'link-unverified';
    return { anchor, candidates: candidates.length, reason };
  }

  #linkVerified(link: TrustAnchor, depth: number): boolean {
    const known = this.#linkOk.get(link);
    if (known !== undefined) return known;
    if (depth > 4) return false;
    this.#linkOk.set(link, false); // breaks cycles while this one is being checked
    const c = link.certificate;
    const ok = this.candidatesFor(c).some(
      (a) =>
        !bytesEqual(a.certificate.spki.raw, c.spki.raw) &&
        (a.kind === 'self-signed' || this.#linkVerified(a, depth + 1)) &&
        certSignedBy(c, a.certificate.spki),
    );
    this.#linkOk.set(link, ok);
    return ok;
  }

  /**
   * Revocation status of `cert` issued by `issuer` at time `at` (RFC 5280 §6.3, simplified to
   * complete CRLs): a CRL counts only when its issuer name matches and its signature verifies
   * under the issuer's key; `stale` marks a CRL past its nextUpdate.
   */
  revocation(cert: Certificate, issuer: Certificate, at: Date): RevocationStatus {
    const crls = this.#crls
      .map((c) => c.crl)
      .filter(
        (c) =>
          namesMatch(c.issuer, issuer.subject) &&
          (c.authorityKeyIdentifier === undefined ||
            issuer.subjectKeyIdentifier === undefined ||
            bytesEqual(c.authorityKeyIdentifier, issuer.subjectKeyIdentifier)) &&
          crlSignedBy(c, issuer.spki),
      )
      .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
    if (crls.length === 0) return { status: 'unknown' };
    for (const c of crls) {
      const entry = c.revoked.get(cert.serialHex);
      if (entry && entry.revocationDate.getTime() <= at.getTime()) {
        return { status: 'revoked', crlIssuer: c.issuer.text, revocationDate: entry.revocationDate };
      }
    }
    const latest = crls[0]!;
    return {
      status: 'good',
      crlIssuer: latest.issuer.text,
      nextUpdate: latest.nextUpdate,
      stale: latest.nextUpdate !== undefined && latest.nextUpdate.getTime() < at.getTime(),
    };
  }
}
