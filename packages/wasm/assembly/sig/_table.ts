// Fixed-base tables and scalar recoding. A table for point P with window W
// holds, for every window i < D, the affine points d·2^(W·i)·P for
// d = 1 … 2^(W−1); a scalar recoded into signed digits |k_i| ≤ 2^(W−1)
// (Brickell–Gordon–McCurley–Wilson style fixed-base windowing) then costs
// D mixed additions and no doublings.
import { batchToAffine, CL, dbl, fieldInv, fromAffine, isInf, madd, px, py, pz, useCurve } from './_ec';
import { BATCH, copy, limb, reg, setLimb } from './_mem';
import { L, montMul, montSqr, R1, toMont } from './_mont';

/** Copies a plain affine point (x ‖ y, L limbs each) into Montgomery form at dst. */
export function affineToMont(dst: usize, src: usize): void {
  toMont(dst, src);
  toMont(dst + (<usize>L << 2), src + (<usize>L << 2));
}

/** Jacobian point p → affine at dst (p not at infinity). */
function toAffine(dst: usize, p: usize): void {
  const zi = reg(35);
  const t = reg(36);
  fieldInv(zi, pz(p));
  montSqr(t, zi);
  montMul(dst, px(p), t);
  montMul(t, t, zi);
  montMul(dst + (<usize>L << 2), py(p), t);
}

/** Writes the D-window table of the plain affine point at `src` to `out`. */
export function buildTable(curve: usize, src: usize, w: i32, d: i32, out: usize): void {
  useCurve(curve);
  const count = 1 << (w - 1);
  const l4 = <usize>CL << 2;
  const ptBytes: usize = 3 * l4;
  const prefix = BATCH + <usize>count * ptBytes;
  const base = reg(40);
  affineToMont(base, src);
  for (let i = 0; i < d; i++) {
    fromAffine(BATCH, base);
    for (let k = 1; k < count; k++) {
      const pk = BATCH + <usize>k * ptBytes;
      copy(pk, pk - ptBytes, 3 * CL);
      madd(pk, base, false);
    }
    batchToAffine(out + <usize>i * <usize>count * 2 * l4, BATCH, count, prefix);
    if (i + 1 < d) {
      const next = reg(41);
      copy(next, BATCH + <usize>(count - 1) * ptBytes, 3 * CL);
      dbl(next);
      toAffine(base, next);
    }
  }
}

/** w bits of k (n limbs) starting at bit `pos`; bits past the end read as 0. */
function bits(k: usize, n: i32, pos: i32, w: i32): i32 {
  const li = pos >> 5;
  if (li >= n) return 0;
  const sh = pos & 31;
  let v: u64 = <u64>limb(k, li) >> sh;
  if (sh + w > 32 && li + 1 < n) v |= <u64>limb(k, li + 1) << (32 - sh);
  return <i32>(v & ((1 << w) - 1));
}

/** Signed fixed-window digits of k: Σ dig[i]·2^(w·i) = k, |dig[i]| ≤ 2^(w−1). */
export function recodeFixed(k: usize, n: i32, w: i32, d: i32, dig: usize): void {
  const half = 1 << (w - 1);
  let carry = 0;
  for (let i = 0; i < d; i++) {
    let v = bits(k, n, i * w, w) + carry;
    carry = 0;
    if (v > half) {
      v -= 1 << w;
      carry = 1;
    }
    store<i32>(dig + (<usize>i << 2), v);
  }
}

/** acc += Σ dig[i]·2^(w·i)·P using P's table. */
export function addFixed(acc: usize, table: usize, w: i32, d: i32, dig: usize): void {
  const count = 1 << (w - 1);
  const entry = <usize>CL << 3;
  for (let i = 0; i < d; i++) {
    const v = load<i32>(dig + (<usize>i << 2));
    if (v == 0) continue;
    const idx = i * count + (v < 0 ? -v : v) - 1;
    madd(acc, table + <usize>idx * entry, v < 0);
  }
}

/** Width-(w+1) NAF of k (n limbs); returns the digit count. Digits are odd, |d| < 2^w. */
export function recodeWnaf(k: usize, n: i32, w: i32, dig: usize): i32 {
  const t = reg(42);
  copy(t, k, n);
  setLimb(t, n, 0);
  const mask = (1 << (w + 1)) - 1;
  const top = 1 << w;
  let len = 0;
  let nonzero = true;
  while (nonzero) {
    let v = 0;
    if (limb(t, 0) & 1) {
      v = <i32>(limb(t, 0) & <u32>mask);
      if (v >= top) v -= mask + 1;
      // t −= v (v odd, small): adjust the low limb and propagate.
      let c: i64 = <i64>limb(t, 0) - <i64>v;
      setLimb(t, 0, <u32>c);
      c >>= 32;
      for (let i = 1; i <= n && c != 0; i++) {
        c += <i64>limb(t, i);
        setLimb(t, i, <u32>c);
        c >>= 32;
      }
    }
    store<i32>(dig + (<usize>len << 2), v);
    len++;
    nonzero = false;
    for (let i = 0; i <= n; i++) {
      const lo = limb(t, i) >>> 1;
      const hi = i < n ? limb(t, i + 1) << 31 : 0;
      setLimb(t, i, lo | hi);
      if ((lo | hi) != 0) nonzero = true;
    }
  }
  return len;
}

/**
 * Odd multiples 1·Q, 3·Q, …, (2^w − 1)·Q of an affine Montgomery point, as affine at out, with one
 * inversion. With 2Q = (X, Y, Z), the isomorphism (x, y) ↦ (Z²x, Z³y) makes 2Q the affine point
 * (X, Y) of an isomorphic curve, where (2k + 1)·Q' = Q' + k·(X, Y) are mixed additions (their
 * formula does not involve a), and a point (X', Y', Z') found there is (X', Y', Z'·Z) here
 * (Meloni 2007, the same change of coordinates as co-Z addition). Q has order n, so no partial
 * sum ever meets ±2Q' and madd never takes its doubling branch.
 */
export function oddMultiples(q: usize, w: i32, out: usize): void {
  const count = 1 << (w - 1);
  const l4 = <usize>CL << 2;
  const ptBytes: usize = 3 * l4;
  const two = reg(43);
  const zz = reg(44);
  fromAffine(two, q);
  dbl(two);
  if (isInf(two)) {
    // Q of order 2 (only on curves with a cofactor): every odd multiple is Q itself.
    for (let k = 0; k < count; k++) copy(out + <usize>k * 2 * l4, q, 2 * CL);
    return;
  }
  montSqr(zz, pz(two));
  montMul(BATCH, q, zz);
  montMul(zz, zz, pz(two));
  montMul(py(BATCH), py(q), zz);
  copy(pz(BATCH), R1, CL);
  for (let k = 1; k < count; k++) {
    const pk = BATCH + <usize>k * ptBytes;
    copy(pk, pk - ptBytes, 3 * CL);
    madd(pk, two, false);
  }
  for (let k = 0; k < count; k++) {
    const zk = pz(BATCH + <usize>k * ptBytes);
    montMul(zk, zk, pz(two));
  }
  batchToAffine(out, BATCH, count, BATCH + <usize>count * ptBytes);
}
