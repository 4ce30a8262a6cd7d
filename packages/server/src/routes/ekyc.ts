/**
 * eKYC routes over @dinhdanh/core/chip: issue active-authentication
 * challenges, verify one card (passive + active authentication, CCCD
 * checks), read a stored verification, verify a batch. Reports are stored
 * masked; the full holder data goes only to clients with
 * `ekyc:personal-data`, only in the answer to their own request.
 */
import { randomBytes } from 'node:crypto';
import type { TrustStore } from '@dinhdanh/core/chip';
import { DinhdanhError } from '@dinhdanh/core/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newId } from '../ekyc/_ids.js';
import { type BatchItem, batchCard, resultJson, storedJson } from '../ekyc/batch-card.js';
import type { BatchPool } from '../ekyc/batch-pool.js';
import { outcomeLabels, reportViews } from '../ekyc/report-views.js';
import { type AaAnswer, type CardInput, verifyCard } from '../ekyc/verify-card.js';
import { httpError } from '../errors.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import { batchResultSchema, challengeSchema, ekycSchemas } from '../schemas/ekyc.js';
import type { EkycStore, StoredVerification } from '../stores/ekyc-store.js';

export interface EkycRoutesOptions {
  readonly trust: TrustStore;
  readonly store: EkycStore;
  /** Lifetime of an active-authentication challenge in milliseconds (default 120 s). */
  readonly challengeTtlMs?: number;
  /** Source of the 8-byte challenge nonces (ICAO 9303-11 §6.1; default: the system CSPRNG). */
  readonly challengeNonce?: () => Uint8Array;
  readonly metrics: ServiceMetrics;
  /** Most cards in one batch request (default 100). */
  readonly batchMaxCards?: number;
  /** Body limit of the batch route in bytes (default 16 MiB). */
  readonly batchBodyLimit?: number;
  /** Worker pool for the batch route; without one, batches are verified in-process card by card. */
  readonly batchPool?: BatchPool;
}

interface VerificationRequest extends CardInput {
  readonly activeAuthentication?: { readonly challengeId: string; readonly signature: string };
}

