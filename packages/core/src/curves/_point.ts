/**
 * Affine point arithmetic with bigints, for one-time checks on keys and
 * explicit curves (n·G = O, n·Q = O on curves with a cofactor). Verification
 * itself runs in the wasm kernel or in a backend.
 */
import { invMod, mod } from './_math.js';
import type { CurveParams } from './_types.js';

export type Affine = { readonly x: bigint; readonly y: bigint } | null; // null = point at infinity

export const onCurve = (c: CurveParams, x: bigint, y: bigint): boolean =>
  x >= 0n && x < c.p && y >= 0n && y < c.p && mod(y * y - (x * x * x + c.a * x + c.b), c.p) === 0n;

function add(c: CurveParams, P: Affine, Q: Affine): Affine {
  if (P === null) return Q;
  if (Q === null) return P;
  const { p } = c;
  let l: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, p) === 0n) return null;
    l = mod((3n * P.x * P.x + c.a) * invMod(2n * P.y, p), p);
  } else {
    l = mod((Q.y - P.y) * invMod(Q.x - P.x, p), p);
  }
  const x = mod(l * l - P.x - Q.x, p);
  return { x, y: mod(l * (P.x - x) - P.y, p) };
}

export function mul(c: CurveParams, P: Affine, k: bigint): Affine {
  let r: Affine = null;
  for (let i = k.toString(2).length - 1; i >= 0; i--) {
    r = add(c, r, r);
    if ((k >> BigInt(i)) & 1n) r = add(c, r, P);
  }
  return r;
}
