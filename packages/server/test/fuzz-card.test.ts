/**
 * No 500 for a damaged card: fast-check flips, truncates and splices the
 * fixture card's SOD and data groups and sends them signed (single and batch,
 * JSON and msgpack). Every answer is below 500; a damaged card that is still
 * well-formed base64 is answered with a report, never verified.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logLines, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';
import { fixtureCard, testEkyc } from './_routes-setup.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ ekyc: testEkyc(), rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

const RUNS = Number(process.env.DINHDANH_FUZZ_RUNS ?? 40);
const fields = ['sod', '1', '2', '13', '14', '15'] as const;
type Field = (typeof fields)[number];
const bytesOf = (f: Field): Buffer =>
  Buffer.from(f === 'sod' ? fixtureCard.sod : fixtureCard.dataGroups[f], 'base64');

const damage = fc.record({
  field: fc.constantFrom(...fields),
  kind: fc.constantFrom('flip', 'truncate', 'splice'),
  at: fc.nat(),
  junk: fc.uint8Array({ minLength: 1, maxLength: 8 }),
});

function damaged(d: fc.GeneratedValueType<typeof damage>): {
  sod: Buffer;
  dataGroups: Record<string, Buffer>;
} {
  const card = {
    sod: bytesOf('sod'),
    dataGroups: Object.fromEntries(fields.slice(1).map((f) => [f, bytesOf(f)])) as Record<string, Buffer>,
  };
  const b = Buffer.from(d.field === 'sod' ? card.sod : card.dataGroups[d.field]!);
  const i = d.at % b.length;
  if (d.kind === 'flip') b[i] = b[i]! ^ (d.junk[0]! | 1);
  const out =
    d.kind === 'flip'
      ? b
      : d.kind === 'truncate'
        ? b.subarray(0, i)
        : Buffer.concat([b.subarray(0, i), Buffer.from(d.junk), b.subarray(i)]);
  if (d.field === 'sod') card.sod = out;
  else card.dataGroups[d.field] = out;
  return card;
}

const b64card = (c: { sod: Buffer; dataGroups: Record<string, Buffer> }) => ({
  sod: c.sod.toString('base64'),
  dataGroups: Object.fromEntries(Object.entries(c.dataGroups).map(([k, v]) => [k, v.toString('base64')])),
});

it('answers a damaged card with a rejected report or a typed 4xx, never a 500', async () => {
  await fc.assert(
    fc.asyncProperty(damage, async (d) => {
      const res = await signedInject(app, {
        method: 'POST',
        url: '/v1/ekyc/verifications',
        json: b64card(damaged(d)),
      });
      expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
      if (res.statusCode === 201) expect(res.json().verdict).toBe('rejected');
      else expect(res.json().code).toMatch(/^DD_[A-Z0-9_]+$/);
    }),
    { numRuns: RUNS },
  );
});

it('answers damaged batches in msgpack with one result per card, never a 500', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), async (ds) => {
      const cards = ds.map(damaged);
      const res = await signedInject(app, {
        method: 'POST',
        url: '/v1/ekyc/verifications:batch',
        payload: pack({ cards }),
        contentType: 'application/msgpack',
      });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      const r = res.json();
      expect(r.results).toHaveLength(cards.length);
      expect(r.summary.verified).toBe(0);
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
});
