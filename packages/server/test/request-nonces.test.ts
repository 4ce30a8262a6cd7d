import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryNonceStore, type NonceStore } from '../src/nonce-cache.js';
import { PostgresNonceStore } from '../src/stores/request-nonces.js';

const TTL = 600_000;
const stores: Array<[string, () => NonceStore & { purge?: (now: number) => Promise<number> }]> = [
  ['memory', () => new MemoryNonceStore(TTL)],
];
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined) {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  afterAll(() => sql.end());
  stores.push(['postgres', () => new PostgresNonceStore(sql, TTL)]);
}
describe.skipIf(databaseUrl !== undefined)('postgres nonce store', () => {
  it.skip('needs DATABASE_URL (see docs/server.md)', () => {});
});

for (const [name, make] of stores) {
  describe(`${name} nonce store`, () => {
    it('refuses a live nonce once per key id, and accepts it again after it expires', async () => {
      const s = make();
      const nonce = randomBytes(18).toString('base64url');
      const t = 1_000_000;
      expect(await s.remember('k1', nonce, t)).toBe(true);
      expect(await s.remember('k1', nonce, t + 1)).toBe(false);
      expect(await s.remember('k2', nonce, t + 1)).toBe(true);
      expect(await s.remember('k1', nonce, t + TTL - 1)).toBe(false);
      expect(await s.remember('k1', nonce, t + TTL)).toBe(true);
      expect(await s.remember('k1', nonce, t + TTL + 1)).toBe(false);
    });
  });
}

describe.skipIf(databaseUrl === undefined)('postgres nonce store purge', () => {
  it('deletes expired nonces only', async () => {
    const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    const s = new PostgresNonceStore(sql, TTL);
    const old = randomBytes(18).toString('base64url');
    const live = randomBytes(18).toString('base64url');
    expect(await s.remember('k', old, 0)).toBe(true);
    expect(await s.remember('k', live, 9_000_000_000_000)).toBe(true);
    expect(await s.purge(TTL)).toBeGreaterThanOrEqual(1);
    const [{ n }] = await sql<
      Array<{ n: string }>
    >`SELECT count(*) AS n FROM dd_request_nonces WHERE nonce IN (${old}, ${live})`;
    expect(Number(n)).toBe(1);
    await sql.end();
  });
});
