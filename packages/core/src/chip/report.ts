/** The verification report: every check with a status and a stable check code, and the verdict. */

export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'warn';

export interface Check {
  /** Stable check code: sod.parse, sod.contentType, dg.13.hash, dg.2.missing, signature, dsc.chain, aa, cccd.idNumber, … */
  readonly check: string;
  readonly status: CheckStatus;
  /** When true, the verdict needs `pass` (a `skipped` blocks it); `fail` always blocks. */
  readonly required: boolean;
  /** Stable finer reason for fail/warn/skipped (e.g. "mismatch", "not-covered", "expired", "no-crl"). */
  readonly reason?: string;
  /** One line for people; never personal data. */
  readonly detail?: string;
}

export type Verdict = 'verified' | 'rejected';

export interface VerificationReport {
  readonly verdict: Verdict;
  readonly checks: readonly Check[];
  /** Validation time used. */
  readonly at: string;
  /** Non-personal facts about the document and its signer. */
  readonly document: {
    readonly hashAlgorithm?: string;
    readonly signatureAlgorithm?: string;
    readonly dataGroupsHashed?: readonly number[];
    readonly dataGroupsGiven: readonly number[];
    readonly signingTime?: string;
    readonly dsc?: {
      readonly subject: string;
      readonly issuer: string;
      readonly serialHex: string;
      readonly notBefore: string;
      readonly notAfter: string;
    };
    readonly csca?: {
      readonly subject: string;
      readonly kind: 'self-signed' | 'link';
      readonly source: string;
    };
    readonly activeAuthentication?: string;
  };
}

/** Verified only when nothing failed and every required check passed. */
export function verdictOf(checks: readonly Check[]): Verdict {
  return checks.every(
    (c) => c.status !== 'fail' && (!c.required || c.status === 'pass' || c.status === 'warn'),
  )
    ? 'verified'
    : 'rejected';
}

/** The first failing check (what a tampered document must be caught by). */
export const firstFailure = (r: VerificationReport): Check | undefined =>
  r.checks.find((c) => c.status === 'fail');
