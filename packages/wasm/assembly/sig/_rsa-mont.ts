// Montgomery arithmetic for RSA moduli (1024–8192 bits) with WebAssembly SIMD.
//
// Numbers are arrays of w-bit limbs in u32 slots (w = 29 up to 112 limbs,
// else 28). A 64-bit lane sums 64 products of 29-bit limbs or 256 of 28-bit
// ones without overflow, so every column of the product is accumulated
// carry-free and normalised once (product scanning, the FIPS ordering of
// Koç–Acar–Kaliski 1996 §6). Each column is a dot product of a forward array
// with a reversed one, so both operands load as contiguous vectors and
// i64x2.extmul_{low,high}_i32x4_u gives four products per pair of loads.
// Per column a lane receives at most ⌈(n+3)/4⌉ products from each of the two
// dot products (a·b and q·m; a squaring's doubled cross products count twice
// over half the range): 148·2^56 < 2^64 for n ≤ 296 at 28 bits and
// 59·2^58 < 2^64 for n ≤ 112 at 29 bits (the loader picks w accordingly).
//
// R = 2^(w·n) with 4m < R, so results stay below 2m whenever the inputs do
// (Walter 1999, "Montgomery exponentiation needs no final subtractions");
// only the value leaving the Montgomery domain is fully reduced.
//
// Arrays have PAD zero limbs before and after (vector loads run up to three
// limbs past either end of a column and must read zeros there).

/** Largest limb count: 8192-bit moduli need ⌈8194 / 28⌉ = 293. */
export const MAX_LIMBS: i32 = 296;
const PAD: i32 = 4;
/** Bytes of one padded array. */
export const ARR: i32 = (MAX_LIMBS + 2 * PAD) << 2;

/**
 * An RSA modulus context, written by rsaInit (and rsaPrepare):
 *   u32 n (limbs) ‖ u32 m' = −m⁻¹ mod 2^w ‖ u32 w ‖ u32 1 when C is set ‖
 *   m reversed ‖ R² mod m reversed ‖ C = R^e mod m reversed (each padded)
 */
export const CTX_MREV: usize = 16 + (<usize>PAD << 2);
@inline export function ctxR2Rev(ctx: usize, n: i32): usize {
  return ctx + CTX_MREV + (<usize>(n + 2 * PAD) << 2);
}
@inline export function ctxCRev(ctx: usize, n: i32): usize {
  return ctx + CTX_MREV + (<usize>(n + 2 * PAD) << 3);
}

/** Scratch for the q digits of one reduction (padded, zeroed per product). */
const QBUF: usize = memory.data(ARR, 16) + (<usize>PAD << 2);
/** Keeps the first r lanes of a vector (r = 0…4), for the last chunk of a squaring's cross products. */
const KEEP: usize = memory.data<u32>(
  [
    0, 0, 0, 0, 0xffffffff, 0, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0,
    0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
  ],
  16,
);

/** A padded array inside a scratch region: slot i of `base`. */
@inline export function slot(base: usize, i: i32): usize {
  return base + <usize>i * <usize>ARR + (<usize>PAD << 2);
}

/**
 * Ends one column: folds the four 64-bit lane sums (split into their low w
 * bits and the rest, so the sum cannot overflow) into the running carry.
 * Returns the column value as lo + hi·2^w through the two globals below.
 */
let colLo: u64 = 0;
let colHi: u64 = 0;
@inline function fold(acc0: v128, acc1: v128, carry: u64, w: u32): void {
  const mask = i64x2.splat((<i64>1 << w) - 1);
  const l = i64x2.add(v128.and(acc0, mask), v128.and(acc1, mask));
  const h = i64x2.add(i64x2.shr_u(acc0, w), i64x2.shr_u(acc1, w));
  colLo = carry + <u64>i64x2.extract_lane(l, 0) + <u64>i64x2.extract_lane(l, 1);
  colHi = <u64>i64x2.extract_lane(h, 0) + <u64>i64x2.extract_lane(h, 1);
}

/**
 * Column k's reduction step and output. For k < n it picks q_k so the column
 * vanishes mod 2^w; above it emits result limb k − n. Returns the carry.
 */
