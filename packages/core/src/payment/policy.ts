/**
 * The authorisation policy: settings as data (each with its default and
 * source), a content digest so every decision can name the exact settings it
 * used, and `decide()` — a pure function from facts to an outcome. Rules are a
 * table; every rule sees the same facts and either passes, declines, or asks
 * for step-up evidence. A decline wins over step-up; step-up requests are
 * merged so the payer is asked once for everything missing.
 */
import { createHash } from 'node:crypto';
import { payError } from './_errors.js';
import { instantMs, localDay } from './_time.js';
import type { AccountTier, AuthorizeRequest, Evidence } from './model.js';
import { RESPONSE_CODES, type ResponseCode } from './response-codes.js';

export type TierName = 'A' | 'B' | 'C' | 'D';

export interface TierRule {
  readonly tier: TierName;
  /** Upper bound of G+T in VND, inclusive; `null` for the open-ended last tier. */
  readonly upTo: number | null;
  readonly biometric: boolean;
}

export interface FeeDefinition {
  readonly code: string;
  readonly description: string;
  /** Largest amount for one payment of this fee, or `null` for the global maximum. */
  readonly maxAmount: number | null;
}

export interface PolicySettings {
  /** Human version label, bumped by the operator when settings change. */
  readonly version: string;
  /** Largest amount accepted for any payment (VND); larger ones are refused as bad input. */
  readonly maxAmount: number;
  /** Decision 2345/QĐ-NHNN appendix, payments for goods/services at vetted merchants, by G+T. */
  readonly tiers: readonly TierRule[];
  /** Circular 16/2020/TT-NHNN: monthly debit cap per account tier (VND), `null` for none. */
  readonly monthlyDebitCap: Readonly<Record<AccountTier, number | null>>;
  /** Optional limit on approved payments per payer per day (ISO 8583 65), `null` for none. */
  readonly maxPaymentsPerDay: number | null;
  /** Decision 2345: the first transaction on a device the payer has not paid from needs biometrics. */
  readonly newDeviceRequiresBiometric: boolean;
  /** How old a face match may be and still count as evidence for this payment (ms). */
  readonly biometricMaxAgeMs: number;
  /** How old the chip verification may be before the payer must verify the chip again (ms). */
  readonly chipVerificationMaxAgeMs: number;
  /** Allowed difference between the client's `requestedAt` (and evidence times) and the server clock (ms). */
  readonly maxClockSkewMs: number;
  /** Authorisations not captured within this time are expired by the sweep (ms). */
  readonly authorizationTtlMs: number;
  /** How long idempotency keys and their responses are kept (ms, ≥ 24 h). */
  readonly idempotencyRetentionMs: number;
  /** Offset of local time from UTC in minutes (Vietnam: +420, no daylight saving). */
  readonly utcOffsetMinutes: number;
  readonly fees: readonly FeeDefinition[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Defaults with their sources (see docs/payment.md). */
export const DEFAULT_POLICY: PolicySettings = {
  version: '2025-01-01',
  maxAmount: 50_000_000_000,
  tiers: [
    { tier: 'A', upTo: 5_000_000, biometric: false },
    { tier: 'B', upTo: 100_000_000, biometric: false },
    { tier: 'C', upTo: 1_500_000_000, biometric: true },
    { tier: 'D', upTo: null, biometric: true },
  ],
  monthlyDebitCap: { ekyc: 100_000_000, standard: null },
  maxPaymentsPerDay: null,
  newDeviceRequiresBiometric: true,
  biometricMaxAgeMs: 10 * MINUTE,
  chipVerificationMaxAgeMs: 365 * DAY,
  maxClockSkewMs: 5 * MINUTE,
  authorizationTtlMs: 7 * DAY,
  idempotencyRetentionMs: DAY,
  utcOffsetMinutes: 7 * 60,
  fees: [
    {
      code: 'PUBLIC_SERVICE_FEE',
      description: 'Public-service fee or charge (national portal)',
      maxAmount: null,
    },
    { code: 'SCHOOL_TUITION', description: 'School tuition and school fees', maxAmount: null },
    { code: 'HOSPITAL_FEE', description: 'Hospital and clinic fees', maxAmount: null },
  ],
};

/** Settings plus what is derived from them once. */
export interface ResolvedPolicy extends PolicySettings {
  /** `version` + `+` + first 12 hex of SHA-256 over the canonical settings: recorded with every decision. */
  readonly id: string;
  readonly feeByCode: ReadonlyMap<string, FeeDefinition>;
}

function invalid(message: string, path: string): never {
  throw payError('DD_PAY_CONFIG_INVALID', `policy.${path}: ${message}`, { path: `policy.${path}` });
}

const positiveInt = (v: unknown, path: string): number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : invalid('must be a positive integer', path);
const capOrNull = (v: unknown, path: string): number | null => (v === null ? null : positiveInt(v, path));

/** Merges overrides into the defaults and checks every setting, naming the one that is wrong. */
export function resolvePolicy(overrides: Partial<PolicySettings> = {}): ResolvedPolicy {
  const s: PolicySettings = { ...DEFAULT_POLICY, ...overrides };
  if (typeof s.version !== 'string' || !/^[\x21-\x7e]{1,40}$/.test(s.version))
    invalid('must be 1–40 ASCII', 'version');
  positiveInt(s.maxAmount, 'maxAmount');
  let previous = 0;
  s.tiers.forEach((t, i) => {
    const last = i === s.tiers.length - 1;
    if (last ? t.upTo !== null : t.upTo === null || positiveInt(t.upTo, `tiers[${i}].upTo`) <= previous) {
      invalid('tiers must rise strictly and only the last is open-ended', `tiers[${i}].upTo`);
    }
    previous = t.upTo ?? previous;
  });
  if (s.tiers.length === 0) invalid('at least one tier is required', 'tiers');
  for (const tier of ['ekyc', 'standard'] as const)
    capOrNull(s.monthlyDebitCap[tier], `monthlyDebitCap.${tier}`);
  capOrNull(s.maxPaymentsPerDay, 'maxPaymentsPerDay');
  positiveInt(s.biometricMaxAgeMs, 'biometricMaxAgeMs');
  positiveInt(s.chipVerificationMaxAgeMs, 'chipVerificationMaxAgeMs');
  positiveInt(s.maxClockSkewMs, 'maxClockSkewMs');
  positiveInt(s.authorizationTtlMs, 'authorizationTtlMs');
  if (positiveInt(s.idempotencyRetentionMs, 'idempotencyRetentionMs') < DAY) {
    invalid('must be at least 24 hours', 'idempotencyRetentionMs');
  }
  if (!Number.isInteger(s.utcOffsetMinutes) || Math.abs(s.utcOffsetMinutes) > 14 * 60) {
    invalid('must be whole minutes within ±14 h', 'utcOffsetMinutes');
  }
  const feeByCode = new Map<string, FeeDefinition>();
  s.fees.forEach((f, i) => {
    if (!/^[A-Z0-9_]{2,32}$/.test(f.code) || feeByCode.has(f.code))
      invalid('must be a unique [A-Z0-9_]{2,32}', `fees[${i}].code`);
    capOrNull(f.maxAmount, `fees[${i}].maxAmount`);
    feeByCode.set(f.code, f);
  });
  const digest = createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 12);
  return { ...s, id: `${s.version}+${digest}`, feeByCode };
}

/** The facts one decision is made from; the store supplies the running totals. */
export interface DecisionFacts {
  readonly request: AuthorizeRequest;
  /** Server time, epoch ms. */
  readonly now: number;
  /** T: today's earlier approved total for this payer (VND). */
  readonly dayTotal: number;
  /** Approved payments for this payer today. */
  readonly dayCount: number;
  /** This calendar month's approved total for this payer (VND). */
  readonly monthTotal: number;
  /** Whether the payer has an earlier approved payment from this device. */
  readonly deviceKnown: boolean;
}

export type Decision =
  | {
      readonly outcome: 'approved';
      readonly code: '00';
      readonly reason: string;
      readonly tier: TierName;
      readonly authMethod: string;
      readonly stepUp: readonly [];
    }
  | {
      readonly outcome: 'declined';
      readonly code: ResponseCode;
      readonly reason: string;
      readonly tier: TierName;
      readonly authMethod: string;
      readonly stepUp: readonly [];
    }
  | {
      readonly outcome: 'step_up_required';
      readonly code: '1A';
      readonly reason: string;
      readonly tier: TierName;
      readonly authMethod: string;
      readonly stepUp: readonly Evidence[];
    };

type Verdict =
  | { readonly kind: 'decline'; readonly code: ResponseCode; readonly reason: string }
  | { readonly kind: 'step_up'; readonly evidence: Evidence; readonly reason: string };

interface Context extends DecisionFacts {
  readonly policy: ResolvedPolicy;
  readonly tier: TierRule;
  /** A face match bound to this chip verification and recent enough. */
  readonly freshBiometric: boolean;
}

export interface PolicyRule {
  readonly id: string;
  /** Where the rule comes from. */
  readonly source: string;
  readonly check: (c: Context) => Verdict | undefined;
}

/** The rule table, in the order their reasons are reported. */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'document_expired',
    source: 'Circulars 17/2024 and 18/2024: an expired ID document stops payments',
    check: (c) =>
      c.request.payer.documentExpiresOn < localDay(c.now, c.policy.utcOffsetMinutes)
        ? { kind: 'decline', code: '54', reason: 'ID document has expired' }
        : undefined,
  },
  {
    id: 'fee_amount_limit',
    source: 'fee catalogue: per-fee maximum',
    check: (c) => {
      const max = c.policy.feeByCode.get(c.request.fee.code)?.maxAmount ?? null;
      return max !== null && c.request.amount > max
        ? { kind: 'decline', code: '13', reason: 'amount exceeds the maximum for this fee' }
        : undefined;
    },
  },
  {
    id: 'monthly_debit_cap',
    source: 'Circular 16/2020/TT-NHNN: eKYC-opened accounts debit at most 100 million VND a month',
    check: (c) => {
      const cap = c.policy.monthlyDebitCap[c.request.payer.accountTier];
      return cap !== null && c.monthTotal + c.request.amount > cap
        ? { kind: 'decline', code: '61', reason: 'monthly debit cap for this account tier would be exceeded' }
        : undefined;
    },
  },
  {
    id: 'daily_count_limit',
    source: 'operator setting (ISO 8583 65)',
    check: (c) => {
      const max = c.policy.maxPaymentsPerDay;
      return max !== null && c.dayCount >= max
        ? { kind: 'decline', code: '65', reason: 'daily number of payments reached' }
        : undefined;
    },
  },
  {
    id: 'chip_verification_age',
    source:
      'Circulars 17/2024 and 18/2024: payments only after the ID document was verified; age is an operator setting',
    // Negated so that an unreadable instant (NaN) asks for a fresh verification instead of passing.
    check: (c) =>
      !(c.now - instantMs(c.request.payer.chipVerifiedAt) <= c.policy.chipVerificationMaxAgeMs)
        ? { kind: 'step_up', evidence: 'chip_verification', reason: 'chip verification is too old' }
        : undefined,
  },
  {
    id: 'tier_biometric',
    source: 'Decision 2345/QĐ-NHNN appendix: types C and D (G+T above 100 million VND) need biometrics',
    check: (c) =>
      c.tier.biometric && !c.freshBiometric
        ? {
            kind: 'step_up',
            evidence: 'biometric',
            reason: `type ${c.tier.tier} payments need a fresh face match`,
          }
        : undefined,
  },
  {
    id: 'new_device_biometric',
    source: 'Decision 2345/QĐ-NHNN: biometrics for the first transaction on a new device',
    check: (c) =>
      c.policy.newDeviceRequiresBiometric && !c.deviceKnown && !c.freshBiometric
        ? {
            kind: 'step_up',
            evidence: 'biometric',
            reason: 'first payment from this device needs a fresh face match',
          }
        : undefined,
  },
];

