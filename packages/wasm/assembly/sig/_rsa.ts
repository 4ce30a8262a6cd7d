// RSA public-key operation (RFC 8017 §5.2.2 RSAVP1): m = s^e mod n by
// left-to-right square-and-multiply with Montgomery products (w-bit limbs,
// SIMD: see _rsa-mont.ts). The encoding checks (EMSA-PKCS1-v1_5, EMSA-PSS)
// run in the caller on the returned bytes.
//
// Starting the ladder from s itself instead of s·R keeps the invariant
// acc = s^a·R^−(a−1) (a squaring maps a to 2a, a product with s adds one),
// so the ladder ends at s^e·R^−(e−1). For a prepared key one product with
// the per-key constant C = R^e mod m then gives s^e: one Montgomery product
// in place of the two conversions into and out of Montgomery form.
import { IO } from './_mem';
import { ARR, CTX_MREV, ctxCRev, ctxR2Rev, MAX_LIMBS, montMulV, montSqrV, slot } from './_rsa-mont';

export const RSA_SIG: usize = 0;
export const RSA_EXP: usize = 1024;
export const RSA_OUT: usize = 2048;

/** Scratch arrays: a ladder base (forward, reversed, doubled), two accumulators (3 each), the constant 1. */
const SCRATCH: usize = memory.data(ARR * 10, 16);
const BF = slot(SCRATCH, 0);
const BR = slot(SCRATCH, 1);
const BD = slot(SCRATCH, 2);
const ONE_REV = slot(SCRATCH, 9);

@inline function accF(set: i32): usize {
  return slot(SCRATCH, 3 + set * 3);
}
@inline function accR(set: i32): usize {
  return slot(SCRATCH, 4 + set * 3);
}
@inline function accD(set: i32): usize {
  return slot(SCRATCH, 5 + set * 3);
}

/** Loads `len` big-endian bytes into n forward w-bit limbs of a padded array; false when the value needs more. */
function loadBE(dst: usize, src: usize, len: i32, n: i32, w: u32): bool {
  const mask = (<u32>1 << w) - 1;
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j = 0;
  for (let i = len - 1; i >= 0; i--) {
    acc |= <u64>load<u8>(src + <usize>i) << bits;
    bits += 8;
    if (bits >= w) {
      if (j < n) store<u32>(dst + (<usize>j << 2), <u32>acc & mask);
      else if ((<u32>acc & mask) != 0) return false;
      j++;
      acc >>= w;
      bits -= w;
    }
  }
  if (acc != 0) {
    if (j >= n) return false;
    store<u32>(dst + (<usize>j << 2), <u32>acc);
    j++;
  }
  // Zero limbs up to n and the padding after them (vector loads read it).
  for (j = min(j, n); j < n + 4; j++) store<u32>(dst + (<usize>j << 2), 0);
  return true;
}

/** Stores n forward w-bit limbs (value < 256^len) as `len` big-endian bytes. */
function storeBE(dst: usize, src: usize, len: i32, n: i32, w: u32): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j = 0;
  for (let i = len - 1; i >= 0; i--) {
    if (bits < 8) {
      if (j < n) acc |= <u64>load<u32>(src + (<usize>j << 2)) << bits;
      j++;
      bits += w;
    }
    store<u8>(dst + <usize>i, <u8>acc);
    acc >>= 8;
    bits -= 8;
  }
}

/** Fills the reversed and doubled forms of the forward array f (n limbs); clears their padding. */
function spread(f: usize, r: usize, d: usize, n: i32): void {
  memory.fill(r - 16, 0, <usize>((n + 8) << 2));
  memory.fill(d + (<usize>n << 2), 0, 16);
  for (let j = 0; j < n; j++) {
    const v = load<u32>(f + (<usize>j << 2));
    store<u32>(r + (<usize>(n - 1 - j) << 2), v);
    store<u32>(d + (<usize>j << 2), v << 1);
  }
}

