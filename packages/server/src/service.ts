/**
 * The composition root: opens the database (SQLite under the data directory
 * by default, PostgreSQL when a URL is given), builds the stores the routes
 * need and the app, and ties their lifetimes together — the app's onClose
 * closes the database after in-flight requests have finished.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { type AppOptions, buildApp } from './app.js';
import type { ClientKey } from './clients.js';
import type { LogOptions } from './logging.js';
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
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

async function openDatabase(c: ServiceConfig): Promise<Database> {
  if (c.databaseUrl !== undefined) {
    const sql = postgres(c.databaseUrl, { max: 10, onnotice: () => {} });
    const ekyc = new PostgresEkycStore(sql);
    return { kind: 'postgres', ekyc, ping: () => ekyc.ping(), close: () => sql.end({ timeout: 5 }) };
  }
  mkdirSync(c.dataDir, { recursive: true, mode: 0o700 });
  const db = openSqlite(join(c.dataDir, 'dinhdanh.sqlite'));
  const ekyc = new SqliteEkycStore(db);
  return {
    kind: 'sqlite',
    ekyc,
    ping: () => ekyc.ping(),
    close: async () => db.close(),
  };
}

export async function createService(c: ServiceConfig): Promise<FastifyInstance> {
  const db = await openDatabase(c);
  const app = await buildApp({
    clients: c.clients,
    log: c.log,
    ready: () => db.ping(),
    ...c.app,
  });
  app.addHook('onClose', async () => {
    await db.close();
  });
  return app;
}
