/**
 * Liveness, readiness, metrics and the OpenAPI document: outside /v1, so no
 * signature is needed (keep them behind the network boundary you trust).
 */
import type { FastifyInstance } from 'fastify';
import { httpError } from '../errors.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';

export interface SystemRoutesOptions {
  readonly metrics: ServiceMetrics;
  /** Resolves false (or throws) when a dependency is not ready. */
  readonly ready: () => Promise<boolean> | boolean;
}

const statusSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export async function systemRoutes(app: FastifyInstance, opts: SystemRoutesOptions): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: { summary: 'Liveness: the process answers', tags: ['system'], response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Readiness: database and worker pool are usable',
        tags: ['system'],
        response: { 200: statusSchema },
      },
    },
    async () => {
      let ok: boolean;
      try {
        ok = await opts.ready();
      } catch {
        ok = false;
      }
      if (!ok) throw httpError('DD_SERVER_NOT_READY');
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Prometheus metrics (text exposition format 0.0.4)',
        tags: ['system'],
        produces: ['text/plain'],
        response: { 200: { type: 'string', description: 'Prometheus text format' } },
      },
    },
    async (_request, reply) => {
      void reply.type('text/plain; version=0.0.4; charset=utf-8');
      return opts.metrics.registry.render();
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
