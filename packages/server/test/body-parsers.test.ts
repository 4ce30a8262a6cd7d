import type { FastifyInstance } from 'fastify';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMsgpack } from '../src/plugins/body-parsers.js';
import { logLines, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
  app.post(
    '/v1/test/echo',
    {
      config: { scope: 'payments:write' },
      schema: {
        body: {
          type: 'object',
          required: ['sod'],
          additionalProperties: false,
          properties: { sod: { type: 'string', contentEncoding: 'base64' }, n: { type: 'integer' } },
        },
      },
    },
    async (req) => ({ got: req.body }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

describe('msgpack bodies', () => {
  it('decodes maps to objects and bin values to base64 strings', () => {
    const bytes = pack({ sod: Buffer.from([1, 2, 3]), n: 7, list: [Buffer.from('hi')] });
    expect(decodeMsgpack(bytes)).toEqual({ sod: 'AQID', n: 7, list: ['aGk='] });
  });

  it('validates msgpack bodies against the same schema as JSON', async () => {
    const ok = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: pack({ sod: Buffer.from([1, 2, 3]), n: 1 }),
      contentType: 'application/msgpack',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ got: { sod: 'AQID', n: 1 } });
    const bad = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      payload: pack({ n: 'x' }),
      contentType: 'application/msgpack',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('DD_SERVER_VALIDATION');
  });

  const malformed: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['truncated', pack({ sod: 'x'.repeat(40) }).subarray(0, 10)],
    ['prototype key', pack({ __proto__: 1 } as unknown as object)],
    ['reserved byte', Buffer.from([0xc1])],
  ];
  for (const [name, bytes] of malformed) {
    it(`answers 400 DD_SERVER_MALFORMED_BODY for ${name} msgpack`, async () => {
      const res = await signedInject(app, {
        method: 'POST',
        url: '/v1/test/echo',
        payload: bytes,
        contentType: 'application/msgpack',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toMatch(/^DD_SERVER_(MALFORMED_BODY|VALIDATION)$/);
    });
  }
});

describe('JSON bodies', () => {
  it('drops nothing silently: unknown fields are rejected by additionalProperties', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/test/echo',
      json: { sod: 'AQID', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_VALIDATION');
  });
});
