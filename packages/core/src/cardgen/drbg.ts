/**
 * HMAC-DRBG with SHA-256 (NIST SP 800-90A Rev. 1 §10.1.2): the only source of
 * randomness in the card generator, so the same seed always yields the same
 * bytes. Test keys come from it, so it must never be used for real keys.
 *
 * Output is read through a 256-byte buffer refilled by the Generate function;
 * every value drawn is a deterministic function of (seed, label, draw order).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DinhdanhError } from '../errors/index.js';

const utf8 = new TextEncoder();
const BLOCK = 256;

export class Drbg {
  private k: Uint8Array = new Uint8Array(32);
  private v: Uint8Array = new Uint8Array(32).fill(1);
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;

  /** Instantiate (SP 800-90A §10.1.2.3) from a seed and a label (personalisation string). */
  constructor(seed: Uint8Array | string, label = '') {
    const s = typeof seed === 'string' ? utf8.encode(seed) : seed;
    this.update(concat(s, utf8.encode(`\u0000dinhdanh-cardgen\u0000${label}`)));
  }

  /** Update (§10.1.2.2). */
  private update(data?: Uint8Array): void {
    this.k = hmac(sha256, this.k, concat(this.v, Uint8Array.of(0), data ?? new Uint8Array(0)));
    this.v = hmac(sha256, this.k, this.v);
    if (data === undefined || data.length === 0) return;
    this.k = hmac(sha256, this.k, concat(this.v, Uint8Array.of(1), data));
    this.v = hmac(sha256, this.k, this.v);
  }

  /** Generate (§10.1.2.5) `n` bytes without additional input. */
  private generate(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      this.v = hmac(sha256, this.k, this.v);
      out.set(this.v.subarray(0, Math.min(32, n - o)), o);
    }
    this.update();
    return out;
  }

  /** The next `n` bytes of the stream. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      if (this.pos >= this.buf.length) {
        this.buf = this.generate(BLOCK);
        this.pos = 0;
      }
      const take = Math.min(n - o, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + take), o);
      this.pos += take;
      o += take;
    }
    return out;
  }

  /** Uniform integer in [0, n) by rejection sampling (no modulo bias); n ≤ 2^32. */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'range must be a positive integer ≤ 2^32', {
        status: 400,
      });
    }
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const b = this.bytes(4);
      const x = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  /** Uniform bigint in [1, n) (FIPS 186-5 A.2.2 style: rejection on the bit length of n). */
  scalar(n: bigint): bigint {
    const bits = n.toString(2).length;
    const len = Math.ceil(bits / 8);
    const excess = BigInt(len * 8 - bits);
    for (;;) {
      const x = bytesToBig(this.bytes(len)) >> excess;
      if (x >= 1n && x < n) return x;
    }
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.below(1_000_000) < Math.round(p * 1_000_000);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** Picks by weight from [item, weight] pairs. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = this.below(total);
    for (const [item, w] of table) {
      if (x < w) return item;
      x -= w;
    }
    return table[table.length - 1]![0];
  }
}

export function bytesToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/** Unsigned big-endian bytes of `n`, left-padded to `len` bytes. */
export function bigToBytes(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  if (n !== 0n) {
    throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'integer does not fit the requested length', {
      status: 500,
    });
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
