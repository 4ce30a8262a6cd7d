/**
 * eKYC routes over @dinhdanh/core/chip: issue active-authentication
 * challenges, verify one card (passive + active authentication, CCCD
 * checks), read a stored verification, verify a batch. Reports are stored
 * masked; the full holder data goes only to clients with
 * `ekyc:personal-data`, only in the answer to their own request.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import type { BulkVerifier } from '@dinhdanh/core/bulk';
import { type CardJson, firstFailure, type TrustStore, verifyDocument } from '@dinhdanh/core/chip';
import { DinhdanhError, isDinhdanhError } from '@dinhdanh/core/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { personView } from '../ekyc/person-view.js';
import {
  type AaAnswer,
  type CardInput,
  type CardOutcome,
  outcomeOf,
  readCard,
  verifyCard,
} from '../ekyc/verify-card.js';
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
  readonly bulk?: BulkVerifier;
}

interface VerificationRequest extends CardInput {
  readonly activeAuthentication?: { readonly challengeId: string; readonly signature: string };
}

const tags = ['ekyc'];
/** 15 random bytes per id, drawn from the CSPRNG 256 ids at a time (a batch needs one id per card). */
const ID_BYTES = 15;
const idPool = Buffer.alloc(ID_BYTES * 256);
let idAt = idPool.length;
function newId(prefix: string): string {
  if (idAt === idPool.length) {
    randomFillSync(idPool);
    idAt = 0;
  }
  idAt += ID_BYTES;
  return `${prefix}${idPool.toString('base64url', idAt - ID_BYTES, idAt)}`;
}
const randomNonce = (): Uint8Array => new Uint8Array(randomBytes(8));
/** A decoded card as verifyDocument's input (the batch route takes no AA exchange). */
const documentInput = (card: CardJson) => ({
  sod: card.sod,
  dataGroups: card.dataGroups,
  ...(card.qr === undefined ? {} : { qr: card.qr }),
});
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

  function record(o: CardOutcome): void {
    const f = firstFailure(o.report);
    metrics.verifications.inc({ verdict: o.report.verdict, check: f?.check ?? '', reason: f?.reason ?? '' });
  }

  /** The answer for one card, and the masked form that is stored. */
  function views(o: CardOutcome, full: boolean): { answer: StoredVerification['report']; stored: object } {
    const { verdict, checks, document } = o.report;
    const base = {
      id: newId('ver_'),
      verdict,
      firstFailure: firstFailure(o.report),
      checks,
      document,
      createdAt: new Date().toISOString(),
    };
    const masked = o.holder === undefined ? base : { ...base, person: personView(o.holder, false) };
    const answer = o.holder === undefined || !full ? masked : { ...base, person: personView(o.holder, true) };
    return { answer, stored: masked };
  }

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
      record(outcome);
      const { answer, stored } = views(outcome, seesPersonalData(request));
      const a = answer as { id: string; createdAt: string };
      await store.putVerifications([
        { id: a.id, clientId: clientOf(request), createdAt: a.createdAt, report: stored },
      ]);
      void reply.code(201);
      return answer;
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
    async (request) => {
      const { cards } = request.body;
      if (cards.length > maxCards)
        throw httpError('DD_SERVER_BATCH_TOO_LARGE', `a batch holds at most ${maxCards} cards`, {
          max: maxCards,
        });
      const full = seesPersonalData(request);
      const clientId = clientOf(request);
      const results: ({ index: number; verification: unknown } | { index: number; error: unknown })[] = [];
      const toStore: StoredVerification[] = [];
      const summary = { verified: 0, rejected: 0, errors: 0 };
      const answer = (index: number, outcome: CardOutcome): void => {
        record(outcome);
        const { answer, stored } = views(outcome, full);
        const a = answer as { id: string; createdAt: string };
        toStore.push({ id: a.id, clientId, createdAt: a.createdAt, report: stored });
        summary[outcome.report.verdict] += 1;
        results.push({ index, verification: answer });
      };
      const refuse = (index: number, error: { code: string; message: string }): void => {
        summary.errors += 1;
        results.push({ index, error });
      };
      // A card whose fields cannot be decoded is refused on its own; the rest are verified.
      const read: { index: number; card: CardJson }[] = [];
      for (const [index, input] of cards.entries()) {
        try {
          read.push({ index, card: readCard(input) });
        } catch (e) {
          if (!isDinhdanhError(e) || e.status >= 500) throw e;
          refuse(index, e.toJSON());
        }
      }
      if (opts.bulk === undefined) {
        for (const [i, { index, card }] of read.entries()) {
          if (i > 0) await yieldToLoop();
          try {
            answer(index, outcomeOf(verifyDocument({ ...documentInput(card), trust: opts.trust }), card));
          } catch (e) {
            if (!isDinhdanhError(e) || e.status >= 500) throw e;
            refuse(index, e.toJSON());
          }
        }
      } else {
        const inputs = read.map(({ card }) => documentInput(card));
        for await (const r of opts.bulk.verifyMany(inputs, { ordered: true })) {
          const { index, card } = read[r.index]!;
          if (r.report === undefined) refuse(index, r.error!);
          else answer(index, outcomeOf(r.report, card));
        }
      }
      results.sort((x, y) => x.index - y.index);
      await store.putVerifications(toStore);
      return { results, summary };
    },
  );
}
