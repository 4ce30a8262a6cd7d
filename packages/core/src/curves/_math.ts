/**
 * Small bigint helpers for validating curve parameters and decoding points.
 * Used once per key or explicit curve, never per signature, so clarity wins
 * over speed here.
 */
export const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

export function powMod(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  let b = mod(base, m);
  while (exp > 0n) {
    if (exp & 1n) r = (r * b) % m;
    b = (b * b) % m;
    exp >>= 1n;
  }
  return r;
}

export const invMod = (a: bigint, p: bigint): bigint => powMod(a, p - 2n, p);

export const bitLength = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

// Miller–Rabin with the first 24 primes as bases: deterministic far beyond
// 2^64 and, for adversarial inputs of curve size, an error probability below
// 4^-24 per composite (FIPS 186-5 Appendix B.3 asks for fewer rounds).
const SMALL_PRIMES = [
  2n,
  3n,
  5n,
  7n,
  11n,
  13n,
  17n,
  19n,
  23n,
  29n,
  31n,
  37n,
  41n,
  43n,
  47n,
  53n,
  59n,
  61n,
  67n,
  71n,
  73n,
  79n,
  83n,
  89n,
];

export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (const q of SMALL_PRIMES) {
    if (n === q) return true;
    if (n % q === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (const a of SMALL_PRIMES) {
    let x = powMod(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

/** Square root mod an odd prime p (Tonelli–Shanks), or undefined for a non-residue. */
export function sqrtMod(a: bigint, p: bigint): bigint | undefined {
  a = mod(a, p);
  if (a === 0n) return 0n;
  if (powMod(a, (p - 1n) >> 1n, p) !== 1n) return undefined;
  if (p % 4n === 3n) return powMod(a, (p + 1n) >> 2n, p);
  let q = p - 1n;
  let s = 0n;
  while ((q & 1n) === 0n) {
    q >>= 1n;
    s++;
  }
  let z = 2n;
  while (powMod(z, (p - 1n) >> 1n, p) !== p - 1n) z++;
  let m = s;
  let c = powMod(z, q, p);
  let t = powMod(a, q, p);
  let r = powMod(a, (q + 1n) >> 1n, p);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % p;
      i++;
    }
    const b = powMod(c, 1n << (m - i - 1n), p);
    m = i;
    c = (b * b) % p;
    t = (t * c) % p;
    r = (r * b) % p;
  }
  return r;
}

/** Integer square root (floor). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
