// Short-Weierstrass point arithmetic in Jacobian coordinates (X/Z², Y/Z³),
// field elements in Montgomery form. Formulas from the Explicit-Formulas
// Database (Bernstein–Lange): dbl-2004-hmv for a = −3, dbl-2007-bl for any a,
// madd-2004-hmv for Jacobian + affine (8M + 3S and seven additions). Z = 0 is the point at infinity.
//
// A curve context (written by the loader):
//   u32 pCtx, u32 nCtx, u32 L, u32 aKind (0 any, 1 a = −3, 2 a = 0), u32 nBits, pad[3], aM[L], xsM[L]
// where xsM (Montgomery form) scales x before the final comparison: the loader may run a
// curve as an isomorphic one, (x, y) ↦ (u²x, u³y), and then passes u² here (else 1).
import { modInv } from './_inv';
import { copy, isZero, limb, reg, setLimb, zero } from './_mem';
import { L, M, modAdd, modSub, montMul, montSqr, R1, R3, useMod } from './_mont';

export let CL: i32 = 0;
export let PCTX: usize = 0;
export let NCTX: usize = 0;
export let AKIND: u32 = 0;
export let NBITS: i32 = 0;
let AM: usize = 0;
export let XS: usize = 0;

export function useCurve(curve: usize): void {
  PCTX = <usize>load<u32>(curve);
  NCTX = <usize>load<u32>(curve, 4);
  CL = <i32>load<u32>(curve, 8);
  AKIND = load<u32>(curve, 12);
  NBITS = <i32>load<u32>(curve, 16);
  AM = curve + 32;
  XS = AM + (<usize>CL << 2);
  useMod(PCTX, CL);
}

@inline export function px(p: usize): usize {
  return p;
}
@inline export function py(p: usize): usize {
  return p + (<usize>L << 2);
}
@inline export function pz(p: usize): usize {
  return p + (<usize>L << 3);
}

export function isInf(p: usize): bool {
  return isZero(pz(p), L);
}

export function setInf(p: usize): void {
  zero(pz(p), L);
}

/** p = (x, y, 1) from an affine point (x at a, y at a + L limbs). */
export function fromAffine(p: usize, a: usize): void {
  copy(p, a, L << 1);
  copy(pz(p), R1, L);
}

/** r = a/2 mod p for a < p: (a + p)/2 when a is odd; r may alias a. */
function half(r: usize, a: usize): void {
  const mask: u64 = 0 - <u64>(limb(a, 0) & 1);
  let c: u64 = 0;
  let prev: u32 = 0;
  for (let i = 0; i < L; i++) {
    c += <u64>limb(a, i) + (<u64>limb(M, i) & mask);
    const v = <u32>c;
    c >>= 32;
    if (i > 0) setLimb(r, i - 1, (prev >>> 1) | (v << 31));
    prev = v;
  }
  setLimb(r, L - 1, (prev >>> 1) | (<u32>c << 31));
}

/** p = 2p. */
export function dbl(p: usize): void {
  if (isInf(p)) return;
  const X = px(p);
  const Y = py(p);
  const Z = pz(p);
  const t0 = reg(20);
  const t1 = reg(21);
  const t2 = reg(22);
  const t3 = reg(23);
  const t4 = reg(24);
  if (AKIND == 1) {
    // dbl-2004-hmv (a = −3): alpha = 3(X − Z²)(X + Z²), Z3 = 2Y·Z, 4beta = (2Y)²·X,
    // X3 = alpha² − 8beta, Y3 = alpha(4beta − X3) − ((2Y)²)²/2: 4M + 4S and nine additions.
    montSqr(t0, Z);
    modSub(t1, X, t0);
    modAdd(t0, X, t0);
    montMul(t1, t1, t0);
    modAdd(t0, t1, t1);
    modAdd(t1, t0, t1); // alpha
    modAdd(t2, Y, Y); // 2Y
    montMul(Z, t2, Z);
    montSqr(t2, t2); // 4Y²
    montMul(t3, t2, X); // 4beta
    montSqr(t2, t2);
    half(t2, t2); // 8Y⁴
    montSqr(X, t1);
    modAdd(t0, t3, t3);
    modSub(X, X, t0);
    modSub(t3, t3, X);
    montMul(t3, t3, t1);
    modSub(Y, t3, t2);
    return;
  }
  // dbl-2007-bl: XX = X², YY = Y², YYYY = YY², ZZ = Z², S = 2((X + YY)² − XX − YYYY),
  // M = 3XX + a·ZZ², T = M² − 2S, X3 = T, Y3 = M(S − T) − 8YYYY, Z3 = 2·Y·Z
  montSqr(t0, X); // XX
  montSqr(t1, Y); // YY
  montSqr(t2, t1); // YYYY
  montSqr(t3, Z); // ZZ
  modAdd(t4, X, t1);
  montSqr(t4, t4);
  modSub(t4, t4, t0);
  modSub(t4, t4, t2);
  modAdd(t4, t4, t4); // S
  // Z3 = 2·Y·Z first (needs the old Y and Z)
  montMul(Z, Y, Z);
  modAdd(Z, Z, Z);
  // M
  modAdd(t1, t0, t0);
  modAdd(t0, t1, t0); // 3XX
  if (AKIND != 2) {
    montSqr(t3, t3);
    montMul(t3, t3, AM);
    modAdd(t0, t0, t3);
  }
  montSqr(X, t0);
  modSub(X, X, t4);
  modSub(X, X, t4); // T
  modSub(t4, t4, X);
  montMul(Y, t0, t4);
  modAdd(t2, t2, t2);
  modAdd(t2, t2, t2);
  modAdd(t2, t2, t2);
  modSub(Y, Y, t2);
}

