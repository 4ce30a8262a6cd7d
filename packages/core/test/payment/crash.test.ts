/**
 * Durability: a child process authorising under load is SIGKILLed at random
 * moments, 20 times; after each restart every acknowledged authorisation is
 * present exactly once and the ledger balances. SQLite always; PostgreSQL
 * when DATABASE_URL is set (skipped visibly otherwise). The two loops run
 * concurrently — they wait mostly on child start-up — and each test awaits
 * its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/payment/index.js';
import { crashLoop } from './_crash-harness.js';
import { DATABASE_URL } from './_fixtures.js';

const KILLS = 20;

describe('crash durability (SIGKILL under load)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-crash-'));
  const schema = `dd_crash_${process.pid}`;
  let sqlite: Promise<{ acks: number }>;
  let pg: Promise<{ acks: number }> | undefined;

  beforeAll(() => {
    sqlite = crashLoop({ kind: 'sqlite', location: join(dir, 'pay.db'), schema: '' }, KILLS);
    pg =
      DATABASE_URL === undefined
        ? undefined
        : crashLoop({ kind: 'postgres', location: DATABASE_URL, schema }, KILLS);
    // Each test reports its own failure; keep the other promise from being an unhandled rejection meanwhile.
    sqlite.catch(() => {});
    pg?.catch(() => {});
  });

  afterAll(async () => {
    await Promise.allSettled([sqlite, pg]);
    rmSync(dir, { recursive: true, force: true });
    if (DATABASE_URL !== undefined) {
      const s = createPostgresStore({ url: DATABASE_URL, schema });
      await s.ready();
      await s.dropSchema();
      await s.close();
    }
  }, 60_000);

  it(`SQLite WAL synchronous=FULL: ${KILLS} kills, every ack present exactly once, ledger balanced`, async () => {
    expect((await sqlite).acks).toBeGreaterThan(KILLS);
  }, 240_000);

  it.skipIf(DATABASE_URL === undefined)(
    `PostgreSQL: ${KILLS} kills, every ack present exactly once, ledger balanced`,
    async () => {
      expect((await pg!).acks).toBeGreaterThan(KILLS);
    },
    240_000,
  );
});
