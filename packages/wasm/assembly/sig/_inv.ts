// Modular inverse by the binary extended Euclidean algorithm (Menezes et al.,
// Handbook of Applied Cryptography, Alg. 14.61 adapted to an odd modulus),
// on plain (non-Montgomery) values, stripping up to 31 factors of two per
// pass. Variable-time; public data only.
import { addTo, cmp, copy, isZero, limb, reg, setLimb, subFrom, zero } from './_mem';

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

/**
 * r = a⁻¹ mod m for 0 < a < m, m odd; false when a has no inverse. r may alias a. `m` is a
 * modulus context (−m⁻¹ mod 2^32 follows the 4 blocks of n limbs, see _mont.ts).
 */
export function modInv(r: usize, a: usize, m: usize, n: i32): bool {
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
