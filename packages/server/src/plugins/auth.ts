/**
 * HMAC request authentication (see ../signing.ts for the canonical string).
 *
 * Header checks run in onRequest, before the body is read, so unsigned
 * requests cost nothing; the MAC and the nonce are checked in preValidation,
 * once the raw body bytes are known, and before schema validation so an
 * unsigned request learns nothing about the schema. The nonce is recorded only
 * after the MAC verifies, so strangers cannot fill the replay cache. Routes
 * under /v1 say what they need with `config: { scope }`; a /v1 route without
 * a scope answers 403 to everyone.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ClientKey, Scope } from '../clients.js';
import { httpError } from '../errors.js';
import type { NonceStore } from '../nonce-cache.js';
import {
  headers,
  KEY_ID_PATTERN,
  MAX_SKEW_SECONDS,
  NONCE_PATTERN,
  SIGNATURE_PATTERN,
  signatureMatches,
} from '../signing.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated client; undefined on public routes. */
    client: ClientKey | undefined;
  }
  interface FastifyContextConfig {
    /** Scope the client needs on a /v1 route. */
    scope?: Scope;
  }
}

export interface AuthOptions {
  readonly clients: readonly ClientKey[];
  /** Failed authentications allowed per client address and window before 429 (brute force, floods). */
  readonly failureLimit: { readonly max: number; readonly timeWindowMs: number };
  readonly nonces: NonceStore;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now: () => number;
}

interface Pending {
  client: ClientKey;
  timestamp: number;
  nonce: string;
  signature: string;
}
const pending = new WeakMap<FastifyRequest, Pending>();

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** The API lives under /v1 and is signed; health, metrics and docs are not. */
export const isSignedRoute = (url: string | undefined): boolean => url?.startsWith('/v1/') === true;

/** Unmatched routes (404) skip authentication and answer 404. */
const needsAuth = (request: FastifyRequest): boolean => isSignedRoute(request.routeOptions.url);

export const authPlugin = fp<AuthOptions>(
  async (app: FastifyInstance, opts: AuthOptions) => {
    const byKeyId = new Map(opts.clients.map((c) => [c.keyId, c]));
    app.decorateRequest('client', undefined);

    // Failed authentications count per client address (@fastify/rate-limit's store); past the limit
    // the address gets 429 before any signature work.
    const failures = app.createRateLimit({
      max: opts.failureLimit.max,
      timeWindow: opts.failureLimit.timeWindowMs,
      keyGenerator: (request) => `auth-failures:${request.ip}`,
    });
    const failed = async (request: FastifyRequest, code: string, message?: string): Promise<Error> => {
      await failures(request);
      return httpError(code, message);
    };

    app.addHook('onRequest', async (request, reply) => {
      if (!needsAuth(request)) return;
      const state = await failures(request, { increment: false });
      if (!state.isAllowed && state.remaining === 0) {
        void reply.header('retry-after', String(state.ttlInSeconds));
        throw httpError(
          'DD_SERVER_RATE_LIMITED',
          'too many failed authentications from this address; see Retry-After',
        );
      }
      const keyId = header(request, headers.keyId);
      const ts = header(request, headers.timestamp);
      const nonce = header(request, headers.nonce);
      const signature = header(request, headers.signature);
      if (keyId === undefined || ts === undefined || nonce === undefined || signature === undefined)
        throw await failed(
          request,
          'DD_SERVER_AUTH_MISSING',
          `headers ${Object.values(headers).slice(0, 4).join(', ')} are required`,
        );
      if (!KEY_ID_PATTERN.test(keyId))
        throw await failed(request, 'DD_SERVER_AUTH_MALFORMED', `${headers.keyId} is malformed`);
      if (!/^[0-9]{1,12}$/.test(ts))
        throw await failed(request, 'DD_SERVER_AUTH_MALFORMED', `${headers.timestamp} must be unix seconds`);
      if (!NONCE_PATTERN.test(nonce))
        throw await failed(
          request,
          'DD_SERVER_AUTH_MALFORMED',
          `${headers.nonce} must be 16-64 of [A-Za-z0-9_-]`,
        );
      if (!SIGNATURE_PATTERN.test(signature))
        throw await failed(
          request,
          'DD_SERVER_AUTH_MALFORMED',
          `${headers.signature} must be 64 lower-case hex digits`,
        );
      const client = byKeyId.get(keyId);
      if (client === undefined) throw await failed(request, 'DD_SERVER_AUTH_UNKNOWN_KEY');
      const timestamp = Number(ts);
      if (Math.abs(opts.now() / 1000 - timestamp) > MAX_SKEW_SECONDS)
        throw await failed(
          request,
          'DD_SERVER_AUTH_STALE_TIMESTAMP',
          `timestamp must be within ±${MAX_SKEW_SECONDS} s of server time`,
        );
      pending.set(request, { client, timestamp, nonce, signature });
    });

    app.addHook('preValidation', async (request) => {
      if (!needsAuth(request)) return;
      const p = pending.get(request);
      if (p === undefined) throw await failed(request, 'DD_SERVER_AUTH_MISSING');
      const ok = signatureMatches(
        p.client.secret,
        {
          method: request.method,
          path: request.url,
          timestamp: p.timestamp,
          nonce: p.nonce,
          idempotencyKey: header(request, headers.idempotencyKey),
          body: request.rawBody ?? Buffer.alloc(0),
        },
        p.signature,
      );
      if (!ok) throw await failed(request, 'DD_SERVER_AUTH_BAD_SIGNATURE');
      let fresh: boolean;
      try {
        fresh = await opts.nonces.remember(p.client.keyId, p.nonce, opts.now());
      } catch (err) {
        // Full (memory) or unreachable (shared database): the request cannot be checked for replay now.
        request.log.warn({ err }, 'replay cache refused a nonce');
        throw httpError('DD_SERVER_OVERLOADED', 'replay cache unavailable; retry later');
      }
      if (!fresh) throw await failed(request, 'DD_SERVER_AUTH_REPLAYED_NONCE');
      request.client = p.client;
      const scope = request.routeOptions.config.scope;
      if (scope === undefined || !p.client.scopes.has(scope))
        throw httpError('DD_SERVER_FORBIDDEN', `this route requires scope ${scope ?? '(none configured)'}`);
    });
  },
  { name: 'dinhdanh-auth', fastify: '5.x', dependencies: ['dinhdanh-body-parsers', 'dinhdanh-protection'] },
);
