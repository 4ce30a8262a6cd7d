// Modular inverse by the binary extended Euclidean algorithm on plain
// (non-Montgomery) values. The fast path batches 29 binary-GCD steps on
// 64-bit approximations of the two values (their low 29 and top 35 bits) and
// applies the resulting 2×2 matrix to the full numbers once (Pornin,
// "Optimized Binary GCD for Modular Inversion", IACR ePrint 2020/972 §2), so
// full-length work drops by about 29×. The bit-by-bit algorithm (Menezes et
// al., Handbook of Applied Cryptography, Alg. 14.61 adapted to an odd
// modulus) remains the fallback should the batches ever stall. Variable-time;
// public data only.
import { addTo, bitLen, cmp, copy, isZero, limb, reg, setLimb, subFrom, zero } from './_mem';

function isOne(a: usize, n: i32): bool {
  if (limb(a, 0) != 1) return false;
  for (let i = 1; i < n; i++) if (limb(a, i) != 0) return false;
  return true;
}

/** a >>= k for 1 ≤ k ≤ 31. */
function shrK(a: usize, n: i32, k: u32): void {
  for (let i = 0; i < n - 1; i++) setLimb(a, i, (limb(a, i) >>> k) | (limb(a, i + 1) << (32 - k)));
  setLimb(a, n - 1, limb(a, n - 1) >>> k);
}

/**
 * x = x·2^−k mod m for x < m, 1 ≤ k ≤ 31: add t·m with t = −x·m⁻¹ mod 2^k so the low k bits
 * vanish, then shift (Montgomery's reduction by one partial word). The result stays below m.
 */
function divPow2(x: usize, m: usize, n: i32, k: u32, minv: u32): void {
  const t = <u64>((limb(x, 0) * minv) & ((<u32>1 << k) - 1));
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    c += <u64>limb(x, i) + t * <u64>limb(m, i);
    setLimb(x, i, <u32>c);
    c >>= 32;
  }
  for (let i = 0; i < n - 1; i++) setLimb(x, i, (limb(x, i) >>> k) | (limb(x, i + 1) << (32 - k)));
  setLimb(x, n - 1, (limb(x, n - 1) >>> k) | (<u32>c << (32 - k)));
}

/** Strips the trailing zero bits of the even value u, dividing x by the same power of two mod m. */
function stripTwos(u: usize, x: usize, m: usize, n: i32, minv: u32): void {
  while ((limb(u, 0) & 1) == 0) {
    let k = ctz(limb(u, 0));
    if (k > 31) k = 31;
    shrK(u, n, k);
    divPow2(x, m, n, k, minv);
  }
}

function subMod(x: usize, y: usize, m: usize, n: i32): void {
  if (subFrom(x, y, n) != 0) addTo(x, m, n);
}

/** Binary-GCD steps per batch: |f|, |g| ≤ 2^K keeps f·x + g·y + carry inside an i64. */
const K: i32 = 29;
const KMASK: u64 = (1 << K) - 1;

/** 64 bits approximating x: its low K bits and its bits [len − (64 − K), len). */
function approx(x: usize, n: i32, len: i32): u64 {
  const lo = <u64>limb(x, 0) & KMASK;
  const pos = len - (64 - K);
  const li = pos >> 5;
  const sh = <u64>(pos & 31);
  let v: u64 = <u64>limb(x, li) | (li + 1 < n ? <u64>limb(x, li + 1) << 32 : 0);
  v >>= sh;
  if (sh != 0 && li + 2 < n) v |= <u64>limb(x, li + 2) << (64 - sh);
  return lo | ((v & ((<u64>1 << (64 - K)) - 1)) << K);
}

/** 64 bits of x (n ≥ 2 limbs) when it is below 2^64. */
function low64(x: usize): u64 {
  return <u64>limb(x, 0) | (<u64>limb(x, 1) << 32);
}

/** out = |f·x + g·y| / 2^K (exact division); returns true when f·x + g·y < 0. n + 1 limbs of scratch at t. */
function linComb(out: usize, x: usize, y: usize, f: i64, g: i64, n: i32, t: usize): bool {
  let c: i64 = 0;
  for (let i = 0; i < n; i++) {
    const v = f * <i64>limb(x, i) + g * <i64>limb(y, i) + c;
    setLimb(t, i, <u32>v);
    c = v >> 32;
  }
  setLimb(t, n, <u32>c);
  const neg = c < 0;
  if (neg) {
    let b: i64 = 0;
    for (let i = 0; i <= n; i++) {
      const v = b - <i64>limb(t, i);
      setLimb(t, i, <u32>v);
      b = v >> 32;
    }
  }
  for (let i = 0; i < n; i++) setLimb(out, i, (limb(t, i) >>> K) | (limb(t, i + 1) << (32 - K)));
  return neg;
}

/**
 * out = (f·x + g·y)·2^−K mod m for x, y < m: negative coefficients use m − x, the sum (< 2^(K+1)·m)
 * gets the multiple of m that clears its low K bits, and the quotient (< 3m) is reduced.
 */
