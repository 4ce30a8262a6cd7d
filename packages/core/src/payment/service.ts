/**
 * The payment service: what an HTTP layer (or a bank's own code) calls. Every
 * mutating operation takes a client id and an idempotency key, runs as one
 * store transaction, and returns plain JSON — or throws a DinhdanhError whose
 * `status` is the HTTP status to answer with.
 *
 *   authorize → parse (malformed: typed error, nothing stored)
 *             → transaction: idempotency lookup (replay / mismatch), checks
 *               for new requests (clock skew, amount ceiling, fee catalogue),
 *               payer lock, running totals, device history, decision, payment
 *               row, ledger journal, signed token, idempotency record — all
 *               or nothing.
 */
import { availableParallelism } from 'node:os';
import { type DinhdanhError, isDinhdanhError } from '../errors/index.js';
import { encodeVietQr } from '../vietqr/index.js';
import { payError } from './_errors.js';
import { newId } from './_ids.js';
import { iso, localDay, localDayBounds, localMonth } from './_time.js';
import {
  asCreated,
  checkClient,
  checkClientAndKey,
  InFlight,
  replayedError,
  requestHash,
  type StoredError,
  type StoredResponse,
  storedError,
} from './idempotency.js';
import { buildJournal, type JournalKind } from './ledger.js';
import {
  type AuthorizeRequest,
  type Payment,
  parseAmountRequest,
  parseAuthorizeRequest,
  statusAfterDecision,
} from './model.js';
import {
  checkRequestAgainstPolicy,
  decide,
  type PolicySettings,
  type ResolvedPolicy,
  resolvePolicy,
} from './policy.js';
import type { AuthorizationClaims, AuthorizationSigner, Jwks } from './signer.js';
import { COUNTED_STATUSES, type PaymentOperation, transition } from './state-machine.js';
import type { MovementRow, PaymentStore, ReconciliationRow, StoredPayment, StoreTx } from './store.js';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface PaymentServiceOptions {
  readonly store: PaymentStore;
  readonly signer: AuthorizationSigner;
  /** Overrides of DEFAULT_POLICY, or an already resolved policy. */
  readonly policy?: Partial<PolicySettings> | ResolvedPolicy;
  readonly clock?: Clock;
  /** `iss` of signed authorisations. Default `dinhdanh`. */
  readonly issuer?: string;
  /** Largest number of authorisations one expiry sweep transaction handles. Default 500. */
  readonly sweepBatch?: number;
  /**
   * Sign approvals on the libuv thread pool (`signer.signAsync`) while the
   * request waits for the single writer, so signatures run on other cores.
   * Default: when the process may use more than one CPU. On one core the
   * hand-off between threads only adds CPU, so approvals are signed in line.
   */
  readonly signOffThread?: boolean;
}

export interface OperationResult {
  readonly payment: Payment;
  /** True when this is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface ReconciliationReport {
  /** Local calendar day (Vietnam time by default). */
  readonly date: string;
  readonly utcOffsetMinutes: number;
  readonly generatedAt: string;
  /** Payments created that day by payee, fee code and current status. */
  readonly payments: readonly ReconciliationRow[];
  /** Ledger movements that day by payee, fee code and kind (authorize, capture, release, refund). */
  readonly movements: readonly MovementRow[];
  /** Over approved payments only (every status but declined and step_up_required). */
  readonly totals: {
    readonly count: number;
    readonly amount: number;
    readonly capturedAmount: number;
    readonly refundedAmount: number;
  };
  /** Sum of the day's postings; 0 when every journal balanced. */
  readonly ledgerNet: number;
}

export interface SweepResult {
  readonly expired: number;
  readonly idempotencyKeysPurged: number;
}

export interface PaymentService {
  readonly policy: ResolvedPolicy;
  authorize(clientId: string, idempotencyKey: string, request: unknown): Promise<OperationResult>;
  /** Captures `amount` (default: all that is still authorised). */
  capture(
    clientId: string,
    idempotencyKey: string,
    paymentId: string,
    body?: unknown,
  ): Promise<OperationResult>;
  void(clientId: string, idempotencyKey: string, paymentId: string): Promise<OperationResult>;
  /** Refunds `amount` (default: all captured and not yet refunded). */
  refund(
    clientId: string,
    idempotencyKey: string,
    paymentId: string,
    body?: unknown,
  ): Promise<OperationResult>;
  /** A client sees only its own payments; others are 404. */
  get(clientId: string, paymentId: string): Promise<Payment>;
  /** Expires overdue authorisations and purges idempotency records past retention. */
  expireSweep(): Promise<SweepResult>;
  reconciliationReport(date: string): Promise<ReconciliationReport>;
  jwks(): Jwks;
}