const tags = ['ekyc'];
const randomNonce = (): Uint8Array => new Uint8Array(randomBytes(8));
/** Yield to the event loop between cards so one batch cannot starve other requests. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function ekycRoutes(app: FastifyInstance, opts: EkycRoutesOptions): Promise<void> {
  const { store, metrics } = opts;
  const maxCards = opts.batchMaxCards ?? 100;
  const challengeTtlMs = opts.challengeTtlMs ?? 120_000;
  const challengeNonce = opts.challengeNonce ?? randomNonce;
  for (const s of ekycSchemas) app.addSchema(s);

  const clientOf = (request: FastifyRequest): string => request.client!.keyId;
  const seesPersonalData = (request: FastifyRequest): boolean =>
    request.client!.scopes.has('ekyc:personal-data');

  app.post(
    '/v1/ekyc/challenges',
    {
      config: { scope: 'ekyc:verify' },
      schema: {
        summary: 'Issue an active-authentication challenge (single use, expires)',
        tags,
        response: { 201: challengeSchema },
      },
    },
    async (request, reply) => {
      // Challenges live in the shared store (not in process memory) so any node can take them.
      const id = newId('ch_');
      const nonce = challengeNonce();
      const expiresAt = Date.now() + challengeTtlMs;
      await store.putChallenge({ id, clientId: clientOf(request), nonce, expiresAt });
      void reply.code(201);
      return {
        id,
        nonce: Buffer.from(nonce).toString('base64'),
        expiresAt: new Date(expiresAt).toISOString(),
      };
    },
  );

  app.post<{ Body: VerificationRequest }>(
    '/v1/ekyc/verifications',
    {
      config: { scope: 'ekyc:verify' },
      schema: {
        summary: 'Verify one chip read: passive and active authentication, CCCD consistency',
        tags,
        body: { $ref: 'VerificationRequest#' },
        response: { 201: { $ref: 'Verification#' } },
      },
    },
    async (request, reply) => {
      const { activeAuthentication: aa, sod, dataGroups, qr } = request.body;
      const card = { sod, dataGroups, ...(qr === undefined ? {} : { qr }) };
      let aaAnswer: AaAnswer | undefined;
      if (aa !== undefined) {
        // Taking it out of the store is atomic, so a challenge is used once across every node.
        const c = await store.takeChallenge(clientOf(request), aa.challengeId);
        if (c === undefined)
          throw new DinhdanhError('DD_CHIP_AA_CHALLENGE', 'no open challenge with this id for this client', {
            status: 409,
            details: { path: 'activeAuthentication.challengeId' },
          });
        aaAnswer = { challenge: c.nonce, expiresAt: c.expiresAt, signature: aa.signature };
      }
      const outcome = verifyCard(opts, card, aaAnswer);
      metrics.verifications.inc(outcomeLabels(outcome));
      const v = reportViews(outcome, seesPersonalData(request));
      await store.putVerifications([
        { id: v.id, clientId: clientOf(request), createdAt: v.createdAt, report: v.stored },
      ]);
      void reply.code(201);
      return v.answer;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/ekyc/verifications/:id',
    {
      config: { scope: 'ekyc:read' },
      schema: {
        summary: 'A stored verification of this client (holder data masked)',
        tags,
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 200: { $ref: 'Verification#' } },
      },
    },
    async (request) => {
      const v = await store.getVerification(clientOf(request), request.params.id);
      if (v === undefined) throw httpError('DD_SERVER_VERIFICATION_NOT_FOUND');
      return v.report;
    },
  );

  /** Without a pool: card by card on the event loop, yielding between cards. */
  async function inProcess(cards: readonly CardInput[], full: boolean, at: Date): Promise<BatchItem[]> {
    const items: BatchItem[] = [];
    for (const [index, card] of cards.entries()) {
      if (index > 0) await yieldToLoop();
      items.push(batchCard(opts.trust, card, full, at));
    }
    return items;
  }

  app.post<{ Body: { cards: CardInput[] } }>(
    '/v1/ekyc/verifications:batch',
    {
      config: { scope: 'ekyc:verify' },
      bodyLimit: opts.batchBodyLimit ?? 16 * 1024 * 1024,
      schema: {
        summary: `Verify up to ${maxCards} cards (JSON or application/msgpack); one result per card, in order`,
        tags,
        body: { $ref: 'VerificationBatchRequest#' },
        response: { 200: batchResultSchema },
      },
    },
    async (request, reply) => {
      const { cards } = request.body;
      if (cards.length > maxCards)
        throw httpError('DD_SERVER_BATCH_TOO_LARGE', `a batch holds at most ${maxCards} cards`, {
          max: maxCards,
        });
      const full = seesPersonalData(request);
      const clientId = clientOf(request);
      // Each card comes back finished (verified, masked, serialised); here they are counted, stored
      // in one transaction and joined.
      // One validation time for the whole batch.
      const at = new Date();
      const items = await (opts.batchPool?.verify(cards, full, at) ?? inProcess(cards, full, at));
      const summary = { verified: 0, rejected: 0, errors: 0 };
      const toStore: StoredVerification[] = [];
      for (const item of items) {
        const { record } = item;
        if (record === undefined) {
          summary.errors += 1;
          continue;
        }
        summary[record.verdict] += 1;
        metrics.verifications.inc({ verdict: record.verdict, check: record.check, reason: record.reason });
        toStore.push({
          id: record.id,
          clientId,
          createdAt: record.createdAt,
          report: undefined,
          reportJson: storedJson(item),
        });
      }
      await store.putVerifications(toStore);
      // The results are already serialised by the response schema; the envelope is written the same way.
      void reply.type('application/json; charset=utf-8');
      return `{"results":[${items.map((item, i) => resultJson(i, item)).join(',')}],"summary":{"verified":${summary.verified},"rejected":${summary.rejected},"errors":${summary.errors}}}`;
    },
  );
}
