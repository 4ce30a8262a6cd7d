/**
 * Payment authorisation routes: a thin mapping from HTTP to the library's
 * PaymentService (@dinhdanh/core/payment), which owns parsing, policy,
 * idempotency, the state machine and the ledger. Mutations need an
 * Idempotency-Key; replays carry `Idempotent-Replayed: true`.
 */

import { isDinhdanhError } from '@dinhdanh/core/errors';
import type { OperationResult, PaymentService } from '@dinhdanh/core/payment';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import {
  amountBody,
  idempotencyHeaders,
  jwksSchema,
  paymentIdParams,
  paymentSchemas,
} from '../schemas/payments.js';

export interface PaymentRoutesOptions {
  readonly payments: PaymentService;
  readonly metrics: ServiceMetrics;
}

type IdParams = { id: string };
const paymentRef = { $ref: 'Payment#' } as const;
const tags = ['payments'];

const clientOf = (request: FastifyRequest): string => request.client!.keyId;
const keyOf = (request: FastifyRequest): string => request.headers['idempotency-key'] as string;

function send(reply: FastifyReply, r: OperationResult, status: number): OperationResult['payment'] {
  if (r.replayed) void reply.header('idempotent-replayed', 'true');
  void reply.code(status);
  return r.payment;
}

export async function paymentRoutes(app: FastifyInstance, opts: PaymentRoutesOptions): Promise<void> {
  const { payments, metrics } = opts;
  for (const s of paymentSchemas) app.addSchema(s);

  const mutation = (summary: string, body?: object) => ({
    config: { scope: 'payments:write' as const },
    schema: {
      summary,
      tags,
      headers: idempotencyHeaders,
      params: paymentIdParams,
      ...(body === undefined ? {} : { body }),
      response: { 200: paymentRef },
    },
  });

  app.post(
    '/v1/payments/authorizations',
    {
      config: { scope: 'payments:write' },
      schema: {
        summary: 'Authorise a fee payment (Decision 2345 tiers; biometric step-up when required)',
        tags,
        headers: idempotencyHeaders,
        body: { $ref: 'AuthorizeRequest#' },
        response: { 201: paymentRef },
      },
    },
    async (request, reply) => {
      try {
        const r = await payments.authorize(clientOf(request), keyOf(request), request.body);
        if (!r.replayed) {
          const d = r.payment.decision;
          metrics.authorizations.inc({ outcome: d.outcome, code: d.code });
        }
        return send(reply, r, 201);
      } catch (e) {
        metrics.authorizations.inc({
          outcome: 'error',
          code: isDinhdanhError(e) ? e.code : 'DD_SERVER_INTERNAL',
        });
        throw e;
      }
    },
  );

  app.post<{ Params: IdParams }>(
    '/v1/payments/authorizations/:id/captures',
    mutation('Capture all or part of an authorisation', amountBody),
    async (request, reply) =>
      send(
        reply,
        await payments.capture(clientOf(request), keyOf(request), request.params.id, request.body),
        200,
      ),
  );

  app.post<{ Params: IdParams }>(
    '/v1/payments/authorizations/:id/void',
    mutation('Void an authorisation that has not been captured'),
    async (request, reply) =>
      send(reply, await payments.void(clientOf(request), keyOf(request), request.params.id), 200),
  );

  app.post<{ Params: IdParams }>(
    '/v1/payments/authorizations/:id/refunds',
    mutation('Refund all or part of the captured amount', amountBody),
    async (request, reply) =>
      send(
        reply,
        await payments.refund(clientOf(request), keyOf(request), request.params.id, request.body),
        200,
      ),
  );

  app.get<{ Params: IdParams }>(
    '/v1/payments/authorizations/:id',
    {
      config: { scope: 'payments:read' },
      schema: {
        summary: 'One payment of this client',
        tags,
        params: paymentIdParams,
        response: { 200: paymentRef },
      },
    },
    async (request) => payments.get(clientOf(request), request.params.id),
  );

  app.get<{ Querystring: { date: string } }>(
    '/v1/reconciliation/daily',
    {
      config: { scope: 'reconciliation:read' },
      schema: {
        summary: 'Daily reconciliation by payee, fee and status (Decision 31/2021/QĐ-TTg Art. 36)',
        tags: ['reconciliation'],
        querystring: {
          type: 'object',
          required: ['date'],
          additionalProperties: false,
          properties: { date: { type: 'string', maxLength: 10, description: 'Local day YYYY-MM-DD' } },
        },
        response: { 200: { $ref: 'ReconciliationReport#' } },
      },
    },
    async (request) => payments.reconciliationReport(request.query.date),
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        summary: 'Public keys that verify the signed authorisation tokens (ES256)',
        tags,
        response: { 200: jwksSchema },
      },
    },
    async () => payments.jwks(),
  );
}
