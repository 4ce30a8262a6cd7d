/**
 * The composition root: opens the database (SQLite under the data directory
 * by default, PostgreSQL when a URL is given), builds the stores the routes
 * need and the app, and ties their lifetimes together — the app's onClose
 * closes the database after in-flight requests have finished.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPaymentService,
  createPostgresStore,
  createSqliteStore,
  type PaymentStore,
} from '@dinhdanh/core/payment';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { type AppOptions, buildApp } from './app.js';
import type { ClientKey } from './clients.js';
import type { LogOptions } from './logging.js';
import { loadOrCreateSigner } from './payment-keys.js';
import { openSqlite } from './stores/_sqlite.js';
import { type EkycStore, PostgresEkycStore, SqliteEkycStore } from './stores/ekyc-store.js';

export interface ServiceConfig {
  /** SQLite files live here (created when missing). */
  readonly dataDir: string;
  /** PostgreSQL connection string; SQLite when absent. */
  readonly databaseUrl?: string;
  readonly clients: readonly ClientKey[];
  /** CSCA master lists (.ml) or certificates (.der) trusted besides the built-in test CSCA. */
  readonly trustFiles?: readonly string[];
  readonly log?: LogOptions | false;
  /** Extra app options (limits, pressure). */
  readonly app?: Partial<AppOptions>;
}

interface Database {
  readonly kind: 'sqlite' | 'postgres';
  readonly ekyc: EkycStore;
  readonly payments: PaymentStore;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** How often overdue authorisations are expired and old idempotency keys purged. */
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
      ping: () => ekyc.ping(),
      close: async () => {
        await payments.close();
        await sql.end({ timeout: 5 });
      },
    };
  }
  mkdirSync(c.dataDir, { recursive: true, mode: 0o700 });
  const db = openSqlite(join(c.dataDir, 'dinhdanh.sqlite'));
  const ekyc = new SqliteEkycStore(db);
  const payments = createSqliteStore({ filename: join(c.dataDir, 'payments.sqlite') });
  return {
    kind: 'sqlite',
    ekyc,
    payments,
    ping: () => ekyc.ping(),
    close: async () => {
      await payments.close();
      db.close();
    },
  };
}

export async function createService(c: ServiceConfig): Promise<FastifyInstance> {
  const db = await openDatabase(c);
  const payments = createPaymentService({ store: db.payments, signer: loadOrCreateSigner(c.dataDir) });
  const app = await buildApp({
    clients: c.clients,
    log: c.log,
    ready: () => db.ping(),
    payments,
    ...c.app,
  });
  const sweep = setInterval(() => {
    payments.expireSweep().catch((err: unknown) => app.log.error({ err }, 'expiry sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await db.close();
  });
  return app;
}
