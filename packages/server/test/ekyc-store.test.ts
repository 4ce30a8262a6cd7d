import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/stores/_sqlite.js';
import {
  type EkycStore,
  MemoryEkycStore,
  PostgresEkycStore,
  SqliteEkycStore,
} from '../src/stores/ekyc-store.js';

const dir = mkdtempSync(join(tmpdir(), 'dd-ekyc-store-'));
const writerStores: SqliteEkycStore[] = [];
/** A file database whose verification records are committed by the writer thread. */
function withWriter(): SqliteEkycStore {
  const file = join(dir, `${writerStores.length}.sqlite`);
  const s = new SqliteEkycStore(openSqlite(file), { writerFile: file });
  writerStores.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(writerStores.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => EkycStore]> = [
  ['memory', () => new MemoryEkycStore()],
  ['sqlite', () => new SqliteEkycStore(openSqlite(':memory:'))],
  ['sqlite with a writer thread', withWriter],
];
// PostgreSQL runs only when DATABASE_URL points at a throwaway database.
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined) {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  // The tables stay: other files' services share this throwaway database while they run.
  afterAll(async () => {
    await sql.end();
  });
  stores.push(['postgres', () => new PostgresEkycStore(sql)]);
}
describe.skipIf(databaseUrl !== undefined)('postgres eKYC store', () => {
  it.skip('needs DATABASE_URL (see docs/server.md)', () => {});
});

for (const [name, make] of stores) {
  describe(`${name} eKYC store`, () => {
    it('hands a challenge out once, and only to its client', async () => {
      const s = make();
      const id = `ch_${Math.random().toString(36).slice(2)}`;
      const c = { id, clientId: 'a', nonce: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), expiresAt: 1234 };
      await s.putChallenge(c);
      expect(await s.takeChallenge('b', id)).toBeUndefined();
      const got = await s.takeChallenge('a', id);
      expect(got?.expiresAt).toBe(1234);
      expect([...(got?.nonce ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await s.takeChallenge('a', id)).toBeUndefined();
    });

    it('purges challenges that expired untaken, and keeps live ones', async () => {
      const s = make();
      const tag = Math.random().toString(36).slice(2);
      const nonce = new Uint8Array(8);
      await s.putChallenge({ id: `old_${tag}`, clientId: 'a', nonce, expiresAt: 1_000 });
      await s.putChallenge({ id: `live_${tag}`, clientId: 'a', nonce, expiresAt: 9_000_000_000_000 });
      expect(await s.purgeChallenges(2_000)).toBeGreaterThanOrEqual(1);
      expect(await s.takeChallenge('a', `old_${tag}`)).toBeUndefined();
      expect((await s.takeChallenge('a', `live_${tag}`))?.expiresAt).toBe(9_000_000_000_000);
    });

    it('keeps verification reports per client', async () => {
      const s = make();
      const id = `v_${Math.random().toString(36).slice(2)}`;
      await s.putVerifications([
        { id, clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: { ok: true } },
        { id: `${id}b`, clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: { ok: false } },
      ]);
      expect((await s.getVerification('a', `${id}b`))?.report).toEqual({ ok: false });
      expect((await s.getVerification('a', id))?.report).toEqual({ ok: true });
      expect(await s.getVerification('b', id)).toBeUndefined();
      // A report given already serialised is stored as is.
      await s.putVerifications([
        {
          id: `${id}j`,
          clientId: 'a',
          createdAt: '2026-01-01T00:00:00.000Z',
          report: undefined,
          reportJson: '{"ok":1}',
        },
      ]);
      expect((await s.getVerification('a', `${id}j`))?.report).toEqual({ ok: 1 });
      expect(await s.ping()).toBe(true);
    });
  });
}

describe('sqlite eKYC store group commit', () => {
  it('commits concurrent writes together and each caller sees its rows afterwards', async () => {
    const s = new SqliteEkycStore(openSqlite(':memory:'));
    const ids = Array.from({ length: 20 }, (_, i) => `g_${i}`);
    await Promise.all(
      ids.map((id) =>
        s.putVerifications([{ id, clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: { id } }]),
      ),
    );
    for (const id of ids) expect((await s.getVerification('a', id))?.report).toEqual({ id });
  });

  it('rejects every caller of a batch that cannot commit, and stores none of it', async () => {
    const s = new SqliteEkycStore(openSqlite(':memory:'));
    const row = { id: 'dup', clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: {} };
    const results = await Promise.allSettled([
      s.putVerifications([{ ...row, id: 'ok_1' }]),
      s.putVerifications([row, row]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await s.getVerification('a', 'ok_1')).toBeUndefined();
  });
});

describe('sqlite eKYC store writer thread', () => {
  it('commits concurrent writes and each caller reads its rows on the main connection afterwards', async () => {
    const s = withWriter();
    const ids = Array.from({ length: 20 }, (_, i) => `w_${i}`);
    await Promise.all(
      ids.map((id) =>
        s.putVerifications([{ id, clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: { id } }]),
      ),
    );
    for (const id of ids) expect((await s.getVerification('a', id))?.report).toEqual({ id });
  });

  it('rejects the callers of a commit that fails and stores none of its rows; others are unaffected', async () => {
    const s = withWriter();
    const row = { id: 'dup', clientId: 'a', createdAt: '2026-01-01T00:00:00.000Z', report: {} };
    await expect(s.putVerifications([{ ...row, id: 'w_ok' }, row, row])).rejects.toThrow();
    expect(await s.getVerification('a', 'w_ok')).toBeUndefined();
    await s.putVerifications([{ ...row, id: 'w_after' }]);
    expect((await s.getVerification('a', 'w_after'))?.report).toEqual({});
  });
});
