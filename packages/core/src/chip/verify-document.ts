/**
 * Passive authentication (ICAO 9303-11 §5.1, 9303-12 §4–7) with active
 * authentication (9303-11 §6.1) and CCCD consistency checks, as one report.
 * Every step is a check with a stable code; the verdict is `verified` only
 * when no check failed and every required check passed.
 */

import { readTime } from '../der/index.js';
import { isDinhdanhError } from '../errors/index.js';
import { bytesEqual, single } from './_asn1.js';
import { cardExpiryCheck, dg1Dg13Checks, idStructureCheck, mrzChecks, qrCheck } from './_cccd-checks.js';
import { checkContentType, checkMessageDigest, checkSignature, findSignerCert } from './_cms-verify.js';
import { chipError } from './_fail.js';
import { hashBytes } from './_hash.js';
import { type ChallengeRegistry, verifyActiveAuthentication } from './aa.js';
import { attributeValue } from './cms.js';
import { type Dg1, parseDg1 } from './dg1.js';
import { type Dg13, parseDg13 } from './dg13.js';
import { type Dg14, parseDg14 } from './dg14.js';
import { type Dg15, parseDg15 } from './dg15.js';
import { OID } from './oids.js';
import { type CccdQr, parseCccdQr } from './qr.js';
import { type Check, type VerificationReport, verdictOf } from './report.js';
import { parseSod, type Sod } from './sod.js';
import { TrustStore } from './trust-store.js';
import { type Certificate, parseCertificateTlv } from './x509.js';

export interface VerifyPolicy {
  /** Data groups that must be present and hashed (ICAO 9303-10: DG1 and DG2 are mandatory). Default [1, 2]. */
  readonly requiredDataGroups?: readonly number[];
  /** Fail when no CRL from the CSCA is loaded. Default false (reported as warn). */
  readonly requireRevocationInfo?: boolean;
  /** Fail unless active authentication ran and passed. Default false. */
  readonly requireActiveAuthentication?: boolean;
  /**
   * Time for DSC validity: the validation time (shell model, default) or
   * the SOD's signingTime when present (chain model).
   */
  readonly dscValidityAt?: 'validation-time' | 'signing-time';
  /** Run CCCD checks: 'auto' (default) when DG13 is given or the MRZ is a Vietnamese ID card. */
  readonly cccdChecks?: 'auto' | 'always' | 'never';
}

export interface VerifyDocumentInput {
  /** EF.SOD bytes as read. */
  readonly sod: Uint8Array;
  /** Data-group file bytes by number, as read (tag included). */
  readonly dataGroups: Readonly<Record<number, Uint8Array>> | ReadonlyMap<number, Uint8Array>;
  readonly trust: TrustStore;
  /** Validation time. Default now. */
  readonly at?: Date;
  readonly policy?: VerifyPolicy;
  /** A DSC supplied out of band (when the SOD does not carry it). */
  readonly dsc?: Uint8Array;
  /** Active-authentication exchange. */
  readonly aa?: { readonly challenge: Uint8Array; readonly signature: Uint8Array };
  /** Where AA challenges were issued; without it the challenge's freshness is not checked. */
  readonly challenges?: ChallengeRegistry;
  /** The QR string printed on the card. */
  readonly qr?: string;
}

