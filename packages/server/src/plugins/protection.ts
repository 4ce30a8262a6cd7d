/**
 * Abuse protection: security headers (helmet's, computed once), per-client rate
 * limits (@fastify/rate-limit, keyed by the authenticated key id, so it runs
 * after authentication) and load shedding (@fastify/under-pressure: 503 with
 * Retry-After when the event loop lags).
 */
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ClientRateLimit } from '../clients.js';
import { httpError } from '../errors.js';
import { securityHeaders } from './_security-headers.js';

export interface PressureOptions {
  readonly maxEventLoopDelayMs: number;
  /** Off by default: a CPU-bound verification service runs near 1.0 while healthy. */
  readonly maxEventLoopUtilization?: number;
  readonly retryAfterSeconds: number;
  /** How often the event loop is sampled. */
  readonly sampleIntervalMs: number;
}

export interface ProtectionOptions {
  /** For clients without their own limit, and per IP on public routes. */
  readonly rateLimit: ClientRateLimit;
  readonly pressure: PressureOptions | false;
}

const limitOf = (request: FastifyRequest, fallback: ClientRateLimit): ClientRateLimit =>
  request.client?.rateLimit ?? fallback;

export const protectionPlugin = fp<ProtectionOptions>(
  async (app: FastifyInstance, opts: ProtectionOptions) => {
    const security = securityHeaders();
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(security.set);
      for (const name of security.remove) void reply.removeHeader(name);
      done();
    });
    await app.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      keyGenerator: (request) =>
        request.client === undefined ? `ip:${request.ip}` : `key:${request.client.keyId}`,
      max: (request) => limitOf(request, opts.rateLimit).max,
      timeWindow: (request) => limitOf(request, opts.rateLimit).timeWindowMs,
      errorResponseBuilder: (_request, ctx) =>
        httpError(
          'DD_SERVER_RATE_LIMITED',
          `limit of ${ctx.max} requests per ${ctx.after} reached; see Retry-After`,
        ),
    });
    if (opts.pressure !== false) {
      const p = opts.pressure;
      let startupGraceUntil = Number.POSITIVE_INFINITY;
      app.addHook('onReady', async () => {
        startupGraceUntil = performance.now() + 2 * p.sampleIntervalMs;
      });
      await app.register(underPressure, {
        maxEventLoopDelay: p.maxEventLoopDelayMs,
        ...(p.maxEventLoopUtilization === undefined
          ? {}
          : { maxEventLoopUtilization: p.maxEventLoopUtilization }),
        retryAfter: p.retryAfterSeconds,
        sampleInterval: p.sampleIntervalMs,
        // Sending a reply stops the request (Fastify skips the rest of the lifecycle once a reply
        // is sent); returning without one lets it through. The first samples after start-up still
        // hold the start-up work (module loading, plugin registration), not load: not acted on.
        pressureHandler: (_request, reply, type) => {
          if (performance.now() < startupGraceUntil) return;
          void reply
            .code(503)
            .header('retry-after', String(p.retryAfterSeconds))
            .send(
              httpError('DD_SERVER_OVERLOADED', `service overloaded (${type}); see Retry-After`).toJSON(),
            );
        },
      });
    }
  },
  { name: 'dinhdanh-protection', fastify: '5.x' },
);
