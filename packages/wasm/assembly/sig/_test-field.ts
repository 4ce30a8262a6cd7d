// Test entry (not part of the kernel): exposes the field arithmetic the ECDSA
// path uses so packages/wasm/test/sig-field.test.ts can compare it with
// bigint arithmetic on edge values. Compiled by that test only.
import { modInv } from './_inv';
import { IO } from './_mem';
import { montMul, montSqr, useMod } from './_mont';

/** Operands at IO and IO + 1024, result at IO + 2048 (n limbs each). */
export function io(): usize {
  return IO;
}

export function heapBase(): usize {
  return __heap_base;
}

export function mul(ctx: usize, n: i32): void {
  useMod(ctx, n);
  montMul(IO + 2048, IO, IO + 1024);
}

export function sqr(ctx: usize, n: i32): void {
  useMod(ctx, n);
  montSqr(IO + 2048, IO);
}

export function inv(ctx: usize, n: i32): i32 {
  return modInv(IO + 2048, IO, ctx, n) ? 1 : 0;
}
