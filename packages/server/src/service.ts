/**
 * The composition root: opens the database (SQLite under the data directory
 * by default, PostgreSQL when a URL is given), builds the stores the routes
 * need and the app, and ties their lifetimes together — the app's onClose
 * closes the database after in-flight requests have finished.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrustStore } from '@dinhdanh/core/chip';
import {
  createPaymentService,
  createPostgresStore,
  createSqliteStore,
  type PaymentStore,
  SqliteStore,
} from '@dinhdanh/core/payment';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { type AppOptions, buildApp } from './app.js';
import type { ClientKey } from './clients.js';
import { BatchPool } from './ekyc/batch-pool.js';
import type { LogOptions } from './logging.js';
import { NONCE_TTL_MS } from './nonce-cache.js';
import { loadOrCreateSigner } from './payment-keys.js';
import { openSqlite } from './stores/_sqlite.js';
import { type EkycStore, PostgresEkycStore, SqliteEkycStore } from './stores/ekyc-store.js';
import { PostgresNonceStore } from './stores/request-nonces.js';

export interface ServiceConfig {
  /** SQLite files live here (created when missing). */
  readonly dataDir: string;
  /** PostgreSQL connection string; SQLite when absent. */
  readonly databaseUrl?: string;
  readonly clients: readonly ClientKey[];
  /** CSCA master lists, certificates or CRLs (DER) to trust. */
  readonly trustFiles?: readonly string[];
  /** Also trust the test CSCAs of the repository's fixtures (development only). */
  readonly devTrust?: boolean;
  /** Most cards per batch request. */
  readonly batchMaxCards?: number;
  /** Worker threads of the batch route's pool (default: available parallelism; 0: verify in-process). */
  readonly batchWorkers?: number;
  readonly log?: LogOptions | false;
  /** Extra app options (limits, pressure). */
  readonly app?: Partial<AppOptions>;
}

interface Database {
  readonly kind: 'sqlite' | 'postgres';
  readonly ekyc: EkycStore;
  readonly payments: PaymentStore;
  /** The shared replay cache when instances share a database; otherwise each process keeps its own. */
  readonly nonces?: PostgresNonceStore;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Test CSCAs and their CRLs under fixtures/ that the development trust store adds (synthetic PKI, never production). */
const DEV_CSCAS = [
  'icao/openssl-cccd/csca.der',
  ...['bp384', 'bp384-explicit', 'rsa-pss'].flatMap((set) => [
    `cards/${set}/csca.der`,
    `cards/${set}/crl.der`,
  ]),
];
const fixturesDir = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

function loadTrust(c: ServiceConfig): TrustStore {
  const trust = new TrustStore();
  const dev = c.devTrust === true ? DEV_CSCAS.filter((f) => existsSync(join(fixturesDir, f))) : [];
  for (const f of dev)
    trust.add(new Uint8Array(readFileSync(join(fixturesDir, f))), `test PKI fixtures/${f}`);
  for (const file of c.trustFiles ?? []) trust.add(new Uint8Array(readFileSync(file)), file);
  return trust;
}

/** How often overdue authorisations are expired, old idempotency keys purged, and stale challenges and nonces deleted. */
const SWEEP_INTERVAL_MS = 60_000;

async function openDatabase(c: ServiceConfig): Promise<Database> {
  if (c.databaseUrl !== undefined) {
    const sql = postgres(c.databaseUrl, { max: 10, onnotice: () => {} });
    const ekyc = new PostgresEkycStore(sql);
    const payments = createPostgresStore({ url: c.databaseUrl });
    return {
      kind: 'postgres',
      ekyc,
      payments,
      nonces: new PostgresNonceStore(sql, NONCE_TTL_MS),
      ping: () => ekyc.ping(),
      close: async () => {
        await payments.close();
        await sql.end({ timeout: 5 });
      },
    };
  }
  mkdirSync(c.dataDir, { recursive: true, mode: 0o700 });
  const file = join(c.dataDir, 'dinhdanh.sqlite');
  const db = openSqlite(file);
  const ekyc = new SqliteEkycStore(db, { writerFile: file });
  const payments = createSqliteStore({ filename: join(c.dataDir, 'payments.sqlite') });
  return {
    kind: 'sqlite',
    ekyc,
    payments,
    ping: () => ekyc.ping(),
    close: async () => {
      await payments.close();
      await ekyc.close();
      db.close();
    },
  };
}

export async function createService(c: ServiceConfig): Promise<FastifyInstance> {
  const trust = loadTrust(c);
  const db = await openDatabase(c);
  const payments = createPaymentService({ store: db.payments, signer: loadOrCreateSigner(c.dataDir) });
  // The batch route verifies on a worker pool holding the same trust store (sent once per worker).
  const batchPool =
    c.batchWorkers === 0
      ? undefined
      : new BatchPool({ trust, ...(c.batchWorkers === undefined ? {} : { workers: c.batchWorkers }) });
  const app = await buildApp({
    clients: c.clients,
    log: c.log,
    ready: () => db.ping(),
    payments,
    ekyc: {
      trust,
      store: db.ekyc,
      ...(c.batchMaxCards === undefined ? {} : { batchMaxCards: c.batchMaxCards }),
      ...(batchPool === undefined ? {} : { batchPool }),
    },
    ...(db.nonces === undefined ? {} : { nonceStore: db.nonces }),
    ...c.app,
  });
  if (batchPool !== undefined) app.metrics.setPool(() => batchPool.stats);
  const store = db.payments;
  if (store instanceof SqliteStore) app.metrics.setPaymentStore(() => store.stats());
  const sweep = setInterval(() => {
    const now = Date.now();
    Promise.all([payments.expireSweep(), db.ekyc.purgeChallenges(now), db.nonces?.purge(now)]).catch(
      (err: unknown) => app.log.error({ err }, 'expiry sweep failed'),
    );
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await batchPool?.close();
    await db.close();
  });
  return app;
}
