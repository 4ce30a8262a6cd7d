// Montgomery arithmetic modulo an odd m < 2^(32·L) (CIOS, Koç–Acar–Kaliski
// 1996 §4), 32-bit limbs with 64-bit products: a·b + t + c < 2^64 never
// overflows. Variable-time: the kernel only ever handles public data.
//
// A modulus context (written by the loader) is laid out as
//   m[L] ‖ R mod m [L] ‖ R² mod m [L] ‖ R³ mod m [L] ‖ m' (u32, −m⁻¹ mod 2^32)
import { addTo, cmp, copy, limb, REG, setLimb, subFrom } from './_mem';
import { montMulSpecial, montSqrSpecial, specialPrime } from './_mont-special';
import { modAddFixed, modSubFixed, montMulFixed, montSqrFixed } from './_mont-unrolled';

export let L: i32 = 0;
export let M: usize = 0;
export let R1: usize = 0;
export let R2: usize = 0;
export let R3: usize = 0;
let MINV: u32 = 0;
/** Non-zero when the modulus is P-256, P-384 or P-521 (multiplication-free reduction, _mont-special.ts). */
let SPECIAL: i32 = 0;
/** CIOS accumulator (L + 2 limbs) lives in the last register. */
const T: usize = REG + 63 * 264 * 4;
const TMP: usize = REG + 61 * 264 * 4;

export function useMod(ctx: usize, n: i32): void {
  L = n;
  M = ctx;
  R1 = ctx + (<usize>n << 2);
  R2 = ctx + (<usize>n << 3);
  R3 = ctx + (<usize>n << 2) * 3;
  MINV = load<u32>(ctx + (<usize>n << 4));
  SPECIAL = specialPrime(ctx, n);
}

/** r = a·b·R⁻¹ mod m, r fully reduced; r may alias a or b. */
export function montMul(r: usize, a: usize, b: usize): void {
  if (SPECIAL != 0) {
    montMulSpecial(SPECIAL, r, a, b);
    return;
  }
  if (montMulFixed(L, r, a, b, M, MINV)) return;
  const n = L;
  const m = M;
  const minv = MINV;
  for (let i = 0; i <= n; i++) setLimb(T, i, 0);
  for (let i = 0; i < n; i++) {
    const bi = <u64>limb(b, i);
    let s: u64 = <u64>limb(T, 0) + <u64>limb(a, 0) * bi;
    let c: u64 = s >> 32;
    const t0 = <u32>s;
    const q = <u64>(t0 * minv);
    let s2: u64 = <u64>t0 + q * <u64>limb(m, 0);
    let d: u64 = s2 >> 32;
    for (let j = 1; j < n; j++) {
      s = <u64>limb(T, j) + <u64>limb(a, j) * bi + c;
      c = s >> 32;
      s2 = (s & 0xffffffff) + q * <u64>limb(m, j) + d;
      d = s2 >> 32;
      setLimb(T, j - 1, <u32>s2);
    }
    s = <u64>limb(T, n) + c + d;
    setLimb(T, n - 1, <u32>s);
    setLimb(T, n, <u32>(s >> 32));
  }
  if (limb(T, n) != 0 || cmp(T, m, n) >= 0) subFrom(T, m, n);
  copy(r, T, n);
}

/** r = a²·R⁻¹ mod m; r may alias a. */
export function montSqr(r: usize, a: usize): void {
  if (SPECIAL != 0) montSqrSpecial(SPECIAL, r, a);
  else if (!montSqrFixed(L, r, a, M, MINV)) montMul(r, a, a);
}

/** r = a + b mod m (inputs reduced); r may alias a or b. */
export function modAdd(r: usize, a: usize, b: usize): void {
  if (modAddFixed(L, r, a, b, M)) return;
  if (r == b) b = a;
  else if (r != a) copy(r, a, L);
  const c = addTo(r, b, L);
  if (c != 0 || cmp(r, M, L) >= 0) subFrom(r, M, L);
}

/** r = a − b mod m (inputs reduced); r may alias a or b. */
export function modSub(r: usize, a: usize, b: usize): void {
  if (modSubFixed(L, r, a, b, M)) return;
  if (r == b && r != a) {
    copy(TMP, b, L);
    b = TMP;
  }
  if (r != a) copy(r, a, L);
  if (subFrom(r, b, L) != 0) addTo(r, M, L);
}

/** Converts a plain value < m into Montgomery form. */
export function toMont(r: usize, a: usize): void {
  montMul(r, a, R2);
}

/** Converts out of Montgomery form (multiplies by 1). */
export function fromMont(r: usize, a: usize): void {
  const one = REG + 62 * 264 * 4;
  for (let i = 0; i < L; i++) setLimb(one, i, 0);
  setLimb(one, 0, 1);
  montMul(r, a, one);
}
