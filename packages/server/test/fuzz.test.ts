/**
 * No client mistake is a 500: for every signed operation in the OpenAPI
 * document, fast-check sends bodies that follow the schema, near-misses and
 * arbitrary JSON (plus raw bytes), correctly signed, and every answer must be
 * below 500 with a typed error body when it is an error.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logLines, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';
import { fuzzAppOptions } from './_routes-setup.js';
import { requestBodies, valid } from './_schema-arbitrary.js';

type Json = Record<string, unknown>;
let app: FastifyInstance;
let doc: Json;
beforeAll(async () => {
  app = await testApp({ ...(await fuzzAppOptions()), rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
  await app.ready();
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

const RUNS = Number(process.env.DINHDANH_FUZZ_RUNS ?? 60);

function operations(): Array<{ method: string; path: string; op: Json }> {
  const out: Array<{ method: string; path: string; op: Json }> = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
    for (const [method, op] of Object.entries(item))
      if (path.startsWith('/v1/') && ['get', 'post'].includes(method))
        out.push({ method, path, op: op as Json });
  return out;
}

function checkAnswer(status: number, body: string, what: string): void {
  expect(status, `${what} → ${status} ${body.slice(0, 200)}`).toBeLessThan(500);
  if (status >= 400) expect(JSON.parse(body).code, what).toMatch(/^DD_[A-Z0-9_]+$/);
}

it('finds the signed operations to fuzz', () => {
  expect(operations().length).toBeGreaterThan(0);
});

it('answers every generated request below 500 with a typed error body', async () => {
  for (const { method, path, op } of operations()) {
    const params = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
    const query = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'query');
    const bodySchema = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
      'application/json'
    ] as Json | undefined;
    const pathArb = fc.record(
      Object.fromEntries(
        params.map((p) => [p.name as string, fc.oneof(valid(p.schema as Json, doc), fc.string())]),
      ),
    );
    const queryArb = fc.record(
      Object.fromEntries(
        query.map((p) => [p.name as string, fc.oneof(valid(p.schema as Json, doc), fc.string())]),
      ),
      { requiredKeys: [] },
    );
    const bodyArb =
      bodySchema === undefined ? fc.constant(undefined) : requestBodies(bodySchema.schema as Json, doc);
    await fc.assert(
      fc.asyncProperty(
        pathArb,
        queryArb,
        bodyArb,
        fc.string({ minLength: 8, maxLength: 40 }),
        async (pv, qv, body, idem) => {
          let url = path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(String(pv[n] ?? 'x')));
          const qs = new URLSearchParams(Object.entries(qv).map(([k, v]) => [k, String(v)])).toString();
          if (qs !== '') url += `?${qs}`;
          const res = await signedInject(app, {
            method: method.toUpperCase() as 'GET' | 'POST',
            url,
            ...(method === 'post' ? { json: body ?? {} } : {}),
            idempotencyKey: `fz-${idem.replace(/[^\x21-\x7e]/g, 'x')}`,
          });
          checkAnswer(res.statusCode, res.body, `${method} ${url}`);
        },
      ),
      { numRuns: RUNS },
    );
  }
});

it('answers raw junk bytes below 500', async () => {
  const posts = operations().filter((o) => o.method === 'post');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...posts),
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom('application/json', 'application/msgpack'),
      async (o, bytes, type) => {
        const url = o.path.replace(/\{([^}]+)\}/g, 'x');
        const res = await signedInject(app, {
          method: 'POST',
          url,
          payload: Buffer.from(bytes),
          contentType: type,
          idempotencyKey: 'fz-junk-key-1',
        });
        checkAnswer(res.statusCode, res.body, `POST ${url} ${type}`);
      },
    ),
    { numRuns: RUNS },
  );
});