/** Decision 2345 appendix group of G+T. */
export function tierOf(policy: PolicySettings, gPlusT: number): TierRule {
  return (
    policy.tiers.find((t) => t.upTo === null || gPlusT <= t.upTo) ?? policy.tiers[policy.tiers.length - 1]!
  );
}

function biometricIsFresh(facts: DecisionFacts, policy: ResolvedPolicy): boolean {
  const b = facts.request.payer.biometric;
  if (b === undefined || b.verificationId !== facts.request.payer.verificationId) return false;
  return facts.now - instantMs(b.verifiedAt) <= policy.biometricMaxAgeMs;
}

/** Pure: the same facts and policy always give the same decision. */
export function decide(facts: DecisionFacts, policy: ResolvedPolicy): Decision {
  const tier = tierOf(policy, facts.request.amount + facts.dayTotal);
  const freshBiometric = biometricIsFresh(facts, policy);
  // Field by field, not a spread of facts: this runs for every authorisation and a spread copies slowly.
  const context: Context = {
    request: facts.request,
    now: facts.now,
    dayTotal: facts.dayTotal,
    dayCount: facts.dayCount,
    monthTotal: facts.monthTotal,
    deviceKnown: facts.deviceKnown,
    policy,
    tier,
    freshBiometric,
  };
  const authMethod = freshBiometric ? `chip+${facts.request.payer.biometric!.method}` : 'chip';
  const stepUp: Evidence[] = [];
  const reasons: string[] = [];
  for (const rule of POLICY_RULES) {
    const v = rule.check(context);
    if (v === undefined) continue;
    if (v.kind === 'decline')
      return { outcome: 'declined', code: v.code, reason: v.reason, tier: tier.tier, authMethod, stepUp: [] };
    if (!stepUp.includes(v.evidence)) stepUp.push(v.evidence);
    reasons.push(v.reason);
  }
  if (stepUp.length > 0) {
    return {
      outcome: 'step_up_required',
      code: '1A',
      reason: reasons.join('; '),
      tier: tier.tier,
      authMethod,
      stepUp,
    };
  }
  return {
    outcome: 'approved',
    code: '00',
    reason: RESPONSE_CODES['00'],
    tier: tier.tier,
    authMethod,
    stepUp: [],
  };
}

