import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLines, signedInject, testApp } from './_helpers.js';
import { checkOpenApi31 } from './_openapi-check.js';
import { findPersonalData } from './_personal-data.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

describe('health and readiness', () => {
  it('/healthz answers ok without a signature', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 503 typed when a dependency is not ready', async () => {
    let ready = true;
    const a = await testApp({ ready: () => ready });
    expect((await a.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    ready = false;
    const down = await a.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('DD_SERVER_NOT_READY');
    const throwing = await testApp({
      ready: async () => {
        throw new Error('db down');
      },
    });
    expect((await throwing.inject({ method: 'GET', url: '/readyz' })).json().code).toBe(
      'DD_SERVER_NOT_READY',
    );
    await a.close();
    await throwing.close();
  });
});

describe('/metrics', () => {
  it('renders Prometheus text with per-route latency histograms', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('# TYPE dinhdanh_http_request_duration_seconds histogram');
    expect(text).toMatch(
      /dinhdanh_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/route="\(unmatched\)",status="404"/);
    // Every sample line is `name{labels} number`.
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
    expect(text).not.toContain('no/such/route');
  });

  it('counts +Inf as the total and keeps buckets cumulative', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const series = text
      .split('\n')
      .filter((l) =>
        l.startsWith('dinhdanh_http_request_duration_seconds_bucket{method="GET",route="/healthz"'),
      );
    const values = series.map((l) => Number(l.split(' ').at(-1)));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(series.at(-1)).toContain('le="+Inf"');
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document at /openapi.json', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(checkOpenApi31(doc)).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/healthz'].get).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.paths['/openapi.json']).toBeUndefined();
  });

  it('the checker finds broken documents', () => {
    expect(checkOpenApi31({ openapi: '3.0.0', info: {}, paths: {} }).length).toBe(2);
    const broken = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x/{id}': {
          get: { responses: { 200: { $ref: '#/components/responses/Nope' } }, security: [{ s: [] }] },
        },
      },
    };
    const problems = checkOpenApi31(broken);
    expect(problems.some((p) => p.includes('path parameter id'))).toBe(true);
    expect(problems.some((p) => p.includes('unresolved $ref'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown security scheme'))).toBe(true);
  });

  it('serves the UI at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('load shedding', () => {
  it('answers 503 typed with Retry-After when the event loop lags', async () => {
    const a = await testApp({
      pressure: { maxEventLoopDelayMs: 10, retryAfterSeconds: 7, sampleIntervalMs: 10 },
    });
    a.get('/v1/test/read', { config: { scope: 'payments:read' } }, async () => ({ ok: true }));
    await a.ready();
    // Block the loop well past the limit, then let under-pressure sample it.
    const until = Date.now() + 300;
    while (Date.now() < until) {}
    await new Promise((r) => setTimeout(r, 30));
    const res = await signedInject(a, { method: 'GET', url: '/v1/test/read' });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('DD_SERVER_OVERLOADED');
    expect(res.headers['retry-after']).toBe('7');
    await a.close();
  });
});
