/**
 * `buildApp(options)` assembles the service without listening (tests call
 * `app.inject()`; ./serve.ts listens). Shared concerns are fastify-plugin
 * plugins registered at the root; each API area is an encapsulated plugin
 * with its own state.
 */
import type { PaymentService } from '@dinhdanh/core/payment';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { ClientKey, ClientRateLimit } from './clients.js';
import { type LogOptions, loggerOptions } from './logging.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { MemoryNonceStore, NONCE_TTL_MS, type NonceStore } from './nonce-cache.js';
import { authPlugin, isSignedRoute } from './plugins/auth.js';
import { bodyParsersPlugin } from './plugins/body-parsers.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { openapiPlugin, signedSecurity } from './plugins/openapi.js';
import { type PressureOptions, protectionPlugin } from './plugins/protection.js';
import { type EkycRoutesOptions, ekycRoutes } from './routes/ekyc.js';
import { paymentRoutes } from './routes/payments.js';
import { systemRoutes } from './routes/system.js';
import { errorResponses, sharedSchemas } from './schemas/common.js';

export const SERVICE_VERSION = '0.1.0';

export interface AppOptions {
  readonly clients: readonly ClientKey[];
  /** false: no logging. */
  readonly log?: LogOptions | false;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  /** Default body limit in bytes (1 MiB). */
  readonly bodyLimit?: number;
  /** Failed authentications per client address before 429 (60 per minute). */
  readonly authFailureLimit?: ClientRateLimit;
  /** Default per-client limit (600 requests per minute). */
  readonly rateLimit?: ClientRateLimit;
  /** false disables load shedding (tests). */
  readonly pressure?: Partial<PressureOptions> | false;
  readonly nonceStore?: NonceStore;
  /** Dependency check behind /readyz. */
  readonly ready?: () => Promise<boolean> | boolean;
  /** Metrics sink; one is created when absent. */
  readonly metrics?: ServiceMetrics;
  /** Mounts the payment routes. */
  readonly payments?: PaymentService;
  /** Mounts the eKYC routes. */
  readonly ekyc?: Omit<EkycRoutesOptions, 'metrics'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
}

const defaults = {
  bodyLimit: 1024 * 1024,
  rateLimit: { max: 600, timeWindowMs: 60_000 },
  authFailureLimit: { max: 60, timeWindowMs: 60_000 },
  // A request waiting a second for the event loop means the process is overloaded.
  pressure: { maxEventLoopDelayMs: 1000, retryAfterSeconds: 5, sampleIntervalMs: 500 },
} as const;

/** Adds the error responses and, on signed routes, the security requirement. */
function decorateRouteSchema(route: RouteOptions): void {
  const schema = (route.schema ??= {});
  if ((schema as { hide?: boolean }).hide === true) return;
  schema.response = { ...errorResponses, ...(schema.response as object | undefined) };
  if (isSignedRoute(route.url)) (schema as { security?: unknown }).security = signedSecurity;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? new ServiceMetrics();
  const app = Fastify({
    logger: options.log === false ? false : loggerOptions(options.log),
    bodyLimit: options.bodyLimit ?? defaults.bodyLimit,
    // Request ids are generated, never taken from a header.
    genReqId: undefined,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
  });
  app.decorate('metrics', metrics);
  for (const s of sharedSchemas) app.addSchema(s);
  app.addHook('onRoute', decorateRouteSchema);
  // Hooks on every request take the callback form: an async hook costs a promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  // Graceful close: answers sent after close() began carry `Connection: close`, so keep-alive
  // sockets of in-flight requests end with their response instead of holding the close open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(errorHandlerPlugin);
  await app.register(openapiPlugin, { version: SERVICE_VERSION });
  await app.register(bodyParsersPlugin);
  const pressure = options.pressure === false ? false : { ...defaults.pressure, ...options.pressure };
  await app.register(protectionPlugin, { rateLimit: options.rateLimit ?? defaults.rateLimit, pressure });

  await app.register(authPlugin, {
    clients: options.clients,
    nonces: options.nonceStore ?? new MemoryNonceStore(NONCE_TTL_MS),
    now,
    failureLimit: options.authFailureLimit ?? defaults.authFailureLimit,
  });

  await app.register(systemRoutes, { metrics, ready: options.ready ?? (() => true) });
  if (options.payments !== undefined)
    await app.register(paymentRoutes, { payments: options.payments, metrics });
  if (options.ekyc !== undefined) await app.register(ekycRoutes, { ...options.ekyc, metrics });
  return app;
}
