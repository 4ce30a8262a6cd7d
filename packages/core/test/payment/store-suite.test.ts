/**
 * One suite, both adapters: every behaviour of the service that touches
 * storage is checked against SQLite and PostgreSQL alike. PostgreSQL runs
 * when DATABASE_URL is set and is reported as skipped otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PaymentService, type PaymentStore, verifyAuthorization } from '../../src/payment/index.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/payment/migrations.js';
import { decodeVietQr } from '../../src/vietqr/index.js';
import {
  authorizeBody,
  codeOf,
  makeService,
  NOW,
  postgresFactory,
  type StoreFactory,
  sqliteFactory,
  TestClock,
} from './_fixtures.js';

const DAY = 86_400_000;

for (const factory of [sqliteFactory, postgresFactory] as StoreFactory[]) {
  describe.skipIf(!factory.available)(`payment store suite: ${factory.name}`, () => {
    let store: PaymentStore;
    let cleanup: () => Promise<void>;
    let raw: (sql: string) => Promise<void>;
    let clock: TestClock;
    let svc: PaymentService;

    beforeEach(async () => {
      ({ store, cleanup, raw } = await factory.open());
      clock = new TestClock();
      svc = makeService(store, clock);
    });
    afterEach(async () => {
      await cleanup();
    });

    it('migrates to the latest schema version once', async () => {
      const migrations = store.kind === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;
      expect(await store.schemaVersions()).toEqual(migrations.map((m) => m.version));
      expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    });

    it('authorises, signs, attaches a dynamic VietQR and records a balanced journal', async () => {
      const { payment, replayed } = await svc.authorize('gw-1', 'key-0000001', authorizeBody());
      expect(replayed).toBe(false);
      expect(payment.status).toBe('authorized');
      expect(payment.decision).toMatchObject({ outcome: 'approved', code: '00', tier: 'A' });
      expect(payment.decision.policyVersion).toBe(svc.policy.id);
      const claims = verifyAuthorization(payment.token!, svc.jwks(), { now: NOW, audience: 'gw-1' });
      expect(claims).toMatchObject({ jti: payment.id, amt: 50_000, fee: 'PUBLIC_SERVICE_FEE', rc: '00' });
      expect(claims.exp * 1000).toBe(Date.parse(payment.expiresAt!));
      expect(decodeVietQr(payment.vietqr!)).toMatchObject({
        initiation: 'dynamic',
        bin: '970436',
        account: '0071000123456',
        amount: 50_000,
        reference: payment.id,
      });
      expect(await svc.get('gw-1', payment.id)).toEqual(payment);
      const check = await store.ledgerCheck();
      expect(check).toMatchObject({ journals: 1, postings: 2, total: 0, unbalancedJournals: 0 });
      expect(check.balances).toEqual({ authorization_holds: 50_000, payer_clearing: -50_000 });
    });

    it('replays the stored response for the same key and body, rejects another body', async () => {
      const body = authorizeBody();
      const first = await svc.authorize('gw-1', 'key-0000002', body);
      const again = await svc.authorize('gw-1', 'key-0000002', structuredClone(body));
      expect(again.replayed).toBe(true);
      expect(again.payment).toEqual(first.payment);
      expect(await codeOf(() => svc.authorize('gw-1', 'key-0000002', { ...body, amount: 60_000 }))).toBe(
        'DD_PAY_IDEMPOTENCY_MISMATCH',
      );
      // After the payment moved on, a replay still answers with the original response.
      await svc.capture('gw-1', 'cap-after-replay', first.payment.id, { amount: 20_000 });
      clock.advance(3_600_000); // far beyond the allowed clock skew: a retry still replays
      const later = await svc.authorize('gw-1', 'key-0000002', body);
      expect(later).toEqual({ payment: first.payment, replayed: true });
      expect((await svc.get('gw-1', first.payment.id)).capturedAmount).toBe(20_000);
      // Keys are per client (a new request is judged against the clock again).
      clock.advance(-3_600_000);
      const other = await svc.authorize('gw-2', 'key-0000002', body);
      expect(other.payment.id).not.toBe(first.payment.id);
      expect((await store.ledgerCheck()).journals).toBe(3);
    });

    it('hashes the parsed request: key order and unknown fields do not break a replay', async () => {
      const body = authorizeBody();
      const first = await svc.authorize('gw-1', 'key-order-01', body);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await svc.authorize('gw-1', 'key-order-01', { ...reordered, clientNote: 'ignored' });
      expect(again).toEqual({ payment: first.payment, replayed: true });
    });

    it('replays stored errors too, with details.replayed', async () => {
      const { payment } = await svc.authorize('gw-1', 'key-0000003', authorizeBody());
      const e1 = await svc.capture('gw-1', 'cap-0000001', payment.id, { amount: 60_000 }).catch((e) => e);
      expect(e1.code).toBe('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED');
      expect(e1.status).toBe(422);
      const e2 = await svc.capture('gw-1', 'cap-0000001', payment.id, { amount: 60_000 }).catch((e) => e);
      expect(e2.code).toBe('DD_PAY_CAPTURE_EXCEEDS_AUTHORIZED');
      expect(e2.details.replayed).toBe(true);
      expect((await svc.get('gw-1', payment.id)).capturedAmount).toBe(0);
    });

    it('does not store a malformed request, so the key can be reused once corrected', async () => {
      expect(await codeOf(() => svc.authorize('gw-1', 'key-0000004', authorizeBody({ amount: -5 })))).toBe(
        'DD_PAY_AMOUNT_INVALID',
      );
      const ok = await svc.authorize('gw-1', 'key-0000004', authorizeBody());
      expect(ok.replayed).toBe(false);
    });

    it('captures in parts up to the amount, then refunds up to the captured amount', async () => {
      const { payment } = await svc.authorize('gw-1', 'key-0000005', authorizeBody({ amount: 100_000 }));
      const c1 = await svc.capture('gw-1', 'cap-0000002', payment.id, { amount: 30_000 });
      expect(c1.payment).toMatchObject({ status: 'partially_captured', capturedAmount: 30_000 });
      const c2 = await svc.capture('gw-1', 'cap-0000003', payment.id, {});
      expect(c2.payment).toMatchObject({ status: 'captured', capturedAmount: 100_000 });
      expect(await codeOf(() => svc.capture('gw-1', 'cap-0000004', payment.id, { amount: 1 }))).toBe(
        'DD_PAY_ILLEGAL_TRANSITION',
      );
      const r1 = await svc.refund('gw-1', 'ref-0000001', payment.id, { amount: 40_000 });
      expect(r1.payment).toMatchObject({ status: 'partially_refunded', refundedAmount: 40_000 });
      expect(await codeOf(() => svc.refund('gw-1', 'ref-0000002', payment.id, { amount: 60_001 }))).toBe(
        'DD_PAY_REFUND_EXCEEDS_CAPTURED',
      );
      const r2 = await svc.refund('gw-1', 'ref-0000003', payment.id);
      expect(r2.payment).toMatchObject({ status: 'refunded', refundedAmount: 100_000 });
      const check = await store.ledgerCheck();
      expect(check).toMatchObject({ total: 0, unbalancedJournals: 0, journals: 5 });
      expect(check.balances).toEqual({
        authorization_holds: 0,
        payer_clearing: 0,
        'payee_settlement:HCM-DVC-01': 0,
      });
    });

    it('voids an authorisation and refuses to capture it', async () => {
      const { payment } = await svc.authorize('gw-1', 'key-0000006', authorizeBody());
      const v = await svc.void('gw-1', 'void-000001', payment.id);
      expect(v.payment.status).toBe('voided');
      expect(await codeOf(() => svc.capture('gw-1', 'cap-0000005', payment.id))).toBe('DD_PAY_VOIDED');
      expect(await codeOf(() => svc.refund('gw-1', 'ref-0000004', payment.id))).toBe('DD_PAY_VOIDED');
      expect((await store.ledgerCheck()).balances.authorization_holds).toBe(0);
    });

    it('expires uncaptured authorisations after the TTL and releases partial remainders', async () => {
      const a = (await svc.authorize('gw-1', 'key-0000007', authorizeBody())).payment;
      const b = (await svc.authorize('gw-1', 'key-0000008', authorizeBody({ amount: 80_000 }))).payment;
      await svc.capture('gw-1', 'cap-0000006', b.id, { amount: 20_000 });
      expect((await svc.expireSweep()).expired).toBe(0);
      clock.advance(7 * DAY - 1);
      expect(await codeOf(() => svc.capture('gw-1', 'cap-0000007', a.id, { amount: 1 }))).toBeUndefined();
      clock.advance(1);
      expect(await codeOf(() => svc.capture('gw-1', 'cap-0000008', a.id, { amount: 1 }))).toBe(
        'DD_PAY_EXPIRED',
      );
      expect((await svc.expireSweep()).expired).toBe(2);
      expect((await svc.get('gw-1', a.id)).status).toBe('captured');
      expect((await svc.get('gw-1', b.id)).status).toBe('captured');
      const check = await store.ledgerCheck();
      expect(check.balances.authorization_holds).toBe(0);
      expect(check.total).toBe(0);
    });

    it('expires a never-captured authorisation to expired', async () => {
      const a = (await svc.authorize('gw-1', 'key-0000009', authorizeBody())).payment;
      clock.advance(7 * DAY);
      expect(await svc.expireSweep()).toMatchObject({ expired: 1 });
      expect((await svc.get('gw-1', a.id)).status).toBe('expired');
      expect(await codeOf(() => svc.void('gw-1', 'void-000002', a.id))).toBe('DD_PAY_EXPIRED');
    });

    it('declines and asks for step-up using running totals from the store', async () => {
      // First payment from a new device without a face match → step-up.
      const noBio = authorizeBody({ payer: { biometric: undefined, deviceId: 'dev-new' } });
      const s = (await svc.authorize('gw-1', 'key-0000010', noBio)).payment;
      expect(s).toMatchObject({
        status: 'step_up_required',
        decision: { code: '1A', stepUp: ['biometric'] },
      });
      expect(s.token).toBeNull();
      // With a face match it is approved and the device becomes known.
      await svc.authorize('gw-1', 'key-0000011', authorizeBody({ payer: { deviceId: 'dev-new' } }));
      const known = (await svc.authorize('gw-1', 'key-0000012', noBio)).payment;
      expect(known.status).toBe('authorized');
      // Monthly eKYC cap: 100 M VND including earlier approved payments (3 × 50,000 so far minus the step-up).
      const big = authorizeBody({ amount: 99_950_000 });
      expect((await svc.authorize('gw-1', 'key-0000013', big)).payment.decision).toMatchObject({
        outcome: 'declined',
        code: '61',
      });
      // Declines are recorded but move no money.
      expect((await store.ledgerCheck()).journals).toBe(2);
    });

    it('answers 404 for unknown or foreign payments', async () => {
      const { payment } = await svc.authorize('gw-1', 'key-0000014', authorizeBody());
      expect(await codeOf(() => svc.get('gw-2', payment.id))).toBe('DD_PAY_NOT_FOUND');
      expect(await codeOf(() => svc.capture('gw-2', 'cap-0000009', payment.id))).toBe('DD_PAY_NOT_FOUND');
      expect(await codeOf(() => svc.get('gw-1', 'pay_00000000000000000000'))).toBe('DD_PAY_NOT_FOUND');
      expect(await codeOf(() => svc.get('gw-1', "x' OR 1=1 --"))).toBe('DD_PAY_NOT_FOUND');
    });

    it('writes nothing for an operation whose store write fails (each operation is one transaction)', async () => {
      const { payment } = await svc.authorize('gw-1', 'key-0000015', authorizeBody());
      const before = await store.ledgerCheck();
      const failing = store.transact(async (tx) => {
        await tx.appendJournal({
          id: 'jnl_broken',
          paymentId: payment.id,
          kind: 'capture',
          feeCode: 'PUBLIC_SERVICE_FEE',
          payeeCode: 'HCM-DVC-01',
          at: NOW,
          postings: [{ account: 'payee_settlement:HCM-DVC-01', amount: 1 }],
        });
        throw new Error('fault after a partial write');
      });
      const alongside = svc.authorize('gw-1', 'key-0000016', authorizeBody());
      await expect(failing).rejects.toThrow('fault after a partial write');
      expect((await alongside).payment.status).toBe('authorized');
      const after = await store.ledgerCheck();
      expect(after.postings).toBe(before.postings + 2);
      expect(after.unbalancedJournals).toBe(0);
    });

    it('keeps the ledger append-only (UPDATE and DELETE are refused by the database)', async () => {
      await svc.authorize('gw-1', 'key-0000017', authorizeBody());
      await expect(raw('UPDATE ledger_postings SET amount = amount + 1')).rejects.toThrow(/append-only/);
      await expect(raw('DELETE FROM ledger_postings')).rejects.toThrow(/append-only/);
      expect(await store.ledgerCheck()).toMatchObject({ postings: 2, total: 0 });
    });

    it('produces a daily reconciliation report by payee, fee code and status', async () => {
      const a = (await svc.authorize('gw-1', 'key-0000018', authorizeBody({ amount: 70_000 }))).payment;
      await svc.authorize(
        'gw-1',
        'key-0000019',
        authorizeBody({
          amount: 30_000,
          fee: { code: 'SCHOOL_TUITION' },
          payee: { code: 'SCH-042', bin: '970415', account: '1234567890' },
        }),
      );
      await svc.capture('gw-1', 'cap-0000010', a.id, { amount: 70_000 });
      const report = await svc.reconciliationReport('2026-03-10');
      expect(report.payments).toEqual([
        {
          payeeCode: 'HCM-DVC-01',
          feeCode: 'PUBLIC_SERVICE_FEE',
          status: 'captured',
          count: 1,
          amount: 70_000,
          capturedAmount: 70_000,
          refundedAmount: 0,
        },
        {
          payeeCode: 'SCH-042',
          feeCode: 'SCHOOL_TUITION',
          status: 'authorized',
          count: 1,
          amount: 30_000,
          capturedAmount: 0,
          refundedAmount: 0,
        },
      ]);
      expect(report.movements).toEqual([
        {
          payeeCode: 'HCM-DVC-01',
          feeCode: 'PUBLIC_SERVICE_FEE',
          kind: 'authorize',
          count: 1,
          amount: 70_000,
        },
        { payeeCode: 'HCM-DVC-01', feeCode: 'PUBLIC_SERVICE_FEE', kind: 'capture', count: 1, amount: 70_000 },
        { payeeCode: 'SCH-042', feeCode: 'SCHOOL_TUITION', kind: 'authorize', count: 1, amount: 30_000 },
      ]);
      expect(report.totals).toEqual({ count: 2, amount: 100_000, capturedAmount: 70_000, refundedAmount: 0 });
      expect(report.ledgerNet).toBe(0);
      expect((await svc.reconciliationReport('2026-03-11')).payments).toEqual([]);
      expect(await codeOf(() => svc.reconciliationReport('2026-02-30'))).toBe('DD_PAY_DATE_INVALID');
    });

    it("puts payments on the edges of a local day into that day's report", async () => {
      const lastMs = Date.parse('2026-03-10T16:59:59.999Z'); // 23:59:59.999 in Vietnam
      clock.t = lastMs;
      await svc.authorize('gw-1', 'key-edge-0001', authorizeBody({ amount: 11_000 }, lastMs));
      clock.t = lastMs + 1;
      await svc.authorize('gw-1', 'key-edge-0002', authorizeBody({ amount: 22_000 }, lastMs + 1));
      expect((await svc.reconciliationReport('2026-03-10')).totals.amount).toBe(11_000);
      expect((await svc.reconciliationReport('2026-03-11')).totals.amount).toBe(22_000);
    });

    it('purges idempotency keys after the retention period', async () => {
      await svc.authorize('gw-1', 'key-0000020', authorizeBody());
      clock.advance(DAY + 1);
      expect((await svc.expireSweep()).idempotencyKeysPurged).toBe(1);
    });

    it('gives exactly one authorisation for 200 concurrent requests with one key', async () => {
      const body = authorizeBody();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, () => svc.authorize('gw-1', 'key-concurrent', structuredClone(body))),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.payment.id);
      const codes = results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r.reason as { code: string }).code);
      expect(new Set(ok).size).toBe(1);
      expect(new Set(codes)).toEqual(new Set(codes.length ? ['DD_PAY_IDEMPOTENCY_IN_FLIGHT'] : []));
      expect((await store.ledgerCheck()).journals).toBe(1);
      expect((await svc.authorize('gw-1', 'key-concurrent', body)).replayed).toBe(true);
    });

    it('serialises running totals: concurrent payments cannot pass the monthly cap together', async () => {
      // 20 concurrent 10 M VND payments from one eKYC payer: only 10 fit under the 100 M cap.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          svc.authorize('gw-1', `cap-race-${i}`, authorizeBody({ amount: 10_000_000 })),
        ),
      );
      const outcomes = results.map((r) => r.payment.decision.outcome);
      expect(outcomes.filter((o) => o === 'approved')).toHaveLength(10);
      expect(outcomes.filter((o) => o === 'declined')).toHaveLength(10);
      expect((await store.ledgerCheck()).balances.authorization_holds).toBe(100_000_000);
    });
  });
}
