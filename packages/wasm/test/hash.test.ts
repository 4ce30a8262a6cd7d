import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DinhdanhError } from '../src/errors.js';
import {
  BATCH_BYTES,
  CHUNK_BYTES,
  createHashState,
  digest,
  digestBatch,
  digestMany,
  HASH_ALGORITHMS,
  HASH_INFO,
  type HashAlgorithm,
} from '../src/hash.js';

interface Vectors {
  messages: Record<string, { ascii?: string; repeat?: string; times?: number }>;
  digests: Record<HashAlgorithm, Record<string, string>>;
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../fixtures/fips180-4/vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const message = (name: string): Uint8Array => {
  const m = vectors.messages[name]!;
  return new TextEncoder().encode(m.ascii ?? m.repeat!.repeat(m.times!));
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const oracle = (alg: HashAlgorithm, ...parts: Uint8Array[]): string => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DinhdanhError) return e.code;
    throw e;
  }
  throw new Error('expected a DinhdanhError');
};

describe('FIPS 180-4 known answers', () => {
  for (const alg of HASH_ALGORITHMS) {
    for (const [name, expected] of Object.entries(vectors.digests[alg])) {
      it(`${alg} ${name}: one-shot, streaming, batch`, () => {
        const m = message(name);
        expect(hex(digest(alg, m))).toBe(expected);
        const s = createHashState(alg);
        for (let i = 0; i < m.length; i += 1000) s.update(m.subarray(i, i + 1000));
        expect(hex(s.digest())).toBe(expected);
        const [d] = digestMany(alg, [m]);
        expect(hex(d!)).toBe(expected);
      });
    }
  }
});

describe('padding boundaries and lengths, against node:crypto', () => {
  // 55/56/64 are where SHA-1/224/256 padding needs a second block (§5.1.1);
  // 111/112/128 the same for SHA-384/512 (§5.1.2).
  const lengths = [0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 1000, 20_000];
  for (const alg of HASH_ALGORITHMS) {
    it(`${alg}: ${lengths.join(', ')} bytes`, () => {
      for (const n of lengths) {
        const m = randomBytes(n);
        expect(hex(digest(alg, m)), `${n} bytes`).toBe(oracle(alg, m));
      }
    });
    it(`${alg}: 1 MiB and CHUNK_BYTES ± 1 (inputs stream through the kernel in chunks)`, () => {
      for (const n of [CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 1 << 20]) {
        const m = randomBytes(n);
        expect(hex(digest(alg, m)), `${n} bytes`).toBe(oracle(alg, m));
      }
    });
  }
});