const PAYMENT_ID = /^pay_[0-9a-z]{20}$/;

function isResolved(p: PaymentServiceOptions['policy']): p is ResolvedPolicy {
  return p !== undefined && 'feeByCode' in p && 'id' in p;
}

const JOURNAL_OF: Readonly<Record<PaymentOperation, JournalKind | undefined>> = {
  capture: 'capture',
  refund: 'refund',
  void: undefined,
  expire: undefined,
};

/** One idempotent operation as the service runs it. */
interface IdempotentOperation {
  readonly operation: string;
  /** Payment id the operation acts on ('' for an authorisation). */
  readonly target: string;
  /** The parsed request, hashed to recognise replays. */
  readonly body: unknown;
  /** When the request was received (epoch ms): the time of its decision, records and journals. */
  readonly now: number;
  readonly execute: (tx: StoreTx) => Promise<Payment>;
  /** Checks for a new request only (not replays); its errors are not stored, so the client may retry the key. */
  readonly precheck?: (now: number) => void;
  /** Starts work (not awaited here) once the key is claimed, before the request joins the writer's queue. */
  readonly prepare?: () => void;
}

export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const { store, signer } = options;
  const policy = isResolved(options.policy) ? options.policy : resolvePolicy(options.policy);
  const clock = options.clock ?? { now: () => Date.now() };
  const issuer = options.issuer ?? 'dinhdanh';
  const sweepBatch = options.sweepBatch ?? 500;
  const signAsync =
    (options.signOffThread ?? availableParallelism() > 1) && signer.signAsync !== undefined
      ? signer.signAsync.bind(signer)
      : undefined;
  const inFlight = new InFlight();
  const offset = policy.utcOffsetMinutes;

  /**
   * The idempotent envelope around one operation: claim the key, then in one
   * transaction replay or execute (in a savepoint) and record the response.
   */
  async function idempotent(
    clientId: string,
    key: string,
    op: IdempotentOperation,
  ): Promise<OperationResult> {
    const { operation, now, execute, precheck } = op;
    const hash = requestHash(operation, op.target, op.body);
    const claim = inFlight.claim(clientId, key);
    let outcome: { payment: Payment; replayed: boolean } | { error: StoredError; replayed: boolean };
    try {
      op.prepare?.();
      outcome = await store.transact(async (tx) => {
        if (!(await tx.tryLockKey(clientId, key))) {
          throw payError(
            'DD_PAY_IDEMPOTENCY_IN_FLIGHT',
            'a request with this idempotency key is in progress',
            {
              path: 'idempotencyKey',
            },
          );
        }
        const existing = await tx.getIdempotency(clientId, key);
        if (existing !== undefined && existing.expiresAt > now) {
          if (existing.requestHash !== hash) {
            throw payError(
              'DD_PAY_IDEMPOTENCY_MISMATCH',
              'this idempotency key was used with a different request',
              {
                path: 'idempotencyKey',
              },
            );
          }
          return { ...(await replay(tx, existing.response)), replayed: true };
        }
        precheck?.(now);
        let response: StoredResponse;
        let payment: Payment | undefined;
        try {
          payment = await tx.atomic(execute);
          // A new authorisation's response is the payment as created: stored by reference (see StoredResponse).
          response = operation === 'authorize' ? { ok: true, created: payment.id } : { ok: true, payment };
        } catch (e) {
          // Business errors are part of the answer and replayed; faults (5xx) are not stored.
          if (!isDinhdanhError(e) || e.status >= 500) throw e;
          response = storedError(e as DinhdanhError);
        }
        await tx.putIdempotency({
          clientId,
          key,
          operation,
          requestHash: hash,
          response,
          createdAt: now,
          expiresAt: now + policy.idempotencyRetentionMs,
        });
        return payment === undefined
          ? { error: response as StoredError, replayed: false }
          : { payment, replayed: false };
      });
    } finally {
      inFlight.release(claim);
    }
    if ('error' in outcome) throw replayedError(outcome.error, outcome.replayed);
    return outcome;
  }

  /** The response a replay answers with, rebuilt exactly from what was stored. */
  async function replay(
    tx: StoreTx,
    r: StoredResponse,
  ): Promise<{ payment: Payment } | { error: StoredError }> {
    if (!r.ok) return { error: r };
    if ('payment' in r) return { payment: r.payment };
    const stored = await tx.getPayment(r.created);
    if (stored === undefined) {
      throw payError('DD_PAY_STORE_INCONSISTENT', 'an idempotency record points to a missing payment', {});
    }
    return { payment: asCreated(stored.payment) };
  }

  /**
   * The claims of the token an approval carries. They depend only on the
   * request, the id and the time (an approval's code is always 00), so they
   * can be signed before the decision is made.
   */
  const approvalClaims = (
    clientId: string,
    id: string,
    request: AuthorizeRequest,
    now: number,
  ): AuthorizationClaims => ({
    iss: issuer,
    aud: clientId,
    jti: id,
    amt: request.amount,
    cur: 'VND',
    payee: request.payee,
    fee: request.fee.code,
    rc: '00',
    pol: policy.id,
    iat: Math.floor(now / 1000),
    exp: Math.floor((now + policy.authorizationTtlMs) / 1000),
  });

  async function executeAuthorize(
    tx: StoreTx,
    now: number,
    clientId: string,
    request: AuthorizeRequest,
    id: string,
    /** The approval token being signed on the thread pool; when absent, signed here if approved. */
    presigned: Promise<string> | undefined,
  ): Promise<Payment> {
    const { payer } = request;
    const day = localDay(now, offset);
    const month = localMonth(now, offset);
    await tx.lockPayer(payer.ref);
    const totals = await tx.payerTotals(payer.ref, day, month);
    const deviceKnown = await tx.deviceKnown(payer.ref, payer.deviceId);
    const decision = decide(
      {
        request,
        now,
        dayTotal: totals.dayTotal,
        dayCount: totals.dayCount,
        monthTotal: totals.monthTotal,
        deviceKnown,
      },
      policy,
    );
    const approved = decision.outcome === 'approved';
    const expiresAt = approved ? now + policy.authorizationTtlMs : null;
    const fee = policy.feeByCode.get(request.fee.code)!;
    const nowIso = iso(now);
    const token = approved
      ? presigned === undefined
        ? signer.sign(approvalClaims(clientId, id, request, now))
        : await presigned
      : null;
    const vietqr = approved
      ? encodeVietQr({
          bin: request.payee.bin,
          account: request.payee.account,
          amount: request.amount,
          reference: id,
          purpose: request.reference,
        })
      : null;
    const payment: Payment = {
      id,
      clientId,
      status: statusAfterDecision(decision.outcome),
      amount: request.amount,
      currency: 'VND',
      capturedAmount: 0,
      refundedAmount: 0,
      payer: {
        ref: payer.ref,
        verificationId: payer.verificationId,
        maskedId: payer.maskedId,
        accountTier: payer.accountTier,
        deviceId: payer.deviceId,
        authMethod: decision.authMethod,
      },
      payee: request.payee,
      fee: { code: request.fee.code, description: request.fee.description ?? fee.description },
      channel: request.channel,
      decision: {
        outcome: decision.outcome,
        code: decision.code,
        reason: decision.reason,
        tier: decision.tier,
        stepUp: decision.stepUp,
        policyVersion: policy.id,
      },
      createdAt: nowIso,
      updatedAt: nowIso,
      expiresAt: expiresAt === null ? null : iso(expiresAt),
      token,
      vietqr,
    };
    await tx.insertPayment({
      payment,
      meta: { day, month, createdAt: now, updatedAt: now, expiresAt, counted: approved },
    });
    if (approved) {
      if (!deviceKnown) await tx.rememberDevice(payer.ref, payer.deviceId, now);
      await tx.appendJournal(
        buildJournal(
          newId('jnl_', now),
          'authorize',
          { id, feeCode: fee.code, payeeCode: request.payee.code },
          request.amount,
          now,
        ),
      );
    }
    return payment;
  }

  /** Applies a state-machine step to a locked payment and writes its journals. */
  async function applyOperation(
    tx: StoreTx,
    now: number,
    stored: StoredPayment,
    operation: PaymentOperation,
    amount: number | undefined,
  ): Promise<Payment> {
    const p = stored.payment;
    const step = transition(
      { ...p, expiresAt: stored.meta.expiresAt ?? Number.NEGATIVE_INFINITY },
      operation,
      amount,
      now,
    );
    const ref = { id: p.id, feeCode: p.fee.code, payeeCode: p.payee.code };
    const kind = JOURNAL_OF[operation];
    if (kind !== undefined && step.moved > 0)
      await tx.appendJournal(buildJournal(newId('jnl_', now), kind, ref, step.moved, now));
    if (step.released > 0)
      await tx.appendJournal(buildJournal(newId('jnl_', now), 'release', ref, step.released, now));
    const payment: Payment = {
      ...p,
      status: step.status,
      capturedAmount: step.capturedAmount,
      refundedAmount: step.refundedAmount,
      updatedAt: iso(now),
    };
    await tx.updatePayment({
      payment,
      meta: { ...stored.meta, updatedAt: now, counted: COUNTED_STATUSES.includes(step.status) },
    });
    return payment;
  }

  function checkPaymentId(paymentId: unknown): string {
    if (typeof paymentId !== 'string' || !PAYMENT_ID.test(paymentId)) {
      throw payError('DD_PAY_NOT_FOUND', 'no payment with this id', { path: 'paymentId' });
    }
    return paymentId;
  }

  function mutate(operation: 'capture' | 'void' | 'refund') {
    return async (
      clientId: string,
      key: string,
      paymentId: string,
      body?: unknown,
    ): Promise<OperationResult> => {
      checkClientAndKey(clientId, key);
      const id = checkPaymentId(paymentId);
      const parsed = parseAmountRequest(body, 'request');
      if (operation === 'void' && parsed.amount !== undefined) {
        throw payError('DD_PAY_REQUEST_INVALID', 'a void takes no amount', { path: 'amount' });
      }
      const now = clock.now();
      return idempotent(clientId, key, {
        operation,
        target: id,
        body: parsed,
        now,
        execute: async (tx) => {
          const stored = await tx.getPaymentForUpdate(id);
          if (stored === undefined || stored.payment.clientId !== clientId) {
            throw payError('DD_PAY_NOT_FOUND', 'no payment with this id', { path: 'paymentId' });
          }
          return applyOperation(tx, now, stored, operation, parsed.amount);
        },
      });
    };
  }

  return {
    policy,
    async authorize(clientId, key, body) {
      checkClientAndKey(clientId, key);
      const request = parseAuthorizeRequest(body);
      const now = clock.now();
      const id = newId('pay_', now);
      let presigned: Promise<string> | undefined;
      return idempotent(clientId, key, {
        operation: 'authorize',
        target: '',
        body: request,
        now,
        execute: (tx) => executeAuthorize(tx, now, clientId, request, id, presigned),
        // Clock skew is judged when the request is new; a retry of a stored request replays even much later.
        precheck: (at) => checkRequestAgainstPolicy(request, policy, at),
        // The ES256 signature is most of an authorisation's CPU: signed off-thread, it starts as
        // the request joins the single writer's queue and runs while the event loop serves others; the
        // transaction awaits it only for an approval, so the batch this request joins is not split by
        // signatures still in flight. A token signed for a request that is then declined or replayed is
        // dropped unseen: only the committed payment's token is ever returned.
        prepare:
          signAsync === undefined
            ? undefined
            : () => {
                presigned = signAsync(approvalClaims(clientId, id, request, now));
                // Never awaited when the request is declined or replayed; a failure then is moot.
                presigned.catch(() => {});
              },
      });
    },
    capture: mutate('capture'),
    void: (clientId, key, paymentId) => mutate('void')(clientId, key, paymentId),
    refund: mutate('refund'),
    async get(clientId, paymentId) {
      checkClient(clientId);
      const stored = await store.getPayment(checkPaymentId(paymentId));
      if (stored === undefined || stored.payment.clientId !== clientId) {
        throw payError('DD_PAY_NOT_FOUND', 'no payment with this id', { path: 'paymentId' });
      }
      return stored.payment;
    },
    async expireSweep() {
      let expired = 0;
      for (;;) {
        const n = await store.transact(async (tx) => {
          const now = clock.now();
          const ids = await tx.dueForExpiry(now, sweepBatch);
          for (const id of ids) {
            const stored = await tx.getPaymentForUpdate(id);
            if (stored !== undefined) await applyOperation(tx, now, stored, 'expire', undefined);
          }
          return ids.length;
        });
        expired += n;
        if (n < sweepBatch) break;
      }
      const idempotencyKeysPurged = await store.purgeIdempotency(clock.now());
      return { expired, idempotencyKeysPurged };
    },
    async reconciliationReport(date) {
      const { from, to } = localDayBounds(date, offset);
      const r = await store.reconciliation(date, from, to);
      const totals = { count: 0, amount: 0, capturedAmount: 0, refundedAmount: 0 };
      for (const row of r.payments) {
        if (row.status === 'declined' || row.status === 'step_up_required') continue;
        totals.count += row.count;
        totals.amount += row.amount;
        totals.capturedAmount += row.capturedAmount;
        totals.refundedAmount += row.refundedAmount;
      }
      return {
        date,
        utcOffsetMinutes: offset,
        generatedAt: iso(clock.now()),
        payments: r.payments,
        movements: r.movements,
        totals,
        ledgerNet: r.ledgerNet,
      };
    },
    jwks: () => signer.jwks(),
  };
}