/**
 * Request checks that need the policy but not the store: amount ceiling, fee
 * catalogue, clock skew of the request and of the evidence. These are bad
 * input (typed errors), not declines.
 */
export function checkRequestAgainstPolicy(
  request: AuthorizeRequest,
  policy: ResolvedPolicy,
  now: number,
): void {
  if (request.amount > policy.maxAmount) {
    throw payError('DD_PAY_AMOUNT_ABOVE_MAXIMUM', 'amount exceeds the configured maximum per payment', {
      path: 'amount',
      maximum: policy.maxAmount,
    });
  }
  if (!policy.feeByCode.has(request.fee.code)) {
    throw payError('DD_PAY_FEE_UNKNOWN', 'fee.code is not in the fee catalogue', { path: 'fee.code' });
  }
  const skew = (path: string, at: number, pastAllowed: boolean) => {
    const ahead = at - now;
    // Negated so that an unreadable instant (NaN) is refused instead of passing.
    if (!(ahead <= policy.maxClockSkewMs) || (!pastAllowed && !(-ahead <= policy.maxClockSkewMs))) {
      throw payError('DD_PAY_CLOCK_SKEW', `${path} is too far from the server clock`, {
        path,
        skewMs: ahead,
        allowedMs: policy.maxClockSkewMs,
      });
    }
  };
  skew('requestedAt', instantMs(request.requestedAt), false);
  skew('payer.chipVerifiedAt', instantMs(request.payer.chipVerifiedAt), true);
  if (request.payer.biometric)
    skew('payer.biometric.verifiedAt', instantMs(request.payer.biometric.verifiedAt), true);
}
