import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../src/client.js';
import { fullKey, logLines, readOnlyKey, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
  // A signed probe route that exists only in this test app.
  app.post('/v1/test/echo', { config: { scope: 'payments:write' } }, async (req) => ({ got: req.body }));
  app.get('/v1/test/read', { config: { scope: 'payments:read' } }, async () => ({ ok: true }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

describe('request signing', () => {
  it('accepts a correctly signed request', async () => {
    const res = await signedInject(app, { method: 'POST', url: '/v1/test/echo', json: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ got: { a: 1 } });
  });

  const rejections: Array<[string, (h: Record<string, string>) => Record<string, string>, string]> = [
    ['missing signature', ({ 'dd-signature': _, ...h }) => h, 'DD_SERVER_AUTH_MISSING'],
    ['missing key id', ({ 'dd-key-id': _, ...h }) => h, 'DD_SERVER_AUTH_MISSING'],
    ['malformed signature', (h) => ({ ...h, 'dd-signature': 'zz' }), 'DD_SERVER_AUTH_MALFORMED'],
    ['malformed nonce', (h) => ({ ...h, 'dd-nonce': 'short' }), 'DD_SERVER_AUTH_MALFORMED'],
    ['malformed timestamp', (h) => ({ ...h, 'dd-timestamp': '12ab' }), 'DD_SERVER_AUTH_MALFORMED'],
    ['unknown key', (h) => ({ ...h, 'dd-key-id': 'nobody' }), 'DD_SERVER_AUTH_UNKNOWN_KEY'],
    ['wrong signature', (h) => ({ ...h, 'dd-signature': '0'.repeat(64) }), 'DD_SERVER_AUTH_BAD_SIGNATURE'],
    [
      'timestamp changed after signing',
      (h) => ({ ...h, 'dd-timestamp': String(Number(h['dd-timestamp']) + 1) }),
      'DD_SERVER_AUTH_BAD_SIGNATURE',
    ],
    [
      'nonce changed after signing',
      (h) => ({ ...h, 'dd-nonce': 'X'.repeat(24) }),
      'DD_SERVER_AUTH_BAD_SIGNATURE',
    ],
    [
      'idempotency key added after signing',
      (h) => ({ ...h, 'idempotency-key': 'k-123456' }),
      'DD_SERVER_AUTH_BAD_SIGNATURE',
    ],
  ];
  for (const [name, mutate, code] of rejections) {
    it(`rejects ${name} with 401 ${code}`, async () => {
      const body = Buffer.from('{"a":1}');
      const h = signedHeaders(fullKey, { method: 'POST', path: '/v1/test/echo', body });
      const res = await app.inject({
        method: 'POST',
        url: '/v1/test/echo',
        payload: body,
        headers: { ...mutate(h), 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe(code);
    });
  }

  it('rejects a body changed after signing', async () => {
    const h = signedHeaders(fullKey, { method: 'POST', path: '/v1/test/echo', body: Buffer.from('{"a":1}') });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/test/echo',
      payload: '{"a":2}',
      headers: { ...h, 'content-type': 'application/json' },
    });
    expect(res.json().code).toBe('DD_SERVER_AUTH_BAD_SIGNATURE');
  });

  it('rejects a path or method changed after signing', async () => {
    const h = signedHeaders(fullKey, { method: 'GET', path: '/v1/test/read?x=1' });
    const other = await app.inject({ method: 'GET', url: '/v1/test/read?x=2', headers: h });
    expect(other.json().code).toBe('DD_SERVER_AUTH_BAD_SIGNATURE');
    const h2 = signedHeaders(fullKey, { method: 'GET', path: '/v1/test/echo' });
    const post = await app.inject({ method: 'POST', url: '/v1/test/echo', headers: h2 });
    expect(post.json().code).toBe('DD_SERVER_AUTH_BAD_SIGNATURE');
  });

  it('rejects a replayed nonce', async () => {
    const h = signedHeaders(fullKey, { method: 'GET', path: '/v1/test/read' });
    const first = await app.inject({ method: 'GET', url: '/v1/test/read', headers: h });
    expect(first.statusCode).toBe(200);
    const again = await app.inject({ method: 'GET', url: '/v1/test/read', headers: h });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('DD_SERVER_AUTH_REPLAYED_NONCE');
  });

  it('accepts ±300 s of skew and rejects beyond', async () => {
    const now = Date.now();
    for (const [skew, status] of [
      [-299_000, 200],
      [299_000, 200],
      [-302_000, 401],
      [302_000, 401],
    ] as const) {
      const res = await signedInject(app, { method: 'GET', url: '/v1/test/read', now: now + skew });
      expect(res.statusCode, `skew ${skew}`).toBe(status);
      if (status === 401) expect(res.json().code).toBe('DD_SERVER_AUTH_STALE_TIMESTAMP');
    }
  });

  it('answers 403 when the client lacks the scope', async () => {
    const res = await signedInject(app, { method: 'POST', url: '/v1/test/echo', json: {}, key: readOnlyKey });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('DD_SERVER_FORBIDDEN');
    const ok = await signedInject(app, { method: 'GET', url: '/v1/test/read', key: readOnlyKey });
    expect(ok.statusCode).toBe(200);
  });
});

describe('transport errors', () => {
  it('answers 404 typed for unknown routes, signed or not', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing/030192628005' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'DD_SERVER_NOT_FOUND', message: expect.any(String) });
    expect(res.body).not.toContain('030192628005');
  });

  it('answers 400 typed for malformed JSON', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: Buffer.from('{"a":'),
      contentType: 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_MALFORMED_BODY');
  });

  it('answers 400 typed for an empty JSON body', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: Buffer.alloc(0),
      contentType: 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_MALFORMED_BODY');
  });

  it('answers 415 typed for other content types', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: Buffer.from('a=1'),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('DD_SERVER_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 typed for an oversized body', async () => {
    const small = await testApp({ bodyLimit: 64 });
    small.post('/v1/test/echo', { config: { scope: 'payments:write' } }, async () => ({}));
    const res = await signedInject(small, {
      method: 'POST',
      url: '/v1/test/echo',
      json: { pad: 'x'.repeat(100) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('DD_SERVER_BODY_TOO_LARGE');
    await small.close();
  });

  it('rejects prototype-poisoning JSON', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: Buffer.from('{"__proto__":{"x":1}}'),
      contentType: 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toMatch(/^DD_SERVER_/);
  });

  it('sets security headers (helmet)', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('sets exactly the headers @fastify/helmet sets, on API routes and errors alike', async () => {
    const bare = Fastify();
    await bare.register(fastifyHelmet, { global: true });
    bare.get('/x', async () => ({}));
    const reference = (await bare.inject({ method: 'GET', url: '/x' })).headers;
    await bare.close();
    const names = Object.keys(reference).filter(
      (h) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(h),
    );
    expect(names.length).toBeGreaterThan(8);
    for (const res of [
      await app.inject({ method: 'GET', url: '/healthz' }),
      await signedInject(app, { method: 'GET', url: '/v1/test/read' }),
      await app.inject({ method: 'POST', url: '/v1/test/echo', payload: {} }),
    ]) {
      for (const h of names) expect([h, res.headers[h]]).toEqual([h, reference[h]]);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 typed with Retry-After once a client exceeds its limit', async () => {
    const limited = await testApp({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    limited.get('/v1/test/read', { config: { scope: 'payments:read' } }, async () => ({ ok: true }));
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof signedInject>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await signedInject(limited, { method: 'GET', url: '/v1/test/read' });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 429]);
    expect(last!.json().code).toBe('DD_SERVER_RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    // Another client still has its own budget.
    const other = await signedInject(limited, { method: 'GET', url: '/v1/test/read', key: readOnlyKey });
    expect(other.statusCode).toBe(200);
    await limited.close();
  });
});

describe('failed-authentication throttling', () => {
  it('answers 429 with Retry-After once an address exceeds its failed authentications, even with a good signature', async () => {
    const a = await testApp({ authFailureLimit: { max: 3, timeWindowMs: 60_000 } });
    a.get('/v1/test/read', { config: { scope: 'payments:read' } }, async () => ({ ok: true }));
    for (let i = 0; i < 3; i++) {
      const bad = await a.inject({ method: 'GET', url: '/v1/test/read', headers: { 'dd-key-id': 'nobody' } });
      expect(bad.statusCode).toBe(401);
    }
    const good = await signedInject(a, { method: 'GET', url: '/v1/test/read' });
    expect(good.statusCode).toBe(429);
    expect(good.json().code).toBe('DD_SERVER_RATE_LIMITED');
    expect(Number(good.headers['retry-after'])).toBeGreaterThan(0);
    await a.close();
  });

  it('does not count successful requests', async () => {
    const a = await testApp({ authFailureLimit: { max: 2, timeWindowMs: 60_000 } });
    a.get('/v1/test/read', { config: { scope: 'payments:read' } }, async () => ({ ok: true }));
    for (let i = 0; i < 5; i++)
      expect((await signedInject(a, { method: 'GET', url: '/v1/test/read' })).statusCode).toBe(200);
    await a.close();
  });
});
