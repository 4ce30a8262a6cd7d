/**
 * y² = x³ + ax + b and y² = x³ + a·u⁴·x + b·u⁶ are isomorphic by
 * (x, y) ↦ (u²x, u³y). When −3/a is a fourth power mod p — true for every
 * brainpool r1 curve, whose t1 twins are exactly these images (RFC 5639
 * §2.3) — the kernel runs on the image with a = −3, where a doubling costs
 * 3M + 5S instead of 2M + 8S. x(R) maps back by the factor u² (the
 * kernel's x scale).
 */
import type { CurveInput } from '@dinhdanh/wasm/sig';
import { invMod, mod, sqrtMod } from '../curves/_math.js';
import type { CurveParams } from '../curves/index.js';

export interface Minus3Image {
  readonly curve: CurveInput;
  readonly u2: bigint;
  readonly u3: bigint;
}

export function minus3Image(c: CurveParams): Minus3Image | undefined {
  const a = mod(c.a, c.p);
  if (a === 0n || a === c.p - 3n) return undefined;
  const t = mod(-3n * invMod(a, c.p), c.p);
  const r = sqrtMod(t, c.p);
  if (r === undefined) return undefined;
  const u = sqrtMod(r, c.p) ?? sqrtMod(c.p - r, c.p);
  if (u === undefined) return undefined;
  const u2 = (u * u) % c.p;
  const u3 = (u2 * u) % c.p;
  // sqrt(c.p − r) squares to −r, and (−r)² = t as well, so u⁴ = t either way.
  return {
    curve: { p: c.p, a: c.p - 3n, n: c.n, gx: (u2 * c.gx) % c.p, gy: (u3 * c.gy) % c.p, xScale: u2 },
    u2,
    u3,
  };
}
