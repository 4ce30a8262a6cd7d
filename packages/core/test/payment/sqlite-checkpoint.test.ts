/**
 * WAL checkpoints run in a background worker with its own connection: the
 * writer's COMMITs never copy the WAL into the database themselves. The
 * worker must really move committed pages into the database file, let the
 * WAL restart under sustained writes, and stop with the store.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/payment/_sqlite-checkpointer.js';
import { createSqliteStore } from '../../src/payment/index.js';
import { authorizeBody, makeService, TestClock } from './_fixtures.js';

const until = async (what: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('SQLite background checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dd-pay-ckpt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies committed pages into the database file while the writer keeps committing', async () => {
    const file = join(dir, 'pay.db');
    const store = createSqliteStore({ filename: file, checkpointIntervalMs: 20 });
    // The writer never checkpoints itself while the worker does.
    expect(store.pragmas().walAutocheckpoint).toBe(0);
    const svc = makeService(store, new TestClock());
    const sizeAfterMigration = statSync(file).size;
    let n = 0;
    // Sustained writes: batches keep coming while the worker checkpoints.
    const writing = (async () => {
      while (store.stats().checkpointRestarts < 3) {
        await Promise.all(
          Array.from({ length: 50 }, () =>
            svc.authorize(
              'gw-1',
              `key-ckpt-${String(n++).padStart(6, '0')}`,
              authorizeBody({ amount: 10_000 }),
            ),
          ),
        );
      }
    })();
    await until(() => store.stats().checkpointRestarts >= 3, 20_000);
    await writing;
    const stats = store.stats();
    expect(stats.checkpointCycles).toBeGreaterThanOrEqual(stats.checkpointRestarts);
    // The payments reached the database file itself, not only the WAL.
    expect(statSync(file).size).toBeGreaterThan(sizeAfterMigration);
    const check = await store.ledgerCheck();
    expect(check.journals).toBe(n);
    expect(check.unbalancedJournals).toBe(0);
    await store.close();

    // Everything committed is in the file after close, readable by a fresh connection.
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM payments').pluck().get()).toBe(n);
    } finally {
      db.close();
    }
  });

  it('leaves checkpoints to the writer when the interval is 0', async () => {
    const store = createSqliteStore({ filename: join(dir, 'inline.db'), checkpointIntervalMs: 0 });
    expect(store.pragmas().walAutocheckpoint).toBe(1000);
    const svc = makeService(store, new TestClock());
    await svc.authorize('gw-1', 'key-inline-0001', authorizeBody());
    expect(store.stats()).toMatchObject({ checkpointCycles: 0, checkpointRestarts: 0 });
    await store.close();
  });

  it('reports a worker that cannot open the database, so the writer can take checkpoints back', async () => {
    let failure: unknown;
    // A directory is not a database: the worker's connection fails to open.
    const checkpointer = startCheckpointer({
      filename: dir,
      intervalMs: 10,
      busyTimeoutMs: 100,
      onFailure: (e) => {
        failure = e;
      },
    });
    await until(() => failure !== undefined);
    // The driver's error crosses the thread boundary as a plain object with its SQLite code.
    expect(failure).toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(checkpointer.stats().cycles).toBe(0);
    await checkpointer.stop();
  });
});