/** p += (x, y) affine (y at a + L limbs); `neg` adds (x, −y). */
export function madd(p: usize, a: usize, neg: bool): void {
  const x2 = a;
  let y2 = a + (<usize>L << 2);
  if (neg) {
    const ny = reg(30);
    zero(ny, L);
    modSub(ny, ny, y2);
    y2 = ny;
  }
  if (isInf(p)) {
    copy(p, x2, L);
    copy(py(p), y2, L);
    copy(pz(p), R1, L);
    return;
  }
  const X = px(p);
  const Y = py(p);
  const Z = pz(p);
  const h = reg(25);
  const r = reg(26);
  const t0 = reg(27);
  const t1 = reg(28);
  montSqr(t0, Z); // Z1²
  montMul(r, t0, Z); // Z1³
  montMul(h, t0, x2);
  modSub(h, h, X); // H = x2·Z1² − X1
  montMul(r, r, y2);
  modSub(r, r, Y); // R = y2·Z1³ − Y1
  if (isZero(h, L)) {
    if (isZero(r, L)) {
      // Same point: double the affine input.
      copy(p, x2, L);
      copy(py(p), y2, L);
      copy(pz(p), R1, L);
      dbl(p);
    } else setInf(p);
    return;
  }
  montMul(Z, Z, h); // Z3 = Z1·H
  montSqr(t0, h); // H²
  montMul(t1, t0, h); // H³
  montMul(t0, t0, X); // X1·H²
  // X3 = R² − H³ − 2·X1·H²
  montSqr(X, r);
  modSub(X, X, t1);
  modSub(X, X, t0);
  modSub(X, X, t0);
  // Y3 = R·(X1·H² − X3) − Y1·H³
  modSub(t0, t0, X);
  montMul(t0, t0, r);
  montMul(t1, t1, Y);
  modSub(Y, t0, t1);
}

/** Converts n Jacobian points (stride 3L limbs, none at infinity) to affine (stride 2L) with one inversion. */
export function batchToAffine(dst: usize, src: usize, count: i32, prefix: usize): void {
  const l4 = <usize>L << 2;
  const inv = reg(31);
  const t = reg(32);
  const zi = reg(33);
  copy(prefix, pz(src), L);
  for (let i = 1; i < count; i++) {
    montMul(prefix + <usize>i * l4, prefix + <usize>(i - 1) * l4, pz(src + <usize>i * 3 * l4));
  }
  fieldInv(inv, prefix + <usize>(count - 1) * l4);
  for (let i = count - 1; i >= 0; i--) {
    const p = src + <usize>i * 3 * l4;
    if (i > 0) {
      montMul(zi, inv, prefix + <usize>(i - 1) * l4);
      montMul(inv, inv, pz(p));
    } else copy(zi, inv, L);
    const out = dst + <usize>i * 2 * l4;
    montSqr(t, zi);
    montMul(out, px(p), t);
    montMul(t, t, zi);
    montMul(out + l4, py(p), t);
  }
}

/** r = a⁻¹ in Montgomery form: inv(aR) = a⁻¹R⁻¹, and a⁻¹R⁻¹ · R³ · R⁻¹ = a⁻¹R. */
export function fieldInv(r: usize, a: usize): void {
  const t = reg(34);
  copy(t, a, L);
  modInv(t, t, PCTX, L);
  montMul(r, t, R3);
}