const CHAIN_DETAIL: Readonly<Record<string, string>> = {
  'issuer-not-trusted': 'no CSCA in the trust store matches the DSC issuer',
  'signature-invalid': 'no matching CSCA key verifies the DSC',
  'link-unverified': 'only a link certificate not verified by another CSCA verifies the DSC',
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * ISO strings of the instants reports repeat card after card (the validation time, the validity
 * dates of a DSC that signs many cards): toISOString formats through the C library, ~1 µs a call.
 * Keyed by the instant, so a Date changed in place is formatted afresh; bounded.
 */
const ISO_CACHE_MAX = 256;
const isoCache = new Map<number, string>();
function iso(d: Date): string {
  const t = d.getTime();
  let s = isoCache.get(t);
  if (s === undefined) {
    s = d.toISOString();
    if (isoCache.size >= ISO_CACHE_MAX) isoCache.clear();
    isoCache.set(t, s);
  }
  return s;
}

function describeError(e: unknown): string {
  return isDinhdanhError(e) ? `${e.code}: ${e.message}` : 'unexpected error';
}

function groupsOf(dg: VerifyDocumentInput['dataGroups']): Map<number, Uint8Array> {
  if (typeof dg !== 'object' || dg === null) {
    throw chipError('DD_CHIP_BAD_ARGUMENT', 'dataGroups', 'expected a map or object of DG number → bytes');
  }
  const m = new Map<number, Uint8Array>();
  const entries =
    dg instanceof Map ? [...dg.entries()] : Object.entries(dg).map(([k, v]) => [Number(k), v] as const);
  for (const [k, v] of entries) {
    const n = Number(k);
    if (!Number.isInteger(n) || n < 1 || n > 16)
      throw chipError('DD_CHIP_BAD_ARGUMENT', 'dataGroups', 'DG numbers are 1..16');
    if (!(v instanceof Uint8Array))
      throw chipError('DD_CHIP_BAD_ARGUMENT', `dataGroups.${n}`, 'expected bytes');
    m.set(n, v);
  }
  return m;
}

function checkInput(input: VerifyDocumentInput): void {
  if (typeof input !== 'object' || input === null)
    throw chipError('DD_CHIP_BAD_ARGUMENT', '$', 'expected an object');
  if (!(input.sod instanceof Uint8Array)) throw chipError('DD_CHIP_BAD_ARGUMENT', 'sod', 'expected bytes');
  if (!(input.trust instanceof TrustStore))
    throw chipError('DD_CHIP_BAD_ARGUMENT', 'trust', 'expected a TrustStore');
  if (input.at !== undefined && !(input.at instanceof Date && !Number.isNaN(input.at.getTime()))) {
    throw chipError('DD_CHIP_BAD_ARGUMENT', 'at', 'expected a valid Date');
  }
  if (
    input.aa !== undefined &&
    !(input.aa.challenge instanceof Uint8Array && input.aa.signature instanceof Uint8Array)
  ) {
    throw chipError('DD_CHIP_BAD_ARGUMENT', 'aa', 'expected { challenge, signature } bytes');
  }
  if (input.qr !== undefined && typeof input.qr !== 'string')
    throw chipError('DD_CHIP_BAD_ARGUMENT', 'qr', 'expected a string');
}

/** Parses a data group, turning a parse error into a failed check. */
function tryParse<T>(checks: Check[], code: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    checks.push({
      check: code,
      status: 'fail',
      required: false,
      reason: 'parse-error',
      detail: describeError(e),
    });
    return undefined;
  }
}

// Check builders (module-level: a report is built for every card of a bulk run).
const P = (check: string, required = true): Check => ({ check, status: 'pass', required });
const F = (check: string, reason: string, detail?: string, required = true): Check => ({
  check,
  status: 'fail',
  required,
  reason,
  detail,
});
const S = (check: string, reason: string, required = true): Check => ({
  check,
  status: 'skipped',
  required,
  reason,
});
const W = (check: string, reason: string, detail?: string): Check => ({
  check,
  status: 'warn',
  required: false,
  reason,
  detail,
});