function linCombMod(out: usize, x: usize, y: usize, f: i64, g: i64, m: usize, n: i32, minv: u32, t: usize): void {
  const xs = reg(56);
  const ys = reg(57);
  if (f < 0) {
    copy(xs, m, n);
    subFrom(xs, x, n);
    f = -f;
  } else copy(xs, x, n);
  if (g < 0) {
    copy(ys, m, n);
    subFrom(ys, y, n);
    g = -g;
  } else copy(ys, y, n);
  const uf = <u64>f;
  const ug = <u64>g;
  // t = f·xs + g·ys, then t += q·m with q = −t·m⁻¹ mod 2^K: f, g ≤ 2^K, so each step stays below 2^64.
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    const v = uf * <u64>limb(xs, i) + (c & 0xffffffff);
    const w = ug * <u64>limb(ys, i) + (v & 0xffffffff);
    setLimb(t, i, <u32>w);
    c = (v >> 32) + (w >> 32) + (c >> 32);
  }
  setLimb(t, n, <u32>c);
  setLimb(t, n + 1, <u32>(c >> 32));
  const q = <u64>((limb(t, 0) * minv) & <u32>KMASK);
  c = 0;
  for (let i = 0; i < n; i++) {
    const v = q * <u64>limb(m, i) + <u64>limb(t, i) + c;
    setLimb(t, i, <u32>v);
    c = v >> 32;
  }
  for (let i = n; i <= n + 1; i++) {
    const v = <u64>limb(t, i) + c;
    setLimb(t, i, <u32>v);
    c = v >> 32;
  }
  for (let i = 0; i <= n; i++) setLimb(t, i, (limb(t, i) >>> K) | (limb(t, i + 1) << (32 - K)));
  setLimb(t, n + 1, 0);
  while (limb(t, n) != 0 || cmp(t, m, n) >= 0) {
    const b = subFrom(t, m, n);
    setLimb(t, n, limb(t, n) - b);
  }
  copy(out, t, n);
}

/**
 * r = a⁻¹ mod m for 0 < a < m, m odd; false when a has no inverse. r may alias a. `m` is a
 * modulus context (−m⁻¹ mod 2^32 follows the 4 blocks of n limbs, see _mont.ts).
 * Invariants: x1·a ≡ u and x2·a ≡ v (mod m); each batch maps (u, v) and (x1, x2) by the same
 * matrix divided by 2^K, and ends with u = 0, v = gcd(a, m).
 */
export function modInv(r: usize, a: usize, m: usize, n: i32): bool {
  if (n < 2) return modInvBits(r, a, m, n);
  const minv = load<u32>(m + (<usize>n << 4));
  const u = reg(50);
  const v = reg(51);
  const x1 = reg(52);
  const x2 = reg(53);
  const nu = reg(54);
  const nx = reg(55);
  const t = reg(58);
  copy(u, a, n);
  copy(v, m, n);
  zero(x1, n);
  setLimb(x1, 0, 1);
  zero(x2, n);
  if (isZero(u, n)) return false;
  // Each batch shortens u and v by about K − 1 bits together; the bound only guards against a stall.
  const maxBatches = (64 * n) / (K - 2) + 4;
  for (let batch = 0; batch < maxBatches; batch++) {
    if (isZero(u, n)) {
      if (limb(v, 0) != 1 || bitLen(v, n) != 1) return false; // gcd(a, m) > 1
      copy(r, x2, n);
      return true;
    }
    const lu = bitLen(u, n);
    const lv = bitLen(v, n);
    const len = lu > lv ? lu : lv;
    let au: u64;
    let av: u64;
    if (len <= 64) {
      au = low64(u);
      av = low64(v);
    } else {
      au = approx(u, n, len);
      av = approx(v, n, len);
    }
    let f0: i64 = 1;
    let g0: i64 = 0;
    let f1: i64 = 0;
    let g1: i64 = 1;
    for (let i = 0; i < K; i++) {
      if (au & 1) {
        if (au < av) {
          const ta = au;
          au = av;
          av = ta;
          const tf = f0;
          f0 = f1;
          f1 = tf;
          const tg = g0;
          g0 = g1;
          g1 = tg;
        }
        au -= av;
        f0 -= f1;
        g0 -= g1;
      }
      au >>= 1;
      f1 <<= 1;
      g1 <<= 1;
    }
    if (linComb(nu, u, v, f0, g0, n, t)) {
      f0 = -f0;
      g0 = -g0;
    }
    if (linComb(v, u, v, f1, g1, n, t)) {
      f1 = -f1;
      g1 = -g1;
    }
    copy(u, nu, n);
    linCombMod(nx, x1, x2, f0, g0, m, n, minv, t);
    linCombMod(x2, x1, x2, f1, g1, m, n, minv, t);
    copy(x1, nx, n);
  }
  return modInvBits(r, a, m, n);
}

/** The bit-by-bit binary algorithm (HAC Alg. 14.61 for an odd modulus). */
function modInvBits(r: usize, a: usize, m: usize, n: i32): bool {
  const minv = load<u32>(m + (<usize>n << 4));
  const u = reg(50);
  const v = reg(51);
  const x1 = reg(52);
  const x2 = reg(53);
  copy(u, a, n);
  copy(v, m, n);
  zero(x1, n);
  setLimb(x1, 0, 1);
  zero(x2, n);
  if (isZero(u, n)) return false;
  while (!isOne(u, n) && !isOne(v, n)) {
    stripTwos(u, x1, m, n, minv);
    stripTwos(v, x2, m, n, minv);
    if (cmp(u, v, n) >= 0) {
      subFrom(u, v, n);
      subMod(x1, x2, m, n);
      if (isZero(u, n)) return false; // gcd(a, m) > 1
    } else {
      subFrom(v, u, n);
      subMod(x2, x1, m, n);
    }
  }
  copy(r, isOne(u, n) ? x1 : x2, n);
  return true;
}
