/**
 * The load scenarios of bench/http.ts. Signed requests are signed per send in
 * setupRequest (fresh nonce each time, as a real client must).
 */

import { signedHeaders } from '@dinhdanh/server';
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

export function scenarios(_key: BenchKey): Scenario[] {
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
  ];
}
