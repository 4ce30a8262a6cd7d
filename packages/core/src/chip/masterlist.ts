/**
 * CSCA master lists (ICAO 9303-12 §9): CMS SignedData with eContentType
 * id-icao-cscaMasterList over CscaMasterList ::= SEQUENCE { version, certList
 * SET OF Certificate }. Verification checks the CMS signature, that the
 * signer chains to a CSCA in the list, every self-signed CSCA's signature,
 * and every link certificate against its issuer in the list.
 */
import { at, bytesEqual, readSmallInt, seq, set, single } from './_asn1.js';
import { certSignedBy } from './_cert-verify.js';
import { checkContentType, checkMessageDigest, checkSignature, findSignerCert } from './_cms-verify.js';
import { chipError } from './_fail.js';
import { parseSignedData, type SignedData } from './cms.js';
import { describeKey } from './key-info.js';
import { OID } from './oids.js';
import { type Certificate, isSelfIssued, namesMatch, parseCertificateTlv } from './x509.js';

export interface MasterList {
  readonly signedData: SignedData;
  readonly version: number;
  readonly certificates: readonly Certificate[];
}

export function parseMasterList(buf: Uint8Array): MasterList {
  const path = 'MasterList';
  const signedData = parseSignedData(
    single(buf, path, true),
    `${path}.ContentInfo`,
    OID.cscaMasterList,
    true,
  );
  if (!signedData.eContent)
    throw chipError(
      'DD_CHIP_BAD_STRUCTURE',
      `${path}.ContentInfo.SignedData.encapContentInfo`,
      'no eContent',
    );
  const lp = `${path}.CscaMasterList`;
  const c = seq(single(signedData.eContent, lp, true), lp, true);
  const version = readSmallInt(at(c, 0, `${lp}.version`), `${lp}.version`);
  if (version !== 0) throw chipError('DD_CHIP_UNSUPPORTED_VERSION', `${lp}.version`, `version ${version}`);
  const certificates = set(at(c, 1, `${lp}.certList`), `${lp}.certList`, true).map((t, i) =>
    parseCertificateTlv(t, `${lp}.certList[${i}]`),
  );
  return { signedData, version, certificates };
}

export interface MasterListFailure {
  readonly index: number;
  readonly subject: string;
  readonly reason: 'self-signature-invalid' | 'link-signature-invalid' | 'link-issuer-missing';
}

export interface MasterListReport {
  readonly valid: boolean;
  readonly signer:
    | { readonly subject: string; readonly issuer: string; readonly serialHex: string }
    | undefined;
  readonly signature: 'pass' | 'fail';
  readonly signatureReason: string | undefined;
  /** The list signer verified under a CSCA in the list. */
  readonly signerChain: 'pass' | 'fail';
  readonly cscaCount: number;
  readonly selfSigned: { readonly verified: number; readonly total: number };
  readonly link: { readonly verified: number; readonly total: number; readonly issuerMissing: number };
  /** Counts by key/signature description, e.g. "ecdsa brainpoolP512r1 (explicit) / ecdsa-with-SHA512". */
  readonly byAlgorithm: Readonly<Record<string, number>>;
  readonly failures: readonly MasterListFailure[];
}

/** Issuer candidates in `pool` for `cert`: by AKI = SKI first, then by name (RFC 5280 §4.2.1.1). */
export function issuerCandidates(
  cert: Certificate,
  pool: readonly Certificate[],
  strictKeyId = false,
): Certificate[] {
  const aki = cert.authorityKeyIdentifier?.keyIdentifier;
  if (aki) {
    const byKey = pool.filter(
      (c) => c.subjectKeyIdentifier !== undefined && bytesEqual(c.subjectKeyIdentifier, aki),
    );
    if (byKey.length > 0 || strictKeyId) return byKey;
  }
  return pool.filter((c) => namesMatch(c.subject, cert.issuer));
}

export interface MasterListSignature {
  readonly signerCert: Certificate | undefined;
  readonly signature: 'pass' | 'fail';
  readonly signatureReason: string | undefined;
  readonly signerChain: 'pass' | 'fail';
}

/** The list's own CMS signature and its signer's chain to a CSCA in the list (cheap: two signatures). */
export function checkMasterListSignature(ml: MasterList): MasterListSignature {
  const sd = ml.signedData;
  const si = sd.signerInfos[0]!;
  const signerCert = findSignerCert(si, sd.certificates);
  let signature: 'pass' | 'fail' = 'fail';
  let signatureReason: string | undefined = 'signer-certificate-missing';
  if (signerCert) {
    const steps = [checkContentType(sd, si), checkMessageDigest(sd, si), checkSignature(si, signerCert)];
    const bad = steps.find((s) => !s.ok);
    signature = bad ? 'fail' : 'pass';
    signatureReason = bad && !bad.ok ? bad.reason : undefined;
  }
  const signerChain =
    signerCert && issuerCandidates(signerCert, ml.certificates).some((c) => certSignedBy(signerCert, c.spki))
      ? 'pass'
      : 'fail';
  return { signerCert, signature, signatureReason, signerChain };
}

export function verifyMasterList(ml: MasterList): MasterListReport {
  const { signerCert, signature, signatureReason, signerChain } = checkMasterListSignature(ml);
  const failures: MasterListFailure[] = [];
  const byAlgorithm: Record<string, number> = {};
  let selfTotal = 0;
  let selfOk = 0;
  let linkTotal = 0;
  let linkOk = 0;
  let linkMissing = 0;
  ml.certificates.forEach((c, index) => {
    const key = describeKey(c);
    byAlgorithm[key] = (byAlgorithm[key] ?? 0) + 1;
    if (
      isSelfIssued(c) &&
      (!c.authorityKeyIdentifier?.keyIdentifier ||
        !c.subjectKeyIdentifier ||
        bytesEqual(c.authorityKeyIdentifier.keyIdentifier, c.subjectKeyIdentifier))
    ) {
      selfTotal++;
      if (certSignedBy(c, c.spki)) selfOk++;
      else failures.push({ index, subject: c.subject.text, reason: 'self-signature-invalid' });
      return;
    }
    linkTotal++;
    // A link certificate's issuer is the previous CSCA key: candidates with the same key are the new CSCA itself.
    // With an AKI, only a certificate carrying that key identifier can be the issuer (RFC 5280 §4.2.1.1).
    const issuers = issuerCandidates(c, ml.certificates, true).filter(
      (x) => !bytesEqual(x.spki.raw, c.spki.raw),
    );
    if (issuers.length === 0) {
      linkMissing++;
      failures.push({ index, subject: c.subject.text, reason: 'link-issuer-missing' });
    } else if (issuers.some((x) => certSignedBy(c, x.spki))) linkOk++;
    else failures.push({ index, subject: c.subject.text, reason: 'link-signature-invalid' });
  });
  return {
    valid: signature === 'pass' && signerChain === 'pass',
    signer: signerCert && {
      subject: signerCert.subject.text,
      issuer: signerCert.issuer.text,
      serialHex: signerCert.serialHex,
    },
    signature,
    signatureReason,
    signerChain,
    cscaCount: ml.certificates.length,
    selfSigned: { verified: selfOk, total: selfTotal },
    link: { verified: linkOk, total: linkTotal, issuerMissing: linkMissing },
    byAlgorithm,
    failures,
  };
}