/** Bad arguments (not data) throw DD_CHIP_BAD_ARGUMENT; anything wrong with the document itself is a failed check. */
export function verifyDocument(input: VerifyDocumentInput): VerificationReport {
  checkInput(input);
  const at = input.at ?? new Date();
  const policy = input.policy ?? {};
  const required = policy.requiredDataGroups ?? [1, 2];
  const groups = groupsOf(input.dataGroups);
  const checks: Check[] = [];
  const doc: Mutable<VerificationReport['document']> = {
    dataGroupsGiven: [...groups.keys()].sort((a, b) => a - b),
  };
  const push = (...c: Check[]) => checks.push(...c);

  // 1. Parse EF.SOD (9303-10 §4.6.2).
  let sod: Sod | undefined;
  try {
    sod = parseSod(input.sod);
    push(P('sod.parse'));
  } catch (e) {
    const isCt = isDinhdanhError(e) && e.code === 'DD_CHIP_BAD_CONTENT_TYPE';
    push(isCt ? P('sod.parse') : F('sod.parse', 'parse-error', describeError(e)));
    if (isCt) push(F('sod.contentType', 'mismatch', describeError(e)));
    return { verdict: 'rejected', checks, at: iso(at), document: doc };
  }
  const sd = sod.signedData;
  const si = sd.signerInfos[0]!;
  doc.hashAlgorithm = sod.lds.hash;
  doc.signatureAlgorithm = si.signatureAlgorithm.oid;
  doc.dataGroupsHashed = [...sod.lds.dataGroupHashes.keys()].sort((a, b) => a - b);
  const st = attributeValue(si, OID.signingTime);
  let signingTime: Date | undefined;
  if (st) {
    try {
      signingTime = readTime(st, 'signingTime');
      doc.signingTime = iso(signingTime);
    } catch {
      // signingTime is optional; a malformed one is ignored
    }
  }

  // 2. contentType attribute = eContentType = id-icao-mrtd-security-ldsSecurityObject (RFC 5652 §11.1).
  const ct = checkContentType(sd, si);
  push(
    sd.signerInfos.length !== 1
      ? F('sod.contentType', 'signer-count', `${sd.signerInfos.length} SignerInfos, expected 1`)
      : ct.ok
        ? P('sod.contentType')
        : F('sod.contentType', ct.reason),
  );

  // 3. Data-group hashes over the whole file, tag included (9303-11 §5.1 step 4).
  for (const [n, bytes] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const expected = sod.lds.dataGroupHashes.get(n);
    if (!expected) push(F(`dg.${n}.hash`, 'not-covered', `DG${n} is not hashed in the SOD`));
    else if (bytesEqual(hashBytes(sod.lds.hash, bytes), expected)) push(P(`dg.${n}.hash`));
    else push(F(`dg.${n}.hash`, 'mismatch', `DG${n} hash differs from the SOD`));
  }
  for (const n of required) {
    if (!groups.has(n)) push(F(`dg.${n}.missing`, 'absent', `DG${n} is required by the policy`));
    else if (!sod.lds.dataGroupHashes.has(n))
      push(F(`dg.${n}.missing`, 'not-in-sod', `DG${n} is required but not in the SOD`));
    else push(P(`dg.${n}.missing`));
  }

  // 4. messageDigest = hash(eContent) (RFC 5652 §5.4).
  const md = checkMessageDigest(sd, si);
  push(md.ok ? P('signedAttrs.messageDigest') : F('signedAttrs.messageDigest', md.reason));

  // 5. Locate the DSC: in the SOD, or supplied (9303-11 §5.1 step 1).
  const pool: Certificate[] = [...sd.certificates];
  if (input.dsc) {
    try {
      pool.push(parseCertificateTlv(single(input.dsc, 'DSC'), 'DSC'));
    } catch (e) {
      push(W('dsc.input', 'parse-error', describeError(e)));
    }
  }
  const dsc = findSignerCert(si, pool);
  push(dsc ? P('dsc.found') : F('dsc.found', 'not-found', `signer ${si.sid.kind} matches no certificate`));

  if (!dsc) {
    for (const c of [
      'signature',
      'dsc.validity',
      'dsc.keyUsage',
      'dsc.chain',
      'dsc.revocation',
      'csca.validity',
    ])
      push(S(c, 'no-dsc'));
  } else {
    doc.dsc = {
      subject: dsc.subject.text,
      issuer: dsc.issuer.text,
      serialHex: dsc.serialHex,
      notBefore: iso(dsc.notBefore),
      notAfter: iso(dsc.notAfter),
    };
    // 6. Signature over signedAttrs as received (9303-11 §5.1 step 3).
    const sig = checkSignature(si, dsc);
    push(sig.ok ? P('signature') : F('signature', sig.reason));

    // 7. DSC validity (RFC 5280 §6.1.3 (a)(2)); chain model uses signingTime.
    const vt = policy.dscValidityAt === 'signing-time' && signingTime ? signingTime : at;
    push(
      vt < dsc.notBefore
        ? F('dsc.validity', 'not-yet-valid', `DSC valid from ${iso(dsc.notBefore)}`)
        : vt > dsc.notAfter
          ? F('dsc.validity', 'expired', `DSC expired ${iso(dsc.notAfter)}`)
          : P('dsc.validity'),
    );

    // 8. keyUsage digitalSignature (9303-12 §7.1.1, DSC profile).
    push(
      !dsc.keyUsage
        ? W('dsc.keyUsage', 'absent', 'DSC has no keyUsage extension')
        : dsc.keyUsage.has('digitalSignature')
          ? P('dsc.keyUsage')
          : F('dsc.keyUsage', 'no-digital-signature', 'DSC keyUsage lacks digitalSignature'),
    );

    // 9. Chain to a trusted CSCA (9303-11 §5.1 step 2).
    const chain = input.trust.findIssuer(dsc);
    const anchor = chain.anchor;
    if (!anchor) {
      push(
        F(
          'dsc.chain',
          chain.reason ?? 'issuer-not-trusted',
          CHAIN_DETAIL[chain.reason ?? 'issuer-not-trusted'],
        ),
      );
      push(S('dsc.revocation', 'no-csca'));
      push(S('csca.validity', 'no-csca'));
    } else {
      const csca = anchor.certificate;
      doc.csca = { subject: csca.subject.text, kind: anchor.kind, source: anchor.source };
      push(P('dsc.chain'));
      // 10. Revocation (9303-12 §7.1.3: CRLs from the CSCA).
      const rev = input.trust.revocation(dsc, csca, at);
      if (rev.status === 'revoked')
        push(F('dsc.revocation', 'revoked', `revoked ${iso(rev.revocationDate)}`));
      else if (rev.status === 'good')
        push(
          rev.stale
            ? W('dsc.revocation', 'crl-stale', 'the newest CRL is past its nextUpdate')
            : P('dsc.revocation'),
        );
      else
        push(
          policy.requireRevocationInfo
            ? F('dsc.revocation', 'no-crl', 'no CRL from this CSCA')
            : W('dsc.revocation', 'no-crl', 'no CRL from this CSCA'),
        );
      // 11. CSCA validity at validation time.
      push(
        at < csca.notBefore
          ? F('csca.validity', 'not-yet-valid')
          : at > csca.notAfter
            ? F('csca.validity', 'expired', `CSCA expired ${iso(csca.notAfter)}`)
            : P('csca.validity'),
      );
    }
  }

  // Parse the data groups the later checks read (hash checks above already cover their integrity).
  const b1 = groups.get(1);
  const b13 = groups.get(13);
  const b14 = groups.get(14);
  const b15 = groups.get(15);
  const dg1: Dg1 | undefined = b1 && tryParse(checks, 'dg.1.parse', () => parseDg1(b1));
  const dg13: Dg13 | undefined = b13 && tryParse(checks, 'dg.13.parse', () => parseDg13(b13));
  const dg14: Dg14 | undefined = b14 && tryParse(checks, 'dg.14.parse', () => parseDg14(b14));
  const dg15: Dg15 | undefined = b15 && tryParse(checks, 'dg.15.parse', () => parseDg15(b15));

  // 12. Active authentication (9303-11 §6.1): the challenge must be fresh (aa.challenge), the answer must
  // verify under the DG15 key (aa.signature), and it only counts once PA proved DG15.
  const paOk = verdictOf(checks) === 'verified';
  const dg15Proved = checks.some((c) => c.check === 'dg.15.hash' && c.status === 'pass');
  const aaReq = policy.requireActiveAuthentication === true;
  if (!input.aa) {
    push(S('aa.challenge', 'not-performed', aaReq), S('aa.signature', 'not-performed', aaReq));
  } else {
    if (!input.challenges) push(S('aa.challenge', 'no-challenge-store', aaReq));
    else {
      const state = input.challenges.consume(input.aa.challenge);
      push(
        state === 'ok' ? P('aa.challenge', aaReq) : F('aa.challenge', `challenge-${state}`, undefined, aaReq),
      );
    }
    if (!b15) push(F('aa.signature', 'no-dg15', 'AA answer given without DG15', aaReq));
    else if (!dg15) push(F('aa.signature', 'dg15-unparsable', undefined, aaReq));
    else {
      try {
        const r = verifyActiveAuthentication({
          dg15,
          dg14,
          challenge: input.aa.challenge,
          signature: input.aa.signature,
          store: null,
        });
        doc.activeAuthentication = r.algorithm;
        if (!r.ok) push(F('aa.signature', r.reason ?? 'invalid-signature', undefined, aaReq));
        else if (!dg15Proved || !paOk) push(S('aa.signature', 'dg15-not-verified', aaReq));
        else push(P('aa.signature', aaReq));
      } catch (e) {
        push(F('aa.signature', 'unsupported-key', describeError(e), aaReq));
      }
    }
  }

  // 13. MRZ check digits and CCCD consistency (DOMAIN.md §2).
  if (dg1) push(...mrzChecks(dg1.mrz));
  const mode = policy.cccdChecks ?? 'auto';
  const isCccd =
    mode === 'always' || (mode === 'auto' && (b13 !== undefined || dg1?.mrz.vnIdNumber !== undefined));
  if (isCccd) {
    push(...dg1Dg13Checks(dg1?.mrz, dg13));
    push(idStructureCheck(dg13, dg1?.mrz));
    push(cardExpiryCheck(dg13, dg1?.mrz, at));
    let qr: CccdQr | undefined;
    if (input.qr !== undefined) qr = tryParse(checks, 'cccd.qr', () => parseCccdQr(input.qr!));
    if (input.qr === undefined || qr) push(qrCheck(qr, dg13));
  }
  return { verdict: verdictOf(checks), checks, at: iso(at), document: doc };
}
