// RSA public-key operation (RFC 8017 §5.2.2 RSAVP1): m = s^e mod n by
// left-to-right square-and-multiply in Montgomery form. The encoding checks
// (EMSA-PKCS1-v1_5, EMSA-PSS) run in the caller on the returned bytes.
import { bitLen, cmp, copy, IO, limb, loadBE, reg, storeBE } from './_mem';
import { fromMont, M, montMul, montSqr, toMont, useMod } from './_mont';

export const RSA_SIG: usize = 0;
export const RSA_EXP: usize = 1024;
export const RSA_OUT: usize = 2048;

/** IO: signature (k bytes) at RSA_SIG, exponent (eLen bytes) at RSA_EXP; writes k bytes at RSA_OUT. 0 when s ≥ n. */
export function rsaPublic(ctx: usize, n: i32, k: i32, eLen: i32): i32 {
  useMod(ctx, n);
  const x = reg(0);
  const e = reg(1);
  const xm = reg(2);
  const acc = reg(3);
  if (!loadBE(x, IO + RSA_SIG, k, n) || cmp(x, M, n) >= 0) return 0;
  if (!loadBE(e, IO + RSA_EXP, eLen, n)) return 0;
  toMont(xm, x);
  copy(acc, xm, n);
  for (let i = bitLen(e, n) - 2; i >= 0; i--) {
    montSqr(acc, acc);
    if ((limb(e, i >> 5) >>> (<u32>i & 31)) & 1) montMul(acc, acc, xm);
  }
  fromMont(acc, acc);
  storeBE(IO + RSA_OUT, acc, k, n);
  return 1;
}
