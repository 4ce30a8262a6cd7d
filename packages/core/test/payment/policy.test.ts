/** One test per policy rule, on the pure `decide()` and the policy-aware request checks. */
import { describe, expect, it } from 'vitest';
import {
  checkRequestAgainstPolicy,
  DEFAULT_POLICY,
  type DecisionFacts,
  decide,
  POLICY_RULES,
  parseAuthorizeRequest,
  resolvePolicy,
  tierOf,
} from '../../src/payment/index.js';
import { authorizeBody, codeOf, NOW } from './_fixtures.js';

const MIN = 60_000;
const DAY = 86_400_000;
const policy = resolvePolicy();
const facts = (over: Partial<DecisionFacts> = {}, body: Record<string, unknown> = {}): DecisionFacts => ({
  request: parseAuthorizeRequest(authorizeBody(body)),
  now: NOW,
  dayTotal: 0,
  dayCount: 0,
  monthTotal: 0,
  deviceKnown: true,
  ...over,
});
const noBiometric = { payer: { biometric: undefined } };

describe('policy settings', () => {
  it('has the DOMAIN.md defaults', () => {
    expect(DEFAULT_POLICY.tiers.map((t) => [t.tier, t.upTo, t.biometric])).toEqual([
      ['A', 5_000_000, false],
      ['B', 100_000_000, false],
      ['C', 1_500_000_000, true],
      ['D', null, true],
    ]);
    expect(DEFAULT_POLICY.monthlyDebitCap.ekyc).toBe(100_000_000);
    expect(DEFAULT_POLICY.authorizationTtlMs).toBe(7 * DAY);
    expect(DEFAULT_POLICY.idempotencyRetentionMs).toBeGreaterThanOrEqual(DAY);
    expect(DEFAULT_POLICY.utcOffsetMinutes).toBe(420);
  });

  it('versions decisions with the label and a digest of the settings', () => {
    expect(policy.id).toMatch(/^2025-01-01\+[0-9a-f]{12}$/);
    const changed = resolvePolicy({ maxPaymentsPerDay: 10 });
    expect(changed.id).not.toBe(policy.id);
    expect(changed.id.startsWith('2025-01-01+')).toBe(true);
    expect(resolvePolicy().id).toBe(policy.id);
  });

  it.each([
    [{ idempotencyRetentionMs: DAY - 1 }, 'policy.idempotencyRetentionMs'],
    [{ maxAmount: 0 }, 'policy.maxAmount'],
    [{ maxAmount: 1.5 }, 'policy.maxAmount'],
    [{ tiers: [] }, 'policy.tiers'],
    [{ tiers: [{ tier: 'A', upTo: 10, biometric: false }] }, 'policy.tiers[0].upTo'],
    [
      {
        tiers: [
          { tier: 'A', upTo: 10, biometric: false },
          { tier: 'B', upTo: 5, biometric: false },
          { tier: 'C', upTo: null, biometric: true },
        ],
      },
      'policy.tiers[1].upTo',
    ],
    [{ monthlyDebitCap: { ekyc: -1, standard: null } }, 'policy.monthlyDebitCap.ekyc'],
    [{ utcOffsetMinutes: 2000 }, 'policy.utcOffsetMinutes'],
    [{ fees: [{ code: 'bad code', description: 'x', maxAmount: null }] }, 'policy.fees[0].code'],
  ] as const)('refuses invalid setting %j naming %s', (over, path) => {
    try {
      resolvePolicy(over as never);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('DD_PAY_CONFIG_INVALID');
      expect((e as { details: { path: string } }).details.path).toBe(path);
    }
  });

  it('every rule names its source', () => {
    for (const r of POLICY_RULES) expect(r.source.length).toBeGreaterThan(10);
  });
});

describe('Decision 2345 tiers by G+T', () => {
  it.each([
    [1, 'A'],
    [5_000_000, 'A'],
    [5_000_001, 'B'],
    [100_000_000, 'B'],
    [100_000_001, 'C'],
    [1_500_000_000, 'C'],
    [1_500_000_001, 'D'],
  ])('G+T = %i is type %s', (gt, tier) => {
    expect(tierOf(policy, gt).tier).toBe(tier);
  });

  it('adds today’s earlier total T to this amount G', () => {
    const d = decide(facts({ dayTotal: 4_990_000 }, { amount: 20_000 }), policy);
    expect(d.tier).toBe('B');
  });
});