/** Limb j of the modulus (stored reversed in the context). */
@inline function mLimb(ctx: usize, n: i32, j: i32): u32 {
  return load<u32>(ctx + CTX_MREV + (<usize>(n - 1 - j) << 2));
}

/** -1, 0, 1 as forward x <, =, > m. */
function cmpM(x: usize, ctx: usize, n: i32): i32 {
  for (let j = n - 1; j >= 0; j--) {
    const a = load<u32>(x + (<usize>j << 2));
    const b = mLimb(ctx, n, j);
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Index of the first non-zero exponent byte at IO + RSA_EXP (eLen when e = 0). */
function topByte(eLen: i32): i32 {
  let top = 0;
  while (top < eLen && load<u8>(IO + RSA_EXP + <usize>top) == 0) top++;
  return top;
}

/**
 * Square-and-multiply from the base (BF, BR, BD) over the exponent at IO +
 * RSA_EXP from its leading one (e ≠ 0), with the lowest bit cleared when
 * `dropLow`: acc ← acc²·R⁻¹ per bit, then acc ← acc·base·R⁻¹ for a one.
 * Returns the forward array of the result (its reversed form follows at + ARR).
 */
function ladder(ctx: usize, top: i32, eLen: i32, dropLow: bool): usize {
  let curF = BF;
  let curR = BR;
  let curD = BD;
  let set = 0;
  const first = <u32>load<u8>(IO + RSA_EXP + <usize>top);
  for (let byte = top; byte < eLen; byte++) {
    let v = <u32>load<u8>(IO + RSA_EXP + <usize>byte);
    if (dropLow && byte == eLen - 1) v &= 0xfe;
    // Bits below the leading one of the first byte, all bits of later ones.
    for (let b = byte == top ? 30 - <i32>clz(first) : 7; b >= 0; b--) {
      montSqrV(accF(set), accR(set), accD(set), curD, curR, ctx);
      curF = accF(set);
      curR = accR(set);
      curD = accD(set);
      set ^= 1;
      if ((v >>> b) & 1) {
        montMulV(accF(set), accR(set), accD(set), curF, BR, ctx);
        curF = accF(set);
        curR = accR(set);
        curD = accD(set);
        set ^= 1;
      }
    }
  }
  return curF;
}

/**
 * Builds an RSA context for n w-bit limbs (w = 28 for n ≤ 296 or 29 for
 * n ≤ 112, see _rsa-mont.ts; 4m < 2^(w·n)) from IO: the modulus (k bytes) at
 * RSA_SIG, R² mod m (k bytes) at RSA_OUT. 0 when the sizes are out of range,
 * the modulus is even or too large for n limbs, or R² mod m is not below it.
 */
export function rsaInit(ctx: usize, k: i32, n: i32, w: u32): i32 {
  if (n < 2 || k > 1024 || !((w == 28 && n <= MAX_LIMBS) || (w == 29 && n <= 112))) return 0;
  const m = BF;
  if (!loadBE(m, IO + RSA_SIG, k, n, w)) return 0;
  const m0 = load<u32>(m);
  if ((m0 & 1) == 0 || load<u32>(m + (<usize>(n - 1) << 2)) >>> (w - 2) != 0) return 0;
  // Newton's iteration x ← x(2 − m·x) doubles the correct low bits of m⁻¹; m·m ≡ 1 mod 8 starts at 3.
  let inv = m0;
  for (let i = 0; i < 4; i++) inv *= 2 - m0 * inv;
  store<i32>(ctx, n);
  store<u32>(ctx, (0 - inv) & ((<u32>1 << w) - 1), 4);
  store<u32>(ctx, w, 8);
  store<u32>(ctx, 0, 12);
  const mRev = ctx + CTX_MREV;
  const r2Rev = ctxR2Rev(ctx, n);
  memory.fill(mRev - 16, 0, <usize>((n + 8) << 2) * 3);
  for (let j = 0; j < n; j++) store<u32>(mRev + (<usize>(n - 1 - j) << 2), load<u32>(m + (<usize>j << 2)));
  if (!loadBE(BF, IO + RSA_OUT, k, n, w) || cmpM(BF, ctx, n) >= 0) return 0;
  for (let j = 0; j < n; j++) store<u32>(r2Rev + (<usize>(n - 1 - j) << 2), load<u32>(BF + (<usize>j << 2)));
  return 1;
}

/**
 * Stores C = R^e mod m (exponent at IO + RSA_EXP) in the context, so rsaPublic
 * needs one product after the ladder instead of two conversions. R² mod m is
 * R in Montgomery form, so the ladder over e − 1 from it yields R^(e−1)·R.
 * 0 (context unchanged) unless e is odd and at least 3.
 */
export function rsaPrepare(ctx: usize, eLen: i32): i32 {
  const n = load<i32>(ctx);
  const top = topByte(eLen);
  if (top == eLen || (load<u8>(IO + RSA_EXP + <usize>(eLen - 1)) & 1) == 0) return 0;
  if (top == eLen - 1 && load<u8>(IO + RSA_EXP + <usize>top) < 3) return 0;
  const r2Rev = ctxR2Rev(ctx, n);
  for (let j = 0; j < n; j++) store<u32>(BF + (<usize>j << 2), load<u32>(r2Rev + (<usize>(n - 1 - j) << 2)));
  spread(BF, BR, BD, n);
  const res = ladder(ctx, top, eLen, true);
  memory.copy(ctxCRev(ctx, n), res + <usize>ARR, <usize>n << 2);
  store<u32>(ctx, 1, 12);
  return 1;
}

/** IO: signature (k bytes) at RSA_SIG, exponent (eLen bytes) at RSA_EXP; writes k bytes at RSA_OUT. 0 when s ≥ n. */
export function rsaPublic(ctx: usize, k: i32, eLen: i32): i32 {
  const n = load<i32>(ctx);
  const w = load<u32>(ctx, 8);
  const prepared = load<u32>(ctx, 12) == 1;
  if (!loadBE(BF, IO + RSA_SIG, k, n, w) || cmpM(BF, ctx, n) >= 0) return 0;
  const top = topByte(eLen);
  memory.fill(ONE_REV - 16, 0, <usize>((n + 8) << 2));
  store<u32>(ONE_REV + (<usize>(n - 1) << 2), 1);
  if (top == eLen) {
    // s^0 = 1 (m > 1).
    storeBE(IO + RSA_OUT, ONE_REV + (<usize>(n - 1) << 2), k, 1, w);
    return 1;
  }
  if (prepared) {
    spread(BF, BR, BD, n);
  } else {
    // Base s·R mod m: the ladder then stays in Montgomery form.
    const sF = accF(1);
    memory.copy(sF, BF, <usize>(n + 4) << 2);
    montMulV(BF, BR, BD, sF, ctxR2Rev(ctx, n), ctx);
  }
  const res = ladder(ctx, top, eLen, false);
  // Prepared: s^e·R^−(e−1) times C = R^e. Otherwise out of Montgomery form (times 1).
  // Both results are below 2m, so one conditional subtraction reduces them.
  const set = res == accF(0) ? 1 : 0;
  const y = accF(set);
  montMulV(y, accR(set), accD(set), res, prepared ? ctxCRev(ctx, n) : ONE_REV, ctx);
  if (cmpM(y, ctx, n) >= 0) {
    const mask = (<u32>1 << w) - 1;
    let borrow: i32 = 0;
    for (let j = 0; j < n; j++) {
      const d = <i32>load<u32>(y + (<usize>j << 2)) - <i32>mLimb(ctx, n, j) + borrow;
      store<u32>(y + (<usize>j << 2), <u32>d & mask);
      borrow = d >> 31;
    }
  }
  storeBE(IO + RSA_OUT, y, k, n, w);
  return 1;
}
