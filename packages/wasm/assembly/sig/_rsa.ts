// RSA public-key operation (RFC 8017 §5.2.2 RSAVP1): m = s^e mod n by
// left-to-right square-and-multiply in Montgomery form (28-bit limbs, SIMD
// products: see _rsa-mont.ts). The encoding checks (EMSA-PKCS1-v1_5,
// EMSA-PSS) run in the caller on the returned bytes.
import { IO } from './_mem';
import { ARR, CTX_MREV, ctxR2Rev, MASK, MAX_LIMBS, montMulV, montSqrV, slot, W } from './_rsa-mont';

export const RSA_SIG: usize = 0;
export const RSA_EXP: usize = 1024;
export const RSA_OUT: usize = 2048;

/** Scratch arrays: the base s·R (3), two accumulators (3 each), s itself and the constant 1. */
const SCRATCH: usize = memory.data(ARR * 11, 16);
const XF = slot(SCRATCH, 0);
const XR = slot(SCRATCH, 1);
const XD = slot(SCRATCH, 2);
const S = slot(SCRATCH, 9);
const ONE_REV = slot(SCRATCH, 10);

@inline function accF(set: i32): usize {
  return slot(SCRATCH, 3 + set * 3);
}
@inline function accR(set: i32): usize {
  return slot(SCRATCH, 4 + set * 3);
}
@inline function accD(set: i32): usize {
  return slot(SCRATCH, 5 + set * 3);
}

/** Loads `len` big-endian bytes into n forward 28-bit limbs of a padded array; false when the value needs more. */
function loadBE28(dst: usize, src: usize, len: i32, n: i32): bool {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j = 0;
  for (let i = len - 1; i >= 0; i--) {
    acc |= <u64>load<u8>(src + <usize>i) << bits;
    bits += 8;
    if (bits >= W) {
      if (j < n) store<u32>(dst + (<usize>j << 2), <u32>acc & MASK);
      else if ((<u32>acc & MASK) != 0) return false;
      j++;
      acc >>= W;
      bits -= W;
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

/** Stores n forward 28-bit limbs (value < 256^len) as `len` big-endian bytes. */
function storeBE28(dst: usize, src: usize, len: i32, n: i32): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j = 0;
  for (let i = len - 1; i >= 0; i--) {
    if (bits < 8) {
      if (j < n) acc |= <u64>load<u32>(src + (<usize>j << 2)) << bits;
      j++;
      bits += W;
    }
    store<u8>(dst + <usize>i, <u8>acc);
    acc >>= 8;
    bits -= 8;
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

/**
 * Builds an RSA context for n 28-bit limbs (4m < 2^(28n)) from IO: the
 * modulus (k bytes) at RSA_SIG, R² mod m (k bytes) at RSA_OUT. 0 when the
 * modulus is even, does not fit or is not above R² mod m.
 */
export function rsaInit(ctx: usize, k: i32, n: i32): i32 {
  if (n < 2 || n > MAX_LIMBS || k > 1024) return 0;
  const m = S;
  if (!loadBE28(m, IO + RSA_SIG, k, n)) return 0;
  // 4m < R: the top limb leaves its two highest bits clear.
  const m0 = load<u32>(m);
  if ((m0 & 1) == 0 || load<u32>(m + (<usize>(n - 1) << 2)) >>> (W - 2) != 0) return 0;
  // Newton's iteration x ← x(2 − m·x) doubles the correct low bits of m⁻¹; m·m ≡ 1 mod 8 starts at 3.
  let inv = m0;
  for (let i = 0; i < 4; i++) inv *= 2 - m0 * inv;
  store<i32>(ctx, n);
  store<u32>(ctx, (0 - inv) & MASK, 4);
  const mRev = ctx + CTX_MREV;
  const r2Rev = ctxR2Rev(ctx, n);
  memory.fill(mRev - 16, 0, <usize>((n + 8) << 2));
  memory.fill(r2Rev - 16, 0, <usize>((n + 8) << 2));
  for (let j = 0; j < n; j++) store<u32>(mRev + (<usize>(n - 1 - j) << 2), load<u32>(m + (<usize>j << 2)));
  if (!loadBE28(XF, IO + RSA_OUT, k, n) || cmpM(XF, ctx, n) >= 0) return 0;
  for (let j = 0; j < n; j++) store<u32>(r2Rev + (<usize>(n - 1 - j) << 2), load<u32>(XF + (<usize>j << 2)));
  return 1;
}

/** IO: signature (k bytes) at RSA_SIG, exponent (eLen bytes) at RSA_EXP; writes k bytes at RSA_OUT. 0 when s ≥ n. */
export function rsaPublic(ctx: usize, k: i32, eLen: i32): i32 {
  const n = load<i32>(ctx);
  if (!loadBE28(S, IO + RSA_SIG, k, n) || cmpM(S, ctx, n) >= 0) return 0;
  // Top set bit of e.
  let top = 0;
  while (top < eLen && load<u8>(IO + RSA_EXP + <usize>top) == 0) top++;
  memory.fill(ONE_REV - 16, 0, <usize>((n + 8) << 2));
  store<u32>(ONE_REV + (<usize>(n - 1) << 2), 1);
  if (top == eLen) {
    // s^0 = 1 (m > 1).
    storeBE28(IO + RSA_OUT, ONE_REV + (<usize>(n - 1) << 2), k, 1);
    return 1;
  }
  // x = s·R mod m.
  montMulV(XF, XR, XD, S, ctxR2Rev(ctx, n), ctx);
  let curF = XF;
  let curR = XR;
  let curD = XD;
  let set = 0;
  const first = <u32>load<u8>(IO + RSA_EXP + <usize>top);
  for (let byte = top; byte < eLen; byte++) {
    const v = <u32>load<u8>(IO + RSA_EXP + <usize>byte);
    // Bits below the leading one of the first byte, all bits of later ones.
    for (let b = byte == top ? 30 - <i32>clz(first) : 7; b >= 0; b--) {
      montSqrV(accF(set), accR(set), accD(set), curD, curR, ctx);
      curF = accF(set);
      curR = accR(set);
      curD = accD(set);
      set ^= 1;
      if ((v >>> b) & 1) {
        montMulV(accF(set), accR(set), accD(set), curF, XR, ctx);
        curF = accF(set);
        curR = accR(set);
        curD = accD(set);
        set ^= 1;
      }
    }
  }
  // Out of Montgomery form: the result is at most m (m exactly when s^e ≡ 0), so one subtraction reduces it.
  const y = accF(set);
  montMulV(y, accR(set), accD(set), curF, ONE_REV, ctx);
  if (cmpM(y, ctx, n) >= 0) {
    let borrow: i32 = 0;
    for (let j = 0; j < n; j++) {
      const d = <i32>load<u32>(y + (<usize>j << 2)) - <i32>mLimb(ctx, n, j) + borrow;
      store<u32>(y + (<usize>j << 2), <u32>d & MASK);
      borrow = d >> W;
    }
  }
  storeBE28(IO + RSA_OUT, y, k, n);
  return 1;
}
