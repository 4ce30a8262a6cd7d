/**
 * The load scenarios of bench/http.ts. Signed requests are signed per send in
 * setupRequest (fresh nonce each time, as a real client must).
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sampleAuthorization, signedHeaders } from '@dinhdanh/server';
import { pack } from 'msgpackr';

const cardDir = fileURLToPath(new URL('../fixtures/icao/openssl-cccd/', import.meta.url));
const file = (f: string): Buffer => readFileSync(`${cardDir}${f}`);
/** The fixture card: brainpoolP384r1 DSC (ecdsa-with-SHA384) under a brainpoolP512r1 CSCA. */
export const benchCard = {
  sod: file('EF_SOD.bin'),
  dataGroups: {
    '1': file('EF_DG1.bin'),
    '2': file('EF_DG2.bin'),
    '13': file('EF_DG13.bin'),
    '14': file('EF_DG14.bin'),
    '15': file('EF_DG15.bin'),
  },
};
const cardJson = {
  sod: benchCard.sod.toString('base64'),
  dataGroups: Object.fromEntries(
    Object.entries(benchCard.dataGroups).map(([k, v]) => [k, v.toString('base64')]),
  ),
};
export const BATCH_CARDS = 50;

import type { Request } from 'autocannon';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly target: 'hello' | 'service';
  readonly request: Request;
  readonly connections?: number;
  /** Work items per request (cards in a batch). */
  readonly unitsPerRequest?: number;
  readonly unit?: string;
}

export interface BenchKey {
  readonly keyId: string;
  readonly secret: string;
}

/** A request whose headers are signed anew each time it is sent. */
export function signed(
  key: BenchKey,
  method: 'GET' | 'POST',
  path: string,
  body: () => { bytes?: Buffer; contentType?: string; idempotencyKey?: string },
): Request {
  return {
    method,
    path,
    setupRequest: (req: Request) => {
      const b = body();
      const h = signedHeaders(key, { method, path, body: b.bytes, idempotencyKey: b.idempotencyKey });
      return {
        ...req,
        method,
        path,
        headers: { ...h, ...(b.contentType === undefined ? {} : { 'content-type': b.contentType }) },
        body: b.bytes,
      };
    },
  } as Request;
}

export function scenarios(key: BenchKey): Scenario[] {
  let payer = 0;
  const verificationBody = Buffer.from(JSON.stringify(cardJson));
  const batchBody = Buffer.from(pack({ cards: Array.from({ length: BATCH_CARDS }, () => benchCard) }));
  const batchJsonBody = Buffer.from(
    JSON.stringify({ cards: Array.from({ length: BATCH_CARDS }, () => cardJson) }),
  );
  return [
    {
      name: 'hello',
      description: 'bare Fastify, GET /hello → {"hello":"world"} (ceiling)',
      target: 'hello',
      request: { method: 'GET', path: '/hello' },
    },
    {
      name: 'healthz',
      description: 'the service, GET /healthz (unsigned: helmet, rate limit, metrics, logging)',
      target: 'service',
      request: { method: 'GET', path: '/healthz' },
    },
    {
      name: 'authorizations',
      description:
        'POST /v1/payments/authorizations, signed, fresh Idempotency-Key, 10 000 payers, SQLite synchronous=FULL',
      target: 'service',
      request: signed(key, 'POST', '/v1/payments/authorizations', () => ({
        bytes: Buffer.from(JSON.stringify(sampleAuthorization(Date.now(), `cust.bench.${payer++ % 10_000}`))),
        contentType: 'application/json',
        idempotencyKey: `bench-${randomUUID()}`,
      })),
    },
    {
      name: 'verification',
      description: 'POST /v1/ekyc/verifications, one card per request (brainpoolP384r1 DSC), JSON, signed',
      target: 'service',
      request: signed(key, 'POST', '/v1/ekyc/verifications', () => ({
        bytes: verificationBody,
        contentType: 'application/json',
      })),
    },
    {
      name: 'batch',
      description: `POST /v1/ekyc/verifications:batch, ${BATCH_CARDS} cards per request, msgpack, signed`,
      target: 'service',
      connections: 4,
      unitsPerRequest: BATCH_CARDS,
      unit: 'cards',
      request: signed(key, 'POST', '/v1/ekyc/verifications:batch', () => ({
        bytes: batchBody,
        contentType: 'application/msgpack',
      })),
    },
    {
      name: 'batch-json',
      description: `POST /v1/ekyc/verifications:batch, ${BATCH_CARDS} cards per request, JSON (base64 fields), signed`,
      target: 'service',
      connections: 4,
      unitsPerRequest: BATCH_CARDS,
      unit: 'cards',
      request: signed(key, 'POST', '/v1/ekyc/verifications:batch', () => ({
        bytes: batchJsonBody,
        contentType: 'application/json',
      })),
    },
  ];
}
