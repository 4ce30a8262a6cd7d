/**
 * End to end over a real socket (127.0.0.1, port 0): the composed service on
 * SQLite in a temp directory (or PostgreSQL with DATABASE_URL), called with
 * the signing client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DinhdanhClient } from '../src/client.js';
import { ensureDevClient } from '../src/dev-client.js';
import { sampleAuthorization } from '../src/samples.js';
import { listen } from '../src/serve.js';
import { createService } from '../src/service.js';
import { logLines, testLogOptions } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';
import { fixtureCard } from './_routes-setup.js';

let dataDir: string;
let app: FastifyInstance;
let url: string;
let client: DinhdanhClient;
// A PostgreSQL database outlives the run: keys unique per run, so a rerun is a new request, not a replay.
const run = randomUUID();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dinhdanh-e2e-'));
  const dev = ensureDevClient(dataDir);
  // PostgreSQL when DATABASE_URL names a throwaway database, else SQLite under dataDir.
  const databaseUrl = process.env.DATABASE_URL;
  app = await createService({
    dataDir,
    databaseUrl,
    clients: dev.clients,
    devTrust: true,
    log: testLogOptions,
    // Load shedding stays on, with a limit the parallel test run cannot reach by accident: this
    // file checks the composed service, and system.test.ts checks shedding itself.
    app: { pressure: { maxEventLoopDelayMs: 10_000, retryAfterSeconds: 5, sampleIntervalMs: 500 } },
  });
  url = (await listen(app, { host: '127.0.0.1', port: 0, handleSignals: false })).url;
  client = new DinhdanhClient(url, { keyId: 'dev', secret: dev.clients[0]!.secret });
  // As a load balancer would: wait until the process reports healthy (start-up blocks the event
  // loop, and load shedding answers 503 until the next sample shows it free).
  for (let i = 0; i < 50 && (await fetch(`${url}/healthz`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

describe('the service over a socket', () => {
  it('listens on loopback only', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps secrets in files only its owner can read', () => {
    expect(statSync(join(dataDir, 'clients.json')).mode & 0o077).toBe(0);
    expect(statSync(join(dataDir, 'payment-signing-keys.json')).mode & 0o077).toBe(0);
  });

  it('verifies the fixture card, then authorises, captures and reads a payment', async () => {
    const ver = await client.request('POST', '/v1/ekyc/verifications', { json: fixtureCard });
    expect(ver.status).toBe(201);
    const v = ver.body as { id: string; verdict: string; person: { masked: boolean } };
    expect(v.verdict).toBe('verified');
    expect(v.person.masked).toBe(true);

    const body = sampleAuthorization(Date.now()) as {
      payer: { verificationId: string; biometric: { verificationId: string } };
    };
    body.payer.verificationId = v.id;
    body.payer.biometric.verificationId = v.id;
    const auth = await client.request('POST', '/v1/payments/authorizations', {
      json: body,
      idempotencyKey: `e2e-auth-${run}`,
    });
    expect(auth.status, JSON.stringify(auth.body)).toBe(201);
    const id = (auth.body as { id: string }).id;
    const cap = await client.request('POST', `/v1/payments/authorizations/${id}/captures`, {
      json: {},
      idempotencyKey: `e2e-capture-${run}`,
    });
    expect(cap.status, JSON.stringify(cap.body)).toBe(200);
    expect((cap.body as { status: string }).status).toBe('captured');
    const got = await client.request('GET', `/v1/payments/authorizations/${id}`);
    expect((got.body as { capturedAmount: number }).capturedAmount).toBe(1_250_000);
    const stored = await client.request('GET', `/v1/ekyc/verifications/${v.id}`);
    expect((stored.body as { verdict: string }).verdict).toBe('verified');
  });

  it('refuses an unsigned request with a typed 401', async () => {
    const res = await fetch(`${url}/v1/payments/authorizations/pay_x`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('DD_SERVER_AUTH_MISSING');
  });

  it('is ready, and reports metrics', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('route="/v1/ekyc/verifications"');
    // The composed service verifies batches on its worker pool.
    expect(Number(/^dinhdanh_pool_threads (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    if (process.env.DATABASE_URL !== undefined) {
      // PostgreSQL commits each operation itself: there are no group commits or WAL checkpoints to report.
      expect(text).not.toContain('dinhdanh_payment_store_commits_total');
      return;
    }
    // The SQLite payment store's group commits: the authorisation and capture above were committed.
    expect(text).toContain('# TYPE dinhdanh_payment_store_commits_total counter');
    const total = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(total('dinhdanh_payment_store_commits_total')).toBeGreaterThan(0);
    expect(total('dinhdanh_payment_store_operations_total')).toBeGreaterThanOrEqual(
      total('dinhdanh_payment_store_commits_total'),
    );
    expect(total('dinhdanh_payment_store_batch_reruns_total')).toBe(0);
    expect(text).toMatch(/^dinhdanh_payment_store_wal_checkpoints_total \d+$/m);
  });

  it('verifies a batch on the worker pool with the same verdicts, in order, a bad card refused alone', async () => {
    const broken = { ...fixtureCard, sod: 'not base64!' };
    const res = await client.request('POST', '/v1/ekyc/verifications:batch', {
      json: { cards: [fixtureCard, broken, fixtureCard] },
    });
    expect(res.status).toBe(200);
    const body = res.body as {
      results: { index: number; verification?: { verdict: string }; error?: { code: string } }[];
      summary: { verified: number; errors: number };
    };
    expect(body.results.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(body.results[0]!.verification!.verdict).toBe('verified');
    expect(body.results[1]!.error!.code).toMatch(/^DD_/);
    expect(body.summary).toMatchObject({ verified: 2, errors: 1 });
  });

  it('finishes in-flight requests when closing', async () => {
    const cards = Array.from({ length: 20 }, () => fixtureCard);
    const inFlight = client.request('POST', '/v1/ekyc/verifications:batch', { json: { cards } });
    await new Promise((r) => setTimeout(r, 30));
    const closing = app.close();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect((res.body as { summary: { verified: number } }).summary.verified).toBe(20);
  });
});
