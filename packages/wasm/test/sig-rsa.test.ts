// The sig kernel's RSA public-key operation (30-/29-/28-bit SIMD Montgomery
// ladder) against BigInt square-and-multiply on random odd moduli of
// 1024–8192 bits, including moduli whose top limb holds a single bit and the
// edge signatures 0, 1, n − 1 and values ≥ n (rejected).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeRsaKey, loadRsaKey, rsaPublic } from '../src/sig.js';

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const toBytes = (x: bigint, len: number): Uint8Array => {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0 && x > 0n; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};
const fromBytes = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const minimal = (x: bigint): Uint8Array => toBytes(x, Math.max(1, (x.toString(16).length + 1) >> 1));

/** Sizes whose top limb holds one bit, for the 29-bit (≤ 3246 bits) and 28-bit layouts. */
const ONE_BIT_TOP = [29 * 36 + 1, 29 * 70 + 1, 29 * 111 + 1, 28 * 116 + 1, 28 * 146 + 1, 28 * 292 + 1];

const modulus = fc
  .tuple(fc.oneof(fc.integer({ min: 1024, max: 8192 }), fc.constantFrom(...ONE_BIT_TOP)), fc.bigInt())
  .map(([bits, seed]) => {
    const top = 1n << BigInt(bits - 1);
    const r = (seed < 0n ? -seed : seed) * 0x9e3779b97f4a7c15n;
    return { bits, n: top | (r % top) | 1n };
  });

const exponent = fc.oneof(
  fc.constant(65537n),
  fc.constant(3n),
  fc.constant(1n),
  fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 1n, max: (1n << 300n) - 1n }),
);

/** The signature as a fraction-driven choice: an edge value or a random one. */
const signature = fc.tuple(fc.constantFrom('0', '1', 'n-1', 'n', 'max', 'rand', 'rand'), fc.bigInt());

describe('sig kernel RSA public-key operation', () => {
  it('equals BigInt modPow on random moduli, exponents and signatures (cold and prepared)', () => {
    fc.assert(
      fc.property(modulus, exponent, signature, fc.boolean(), ({ bits, n }, e, [kind, seed], prepare) => {
        const k = (bits + 7) >> 3;
        const max = (1n << BigInt(8 * k)) - 1n;
        const abs = seed < 0n ? -seed : seed;
        const s =
          kind === '0'
            ? 0n
            : kind === '1'
              ? 1n
              : kind === 'n-1'
                ? n - 1n
                : kind === 'n'
                  ? n
                  : kind === 'max'
                    ? max
                    : (abs * 0x5851f42d4c957f2dn) % n;
        const key = loadRsaKey(n, minimal(e), prepare);
        try {
          const out = rsaPublic(key, toBytes(s, k));
          if (s >= n) expect(out).toBeUndefined();
          else expect(fromBytes(out!)).toBe(modPow(s, e, n));
        } finally {
          freeRsaKey(key);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('keeps a key loaded after others of other sizes (padding of shared scratch arrays)', () => {
    const n1 = (1n << 8191n) | 0x1234567n;
    const n2 = (1n << 1023n) | 0xabcdefn | 1n;
    const big = loadRsaKey(n1 | 1n, minimal(65537n), true);
    const small = loadRsaKey(n2, minimal(65537n), true);
    const s1 = (1n << 8000n) + 12345n;
    const s2 = (1n << 1000n) + 99n;
    for (let i = 0; i < 3; i++) {
      expect(fromBytes(rsaPublic(big, toBytes(s1, 1024))!)).toBe(modPow(s1, 65537n, n1 | 1n));
      expect(fromBytes(rsaPublic(small, toBytes(s2, 128))!)).toBe(modPow(s2, 65537n, n2));
    }
    freeRsaKey(big);
    freeRsaKey(small);
  });

  it('rejects even moduli and a signature of the wrong length with typed errors, not traps', () => {
    expect(() => loadRsaKey((1n << 2047n) | 2n, minimal(65537n))).toThrow(RangeError);
    expect(() => loadRsaKey(1n << 8200n, minimal(65537n))).toThrow(RangeError);
    const key = loadRsaKey((1n << 2047n) | 1n, minimal(65537n));
    expect(() => rsaPublic(key, new Uint8Array(255))).toThrow(RangeError);
    freeRsaKey(key);
  });
});