describe('rules', () => {
  it('approves a type A payment from a known device with a recent chip verification', () => {
    const d = decide(facts({}, noBiometric), policy);
    expect(d).toMatchObject({ outcome: 'approved', code: '00', tier: 'A', authMethod: 'chip' });
  });

  it('document_expired: declines 54 when the ID document expired before today (Vietnam time)', () => {
    expect(decide(facts({}, { payer: { documentExpiresOn: '2026-03-09' } }), policy)).toMatchObject({
      outcome: 'declined',
      code: '54',
    });
    expect(decide(facts({}, { payer: { documentExpiresOn: '2026-03-10' } }), policy).outcome).toBe(
      'approved',
    );
  });

  it('"today" is the Vietnam calendar day (UTC+7): the day turns at 17:00 UTC', () => {
    const body = { payer: { documentExpiresOn: '2026-03-09' } };
    const before = Date.parse('2026-03-09T16:59:59.999Z');
    const after = Date.parse('2026-03-09T17:00:00.000Z');
    const at = (now: number) => decide({ ...facts({}, body), now }, policy).outcome;
    expect(at(before)).toBe('approved');
    expect(at(after)).toBe('declined');
    expect(at(before)).toBe('approved');
  });

  it('fee_amount_limit: declines 13 above a per-fee maximum', () => {
    const p = resolvePolicy({ fees: [{ code: 'PUBLIC_SERVICE_FEE', description: 'x', maxAmount: 40_000 }] });
    expect(decide(facts(), p)).toMatchObject({ outcome: 'declined', code: '13' });
  });

  it('monthly_debit_cap: declines 61 when an eKYC account would pass 100 M VND this month', () => {
    expect(decide(facts({ monthTotal: 99_950_000 }), policy).outcome).toBe('approved');
    expect(decide(facts({ monthTotal: 99_950_001 }), policy)).toMatchObject({
      outcome: 'declined',
      code: '61',
    });
    // Standard (in-person) accounts have no cap by default.
    const standard = facts({ monthTotal: 99_950_001 }, { payer: { accountTier: 'standard' } });
    expect(decide(standard, policy).outcome).toBe('approved');
  });

  it('daily_count_limit: declines 65 once the configured number of payments is reached', () => {
    const p = resolvePolicy({ maxPaymentsPerDay: 3 });
    expect(decide(facts({ dayCount: 2 }), p).outcome).toBe('approved');
    expect(decide(facts({ dayCount: 3 }), p)).toMatchObject({ outcome: 'declined', code: '65' });
  });

  it('chip_verification_age: asks for a new chip verification when it is too old', () => {
    const old = { payer: { chipVerifiedAt: new Date(NOW - 366 * DAY).toISOString() } };
    expect(decide(facts({}, old), policy)).toMatchObject({
      outcome: 'step_up_required',
      code: '1A',
      stepUp: ['chip_verification'],
    });
  });

  it('tier_biometric: types C and D need a fresh face match bound to the chip verification', () => {
    const c = facts({ dayTotal: 100_000_000 }, noBiometric);
    expect(decide(c, policy)).toMatchObject({
      outcome: 'step_up_required',
      stepUp: ['biometric'],
      tier: 'C',
    });
    expect(decide(facts({ dayTotal: 100_000_000 }), policy)).toMatchObject({
      outcome: 'approved',
      authMethod: 'chip+chip_face_match',
    });
    const stale = {
      payer: {
        biometric: {
          method: 'vneid',
          verifiedAt: new Date(NOW - 11 * MIN).toISOString(),
          verificationId: 'ver-0001',
        },
      },
    };
    expect(decide(facts({ dayTotal: 100_000_000 }, stale), policy).outcome).toBe('step_up_required');
    const unbound = {
      payer: {
        biometric: { method: 'vneid', verifiedAt: new Date(NOW).toISOString(), verificationId: 'ver-other' },
      },
    };
    expect(decide(facts({ dayTotal: 100_000_000 }, unbound), policy).outcome).toBe('step_up_required');
    // Type B does not need one.
    expect(decide(facts({ dayTotal: 99_000_000 }, noBiometric), policy).outcome).toBe('approved');
  });

  it('new_device_biometric: the first payment on a new device needs a face match (configurable)', () => {
    expect(decide(facts({ deviceKnown: false }, noBiometric), policy)).toMatchObject({
      outcome: 'step_up_required',
      stepUp: ['biometric'],
    });
    expect(decide(facts({ deviceKnown: false }), policy).outcome).toBe('approved');
    const off = resolvePolicy({ newDeviceRequiresBiometric: false });
    expect(decide(facts({ deviceKnown: false }, noBiometric), off).outcome).toBe('approved');
  });

  it('merges step-up requests and lets a decline win', () => {
    const both = facts(
      { deviceKnown: false },
      { payer: { biometric: undefined, chipVerifiedAt: new Date(NOW - 400 * DAY).toISOString() } },
    );
    const d = decide(both, policy);
    expect(d.outcome).toBe('step_up_required');
    expect([...d.stepUp].sort()).toEqual(['biometric', 'chip_verification']);
    const declined = facts(
      { deviceKnown: false },
      { payer: { biometric: undefined, documentExpiresOn: '2020-01-01' } },
    );
    expect(decide(declined, policy)).toMatchObject({ outcome: 'declined', code: '54', stepUp: [] });
  });

  it('is pure: the same facts give the same decision', () => {
    const f = facts({ dayTotal: 3_000_000 });
    expect(decide(f, policy)).toEqual(decide(f, policy));
  });
});

describe('request checks against the policy (bad input, not declines)', () => {
  const check =
    (body: Record<string, unknown>, now = NOW) =>
    () =>
      checkRequestAgainstPolicy(parseAuthorizeRequest(authorizeBody(body)), policy, now);

  it('refuses absurd amounts above the maximum', async () => {
    expect(await codeOf(check({ amount: 50_000_000_001 }))).toBe('DD_PAY_AMOUNT_ABOVE_MAXIMUM');
    expect(await codeOf(check({ amount: 50_000_000_000 }))).toBeUndefined();
  });

  it('refuses unknown fee codes', async () => {
    expect(await codeOf(check({ fee: { code: 'NOT_A_FEE' } }))).toBe('DD_PAY_FEE_UNKNOWN');
  });

  it('refuses a client clock more than 5 minutes off, and evidence from the future', async () => {
    expect(await codeOf(check({ requestedAt: new Date(NOW + 6 * MIN).toISOString() }))).toBe(
      'DD_PAY_CLOCK_SKEW',
    );
    expect(await codeOf(check({ requestedAt: new Date(NOW - 6 * MIN).toISOString() }))).toBe(
      'DD_PAY_CLOCK_SKEW',
    );
    expect(await codeOf(check({ requestedAt: new Date(NOW - 4 * MIN).toISOString() }))).toBeUndefined();
    const futureChip = { payer: { chipVerifiedAt: new Date(NOW + 10 * MIN).toISOString() } };
    expect(await codeOf(check(futureChip))).toBe('DD_PAY_CLOCK_SKEW');
  });
});
