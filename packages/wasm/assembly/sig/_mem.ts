// Fixed scratch areas and limb helpers. Numbers are little-endian arrays of
// u32 limbs; every function takes the limb count explicitly or uses the
// current modulus set by useMod.

/** Bytes shared with the loader: inputs in, results out (8192-bit RSA needs 2 × 1 KiB). */
export const IO: usize = memory.data(8192);
/** Working registers: 64 slots of up to 264 limbs. */
export const REG: usize = memory.data(64 * 264 * 4);
export const REG_STRIDE: usize = 264 * 4;
/** Jacobian batch buffer for table building: up to 2048 points (window 12) of 3 × 20 limbs, plus prefix products. */
export const BATCH: usize = memory.data(2048 * 3 * 20 * 4 + 2048 * 20 * 4);
/** Signed digits of two scalars (fixed-base windows or wNAF), one i32 each. */
export const DIG1: usize = memory.data(1100 * 4);
export const DIG2: usize = memory.data(1100 * 4);
/** Odd multiples of a cold public point: up to 64 affine points of 2 × 20 limbs. */
export const BBUF: usize = memory.data(64 * 2 * 20 * 4);

@inline export function reg(i: i32): usize {
  return REG + <usize>i * REG_STRIDE;
}

@inline export function limb(p: usize, i: i32): u32 {
  return load<u32>(p + (<usize>i << 2));
}

@inline export function setLimb(p: usize, i: i32, v: u32): void {
  store<u32>(p + (<usize>i << 2), v);
}

export function copy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

export function zero(dst: usize, n: i32): void {
  memory.fill(dst, 0, <usize>n << 2);
}

export function isZero(a: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (limb(a, i) != 0) return false;
  return true;
}

export function equal(a: usize, b: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (limb(a, i) != limb(b, i)) return false;
  return true;
}

/** -1, 0, 1 as a <, =, > b. */
export function cmp(a: usize, b: usize, n: i32): i32 {
  for (let i = n - 1; i >= 0; i--) {
    const x = limb(a, i);
    const y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** a += b, returns the carry. */
export function addTo(a: usize, b: usize, n: i32): u32 {
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    c += <u64>limb(a, i) + <u64>limb(b, i);
    setLimb(a, i, <u32>c);
    c >>= 32;
  }
  return <u32>c;
}

/** a -= b, returns the borrow (1 when b > a). */
export function subFrom(a: usize, b: usize, n: i32): u32 {
  let borrow: i64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <i64>limb(a, i) - <i64>limb(b, i) + borrow;
    setLimb(a, i, <u32>d);
    borrow = d >> 32;
  }
  return <u32>(borrow & 1);
}

/** Loads `len` big-endian bytes at `src` into n limbs; false when the value needs more than n limbs. */
export function loadBE(dst: usize, src: usize, len: i32, n: i32): bool {
  zero(dst, n);
  for (let i = 0; i < len; i++) {
    const b = <u32>load<u8>(src + <usize>(len - 1 - i));
    const li = i >> 2;
    if (li >= n) {
      if (b != 0) return false;
      continue;
    }
    setLimb(dst, li, limb(dst, li) | (b << ((<u32>i & 3) << 3)));
  }
  return true;
}

/** Stores n limbs as `len` big-endian bytes. */
export function storeBE(dst: usize, src: usize, len: i32, n: i32): void {
  for (let i = 0; i < len; i++) {
    const li = i >> 2;
    const b = li < n ? (limb(src, li) >>> ((<u32>i & 3) << 3)) & 0xff : 0;
    store<u8>(dst + <usize>(len - 1 - i), <u8>b);
  }
}

export function bitLen(a: usize, n: i32): i32 {
  for (let i = n - 1; i >= 0; i--) {
    const v = limb(a, i);
    if (v != 0) return i * 32 + 32 - <i32>clz(v);
  }
  return 0;
}

/** a >>= k bits (k ≥ 0). */
export function shrBits(a: usize, n: i32, k: i32): void {
  const ls = k >> 5;
  const bs = k & 31;
  for (let i = 0; i < n; i++) {
    const j = i + ls;
    let v: u32 = j < n ? limb(a, j) >>> bs : 0;
    if (bs != 0 && j + 1 < n) v |= limb(a, j + 1) << (32 - bs);
    setLimb(a, i, v);
  }
}
