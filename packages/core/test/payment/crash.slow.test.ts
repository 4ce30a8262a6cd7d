/**
 * Longer crash runs: 100 SIGKILLs per store (run with DINHDANH_SLOW=1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/payment/index.js';
import { crashLoop } from './_crash-harness.js';
import { DATABASE_URL } from './_fixtures.js';

const KILLS = 100;

describe('crash durability, long run', () => {
  it(`SQLite: ${KILLS} kills`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-crash-slow-'));
    try {
      expect(
        (await crashLoop({ kind: 'sqlite', location: join(dir, 'pay.db'), schema: '' }, KILLS)).acks,
      ).toBeGreaterThan(KILLS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);

  it.skipIf(DATABASE_URL === undefined)(
    `PostgreSQL: ${KILLS} kills`,
    async () => {
      const schema = `dd_crash_slow_${process.pid}`;
      try {
        expect(
          (await crashLoop({ kind: 'postgres', location: DATABASE_URL!, schema }, KILLS)).acks,
        ).toBeGreaterThan(KILLS);
      } finally {
        const s = createPostgresStore({ url: DATABASE_URL!, schema });
        await s.ready();
        await s.dropSchema();
        await s.close();
      }
    },
    900_000,
  );
});
