import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHasher, digest, digestMany, HASH_ALGORITHMS, HASH_BACKENDS } from '../../src/hash/index.js';

// DINHDANH_SLOW=1 npx vitest run packages/core/test/hash/hash.slow.test.ts
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const oracle = (alg: string, data: Uint8Array): string => createHash(alg).update(data).digest('hex');
const BACKENDS = [...HASH_BACKENDS, 'auto'] as const;

describe('every backend equals node:crypto, many more and larger cases', () => {
  it('one-shot and streaming up to 70 KB (crosses the 16 KiB chunking several times)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BACKENDS),
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.uint8Array({ maxLength: 70_000 }),
        fc.array(fc.nat(70_000), { maxLength: 10 }),
        (backend, alg, data, cuts) => {
          const expected = oracle(alg, data);
          const h = createHasher(alg, { backend });
          let prev = 0;
          for (const p of [...cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b), data.length]) {
            h.update(data.subarray(prev, p));
            prev = p;
          }
          return hex(digest(alg, data, { backend })) === expected && hex(h.digest()) === expected;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('batches of up to 200 messages of mixed sizes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BACKENDS),
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 200 }),
        (backend, alg, messages) => {
          const got = digestMany(alg, messages, { backend }).map(hex);
          return got.length === messages.length && got.every((d, i) => d === oracle(alg, messages[i]!));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('every length from 0 to 1100 bytes, one-shot and in a batch of all of them', () => {
    const data = new Uint8Array(1100).map((_, i) => (i * 131 + 7) & 0xff);
    for (const alg of HASH_ALGORITHMS) {
      const messages = Array.from({ length: 1101 }, (_, n) => data.subarray(0, n));
      const expected = messages.map((m) => oracle(alg, m));
      for (const backend of BACKENDS) {
        expect(digestMany(alg, messages, { backend }).map(hex)).toEqual(expected);
        expect(messages.map((m) => hex(digest(alg, m, { backend })))).toEqual(expected);
      }
    }
  });
});