@inline function finish(k: i32, n: i32, m0: u64, minv: u32, w: u32, r: usize, rr: usize, rd: usize): u64 {
  let lo = colLo;
  const mask = (<u32>1 << w) - 1;
  if (k < n) {
    const q = (<u32>lo * minv) & mask;
    store<u32>(QBUF + (<usize>k << 2), q);
    lo += <u64>q * m0;
  } else {
    const t = <u32>lo & mask;
    const j = k - n;
    store<u32>(r + (<usize>j << 2), t);
    store<u32>(rr + (<usize>(n - 1 - j) << 2), t);
    store<u32>(rd + (<usize>j << 2), t << 1);
  }
  return (lo >> w) + colHi;
}

/** Writes the top limb and clears the padding after each output (a smaller modulus may follow a larger one). */
@inline function lastLimb(n: i32, carry: u64, r: usize, rr: usize, rd: usize): void {
  const t = <u32>carry;
  const end = <usize>n << 2;
  v128.store(r + end, i64x2.splat(0));
  v128.store(rr + end, i64x2.splat(0));
  v128.store(rd + end, i64x2.splat(0));
  store<u32>(r + (<usize>(n - 1) << 2), t);
  store<u32>(rr, t);
  store<u32>(rd + (<usize>(n - 1) << 2), t << 1);
}

/**
 * r = a·b·R⁻¹ mod m (result < 2m for inputs < 2m). `a` is forward, `bRev`
 * reversed. The result is written forward (r), reversed (rr) and doubled
 * forward (rd); none of them may alias an input. Columns go in pairs as in
 * montSqrV.
 */
export function montMulV(r: usize, rr: usize, rd: usize, a: usize, bRev: usize, ctx: usize): void {
  const n = load<i32>(ctx);
  const minv = load<u32>(ctx, 4);
  const w = load<u32>(ctx, 8);
  const mRev = ctx + CTX_MREV;
  const m0 = <u64>load<u32>(mRev + (<usize>(n - 1) << 2));
  const m1 = <u64>load<u32>(mRev + (<usize>(n - 2) << 2));
  memory.fill(QBUF, 0, <usize>(n + PAD) << 2);
  let carry: u64 = 0;
  for (let k = 0; k < 2 * n - 1; k += 2) {
    const from = k < n ? 0 : k - n + 1;
    // Both columns end below min(k + 2, n); the extra index meets zeros (padding or q_(k+1) = 0).
    const end = min(k + 2, n);
    // Byte offset from index i in a to index n − 1 − k + i in a reversed array (may be negative).
    const off = <usize>((n - 1 - k) << 2);
    const off1 = off - 4;
    let a0 = i64x2.splat(0);
    let a1 = i64x2.splat(0);
    let b0 = i64x2.splat(0);
    let b1 = i64x2.splat(0);
    for (let i = from & ~3; i < end; i += 4) {
      const p = <usize>i << 2;
      const va = v128.load(a + p);
      const vq = v128.load(QBUF + p);
      let vb = v128.load(bRev + off + p);
      a0 = i64x2.add(a0, i64x2.extmul_low_i32x4_u(va, vb));
      a1 = i64x2.add(a1, i64x2.extmul_high_i32x4_u(va, vb));
      vb = v128.load(mRev + off + p);
      a0 = i64x2.add(a0, i64x2.extmul_low_i32x4_u(vq, vb));
      a1 = i64x2.add(a1, i64x2.extmul_high_i32x4_u(vq, vb));
      vb = v128.load(bRev + off1 + p);
      b0 = i64x2.add(b0, i64x2.extmul_low_i32x4_u(va, vb));
      b1 = i64x2.add(b1, i64x2.extmul_high_i32x4_u(va, vb));
      vb = v128.load(mRev + off1 + p);
      b0 = i64x2.add(b0, i64x2.extmul_low_i32x4_u(vq, vb));
      b1 = i64x2.add(b1, i64x2.extmul_high_i32x4_u(vq, vb));
    }
    fold(a0, a1, carry, w);
    carry = finish(k, n, m0, minv, w, r, rr, rd);
    if (k + 1 < 2 * n - 1) {
      fold(b0, b1, carry, w);
      if (k < n) colLo += <u64>load<u32>(QBUF + (<usize>k << 2)) * m1;
      carry = finish(k + 1, n, m0, minv, w, r, rr, rd);
    }
  }
  lastLimb(n, carry, r, rr, rd);
}

