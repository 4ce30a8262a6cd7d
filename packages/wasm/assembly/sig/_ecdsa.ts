// ECDSA verification (SEC 1 v2 §4.1.4, FIPS 186-5 §6.4.2) on a short-
// Weierstrass curve: u1 = e·s⁻¹, u2 = r·s⁻¹ mod n, R = u1·G + u2·Q,
// accept iff R ≠ O and x(R) ≡ r (mod n). u1·G always uses the curve's shared
// fixed-base table; u2·Q uses the key's table when prepared, otherwise a
// width-w NAF over odd multiples of Q. x(R) is compared without an inversion:
// x = X/Z², so check (r + j·n)·Z² = X for every r + j·n < p.
import { CL, dbl, isInf, madd, NBITS, NCTX, PCTX, pz, setInf, useCurve, XS } from './_ec';
import { modInv } from './_inv';
import { addTo, BBUF, cmp, copy, DIG1, DIG2, equal, IO, isZero, loadBE, reg, shrBits, subFrom } from './_mem';
import { montMul, montSqr, R2, toMont, useMod } from './_mont';
import { addFixed, affineToMont, oddMultiples, recodeFixed, recodeWnaf } from './_table';

export const IN_DIGEST: usize = 0;
export const IN_R: usize = 128;
export const IN_S: usize = 256;
export const IN_Q: usize = 512;

/**
 * IO holds the digest (dLen bytes), r and s (big-endian, rLen / sLen bytes),
 * and for a cold key the plain affine Q (x ‖ y limbs) at IN_Q. Returns 1 when
 * the signature verifies, else 0.
 */
export function ecdsaVerify(curve: usize, gTable: usize, gW: i32, qTable: usize, qW: i32, dLen: i32, rLen: i32, sLen: i32): i32 {
  useCurve(curve);
  const n = CL;
  const r = reg(1);
  const s = reg(2);
  const e = reg(3);
  const w = reg(4);
  const u1 = reg(5);
  const u2 = reg(6);
  // §4.1.4 step 1: r, s ∈ [1, n − 1].
  if (!loadBE(r, IO + IN_R, rLen, n) || !loadBE(s, IO + IN_S, sLen, n)) return 0;
  if (isZero(r, n) || isZero(s, n) || cmp(r, NCTX, n) >= 0 || cmp(s, NCTX, n) >= 0) return 0;
  // Steps 4–5: e = leftmost bitlen(n) bits of the digest, then reduce (e < 2^bitlen(n) < 2n).
  loadBE(e, IO + IN_DIGEST, dLen, 17);
  const excess = dLen * 8 - NBITS;
  if (excess > 0) shrBits(e, 17, excess);
  if (cmp(e, NCTX, n) >= 0) subFrom(e, NCTX, n);
  useMod(NCTX, n);
  if (!modInv(w, s, NCTX, n)) return 0;
  montMul(w, w, R2); // w·R
  montMul(u1, e, w); // e·w
  montMul(u2, r, w); // r·w
  useMod(PCTX, n);

  const acc = reg(10);
  setInf(acc);
  const gD = NBITS / gW + 1;
  if (qW > 0) {
    const qD = NBITS / qW + 1;
    recodeFixed(u2, n, qW, qD, DIG2);
    addFixed(acc, qTable, qW, qD, DIG2);
  } else {
    const ww = -qW;
    const q = reg(11);
    affineToMont(q, IO + IN_Q);
    oddMultiples(q, ww, BBUF);
    const len = recodeWnaf(u2, n, ww, DIG2);
    const entry = <usize>n << 3;
    for (let i = len - 1; i >= 0; i--) {
      dbl(acc);
      const v = load<i32>(DIG2 + (<usize>i << 2));
      if (v != 0) madd(acc, BBUF + <usize>(((v < 0 ? -v : v) - 1) >> 1) * entry, v < 0);
    }
  }
  recodeFixed(u1, n, gW, gD, DIG1);
  addFixed(acc, gTable, gW, gD, DIG1);
  if (isInf(acc)) return 0;

  const zz = reg(12);
  const cand = reg(13);
  const t = reg(14);
  montSqr(zz, pz(acc));
  copy(cand, r, n);
  while (cmp(cand, PCTX, n) < 0) {
    toMont(t, cand);
    montMul(t, t, zz);
    montMul(t, t, XS);
    if (equal(t, acc, n)) return 1;
    if (addTo(cand, NCTX, n) != 0) break;
  }
  return 0;
}
