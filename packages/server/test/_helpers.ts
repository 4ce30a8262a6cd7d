/**
 * Test helpers: clients with known secrets, signed inject calls, and a log
 * sink every test app writes to. Each file that builds apps scans its sink in
 * afterAll for personal data from the fixtures (see _personal-data.ts).
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../src/app.js';
import { signedHeaders } from '../src/client.js';
import { type ClientKey, type Scope, scopes } from '../src/clients.js';

export const fullKey: ClientKey = {
  keyId: 'test-full',
  secret: randomBytes(32),
  scopes: new Set<Scope>(scopes),
};
export const maskedKey: ClientKey = {
  keyId: 'test-masked',
  secret: randomBytes(32),
  scopes: new Set<Scope>(scopes.filter((s) => s !== 'ekyc:personal-data')),
};
export const readOnlyKey: ClientKey = {
  keyId: 'test-read',
  secret: randomBytes(32),
  scopes: new Set<Scope>(['payments:read']),
};
export const testClients = [fullKey, maskedKey, readOnlyKey];

/** Every log line written by apps built in this process. */
export const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    logLines.push(chunk.toString('utf8'));
    cb();
  },
});

export const testLogOptions = { level: 'trace', stream: sink } as const;

export async function testApp(extra: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({
    clients: testClients,
    log: testLogOptions,
    pressure: false,
    ...extra,
  });
}

export interface SignedInject {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly json?: unknown;
  readonly payload?: Buffer;
  readonly contentType?: string;
  readonly idempotencyKey?: string;
  readonly key?: ClientKey;
  readonly now?: number;
  readonly nonce?: string;
  readonly headers?: Record<string, string>;
}

export function signedInject(app: FastifyInstance, r: SignedInject): Promise<LightMyRequestResponse> {
  const payload = r.json !== undefined ? Buffer.from(JSON.stringify(r.json)) : r.payload;
  const h = signedHeaders(r.key ?? fullKey, {
    method: r.method,
    path: r.url,
    body: payload,
    idempotencyKey: r.idempotencyKey,
    now: r.now,
    nonce: r.nonce,
  });
  const contentType = r.json !== undefined ? 'application/json' : r.contentType;
  const opts: InjectOptions = {
    method: r.method,
    url: r.url,
    headers: { ...h, ...(contentType === undefined ? {} : { 'content-type': contentType }), ...r.headers },
    ...(payload === undefined ? {} : { payload }),
  };
  return app.inject(opts);
}