/**
 * r = a²·R⁻¹ mod m. `aDbl` is 2a forward (limbs up to w + 1 bits), `aRev` is a
 * reversed: each cross product a_i·a_j (i < j) is computed once, doubled.
 * Outputs as montMulV.
 *
 * Columns go in pairs k, k + 1 (k even) through one pass over the operands:
 * the pair shares the loads of 2a and q and the loop control, and column
 * k + 1's cross products are column k's plus one more index. q_k is not known
 * during the pass (QBUF holds 0 there), so q_k·m_1 joins column k + 1 after it.
 */
export function montSqrV(r: usize, rr: usize, rd: usize, aDbl: usize, aRev: usize, ctx: usize): void {
  const n = load<i32>(ctx);
  const minv = load<u32>(ctx, 4);
  const w = load<u32>(ctx, 8);
  const mRev = ctx + CTX_MREV;
  const m0 = <u64>load<u32>(mRev + (<usize>(n - 1) << 2));
  const m1 = <u64>load<u32>(mRev + (<usize>(n - 2) << 2));
  memory.fill(QBUF, 0, <usize>(n + PAD) << 2);
  let carry: u64 = 0;
  for (let k = 0; k < 2 * n - 1; k += 2) {
    const from = k < n ? 0 : k - n + 1;
    // Both columns' q·m ranges end below min(k + 2, n); the extra indices meet zeros.
    const end = min(k + 2, n);
    const off = <usize>((n - 1 - k) << 2);
    const off1 = off - 4;
    let a0 = i64x2.splat(0);
    let a1 = i64x2.splat(0);
    let b0 = i64x2.splat(0);
    let b1 = i64x2.splat(0);
    // Cross products: column k takes from ≤ i < k/2, column k + 1 also i = k/2.
    const start = from & ~3;
    const count = (k >> 1) - start;
    let i = start;
    for (const stop = start + (count & ~3); i < stop; i += 4) {
      const p = <usize>i << 2;
      const va = v128.load(aDbl + p);
      const vb = v128.load(aRev + off + p);
      const vc = v128.load(aRev + off1 + p);
      a0 = i64x2.add(a0, i64x2.extmul_low_i32x4_u(va, vb));
      a1 = i64x2.add(a1, i64x2.extmul_high_i32x4_u(va, vb));
      b0 = i64x2.add(b0, i64x2.extmul_low_i32x4_u(va, vc));
      b1 = i64x2.add(b1, i64x2.extmul_high_i32x4_u(va, vc));
    }
    {
      // Last chunk, masked per column: count & 3 lanes for k, one more for k + 1.
      const p = <usize>i << 2;
      const va = v128.load(aDbl + p);
      const rem = <usize>(count & 3);
      const vk = v128.and(va, v128.load(KEEP + (rem << 4)));
      const vk1 = v128.and(va, v128.load(KEEP + ((rem + 1) << 4)));
      const vb = v128.load(aRev + off + p);
      const vc = v128.load(aRev + off1 + p);
      a0 = i64x2.add(a0, i64x2.extmul_low_i32x4_u(vk, vb));
      a1 = i64x2.add(a1, i64x2.extmul_high_i32x4_u(vk, vb));
      b0 = i64x2.add(b0, i64x2.extmul_low_i32x4_u(vk1, vc));
      b1 = i64x2.add(b1, i64x2.extmul_high_i32x4_u(vk1, vc));
    }
    for (i = start; i < end; i += 4) {
      const p = <usize>i << 2;
      const vq = v128.load(QBUF + p);
      const vm = v128.load(mRev + off + p);
      const vn = v128.load(mRev + off1 + p);
      a0 = i64x2.add(a0, i64x2.extmul_low_i32x4_u(vq, vm));
      a1 = i64x2.add(a1, i64x2.extmul_high_i32x4_u(vq, vm));
      b0 = i64x2.add(b0, i64x2.extmul_low_i32x4_u(vq, vn));
      b1 = i64x2.add(b1, i64x2.extmul_high_i32x4_u(vq, vn));
    }
    fold(a0, a1, carry, w);
    const h = <u64>(load<u32>(aDbl + (<usize>(k >> 1) << 2)) >> 1);
    colLo += h * h;
    carry = finish(k, n, m0, minv, w, r, rr, rd);
    if (k + 1 < 2 * n - 1) {
      fold(b0, b1, carry, w);
      if (k < n) colLo += <u64>load<u32>(QBUF + (<usize>k << 2)) * m1;
      carry = finish(k + 1, n, m0, minv, w, r, rr, rd);
    }
  }
  lastLimb(n, carry, r, rr, rd);
}