describe('streaming', () => {
  it('random split points give the one-shot digest', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.uint8Array({ maxLength: 700 }),
        fc.array(fc.nat(700), { maxLength: 8 }),
        (alg, data, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          const s = createHashState(alg);
          let prev = 0;
          for (const p of [...points, data.length]) {
            s.update(data.subarray(prev, p));
            prev = p;
          }
          return hex(s.digest()) === oracle(alg, data);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('many states can be open at once and do not disturb each other', () => {
    const a = randomBytes(300);
    const b = randomBytes(500);
    const s1 = createHashState('sha256');
    const s2 = createHashState('sha512');
    const s3 = createHashState('sha256');
    for (let i = 0; i < 300; i += 37) {
      s1.update(a.subarray(i, i + 37));
      s2.update(b.subarray(i, Math.min(i + 37, 300)));
      s3.update(b.subarray(i, Math.min(i + 37, 300)));
      expect(hex(digest('sha1', a))).toBe(oracle('sha1', a)); // one-shot calls in between
    }
    // The loop fed a[0, 300) and b[0, 300); the rest of b:
    s2.update(b.subarray(300));
    s3.update(b.subarray(300));
    expect(hex(s1.digest())).toBe(oracle('sha256', a));
    expect(hex(s2.digest())).toBe(oracle('sha512', b));
    expect(hex(s3.digest())).toBe(oracle('sha256', b));
  });

  it('a finished state refuses more work', () => {
    const s = createHashState('sha384');
    s.update(new Uint8Array(3));
    s.digest();
    expect(code(() => s.update(new Uint8Array(1)))).toBe('DD_HASH_FINALIZED');
    expect(code(() => s.digest())).toBe('DD_HASH_FINALIZED');
  });
});

describe('batches', () => {
  it('digestMany equals node:crypto for random batch shapes (four SIMD lanes and one-by-one)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        (alg, messages) => {
          const got = digestMany(alg, messages).map(hex);
          return got.length === messages.length && got.every((d, i) => d === oracle(alg, messages[i]!));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uniform batches (shared padding block in all lanes) around the 64-byte boundaries', () => {
    for (const alg of ['sha1', 'sha224', 'sha256'] as const) {
      for (const size of [0, 55, 56, 60, 63, 64, 100, 119, 120, 128]) {
        for (const count of [1, 3, 4, 5, 9]) {
          const messages = Array.from({ length: count }, () => randomBytes(size));
          const got = digestMany(alg, messages).map(hex);
          expect(got, `${alg} ${count} × ${size} B`).toEqual(messages.map((m) => oracle(alg, m)));
        }
      }
    }
  });

  it('digestBatch over a flat buffer with gaps equals node:crypto', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.array(fc.record({ gap: fc.nat(20), len: fc.nat(200) }), { maxLength: 16 }),
        (alg, shape) => {
          const offsets: number[] = [];
          const lengths: number[] = [];
          let at = 0;
          for (const { gap, len } of shape) {
            offsets.push(at + gap);
            lengths.push(len);
            at += gap + len;
          }
          const data = randomBytes(at + 3);
          const flat = digestBatch(alg, data, offsets, lengths);
          const n = HASH_INFO[alg].digestBytes;
          return shape.every(
            (_, i) =>
              hex(flat.subarray(i * n, (i + 1) * n)) ===
              oracle(alg, data.subarray(offsets[i]!, offsets[i]! + lengths[i]!)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('batches larger than memory grow it, split at BATCH_BYTES, and views stay fresh afterwards', () => {
    const big = [randomBytes(3 << 20), randomBytes(5), randomBytes(BATCH_BYTES + 10), randomBytes(70)];
    expect(digestMany('sha256', big).map(hex)).toEqual(big.map((m) => oracle('sha256', m)));
    const small = randomBytes(100);
    expect(hex(digest('sha256', small))).toBe(oracle('sha256', small));
    const flat = Buffer.concat(big);
    const offsets = [0, big[0]!.length, big[0]!.length + 5, flat.length - 70];
    const lengths = big.map((m) => m.length);
    const out = digestBatch('sha512', flat, offsets, lengths);
    big.forEach((m, i) => {
      expect(hex(out.subarray(i * 64, (i + 1) * 64))).toBe(oracle('sha512', m));
    });
  });

  it('returns copies, never views into wasm memory', () => {
    const a = digest('sha256', new Uint8Array([1]));
    const [b] = digestMany('sha256', [new Uint8Array([1])]);
    const again = hex(a);
    digest('sha256', randomBytes(2 << 20));
    expect(hex(a)).toBe(again);
    expect(hex(b!)).toBe(again);
    expect(a.buffer.byteLength).toBe(32);
  });
});

describe('bad input gets a typed error, never a trap', () => {
  it('non-Uint8Array data', () => {
    for (const bad of ['abc', 42, null, undefined, [1, 2], new Uint16Array(2), new ArrayBuffer(4), {}]) {
      expect(code(() => digest('sha256', bad as unknown as Uint8Array))).toBe('DD_HASH_BAD_INPUT');
      expect(code(() => createHashState('sha1').update(bad as unknown as Uint8Array))).toBe(
        'DD_HASH_BAD_INPUT',
      );
      expect(code(() => digestMany('sha1', [new Uint8Array(1), bad as unknown as Uint8Array]))).toBe(
        'DD_HASH_BAD_INPUT',
      );
    }
    expect(code(() => digestMany('sha1', 'x' as unknown as Uint8Array[]))).toBe('DD_HASH_BAD_INPUT');
  });

  it('detached buffers', () => {
    const buf = new ArrayBuffer(16);
    const view = new Uint8Array(buf, 4, 8);
    structuredClone(buf, { transfer: [buf] });
    expect(code(() => digest('sha256', view))).toBe('DD_HASH_DETACHED_BUFFER');
    expect(code(() => digestMany('sha256', [view]))).toBe('DD_HASH_DETACHED_BUFFER');
    // An empty array over a live buffer is fine: the empty message.
    expect(hex(digest('sha256', new Uint8Array(0)))).toBe(oracle('sha256', new Uint8Array(0)));
  });

  it('unknown algorithm', () => {
    expect(code(() => digest('md5' as HashAlgorithm, new Uint8Array(1)))).toBe('DD_HASH_UNKNOWN_ALGORITHM');
    expect(code(() => createHashState('toString' as HashAlgorithm))).toBe('DD_HASH_UNKNOWN_ALGORITHM');
  });

  it('negative, non-integer, out-of-range, overlapping, out-of-order and mismatched batch ranges', () => {
    const data = new Uint8Array(100);
    const cases: [number[], number[]][] = [
      [[-1], [5]],
      [[0], [-5]],
      [[1.5], [2]],
      [[0], [Number.NaN]],
      [[90], [11]],
      [
        [0, 10],
        [20, 5],
      ], // overlaps
      [
        [50, 10],
        [5, 5],
      ], // out of order
      [[0, 1], [1]], // counts differ
    ];
    for (const [offsets, lengths] of cases) {
      expect(
        code(() => digestBatch('sha256', data, offsets, lengths)),
        `${offsets} / ${lengths}`,
      ).toBe('DD_HASH_BAD_BATCH');
    }
    // Touching ranges and empty messages are fine.
    const ok = digestBatch('sha256', data, [0, 10, 10], [10, 0, 90]);
    expect(ok.length).toBe(96);
  });
});
