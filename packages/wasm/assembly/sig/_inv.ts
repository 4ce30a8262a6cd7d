// Modular inverse by the binary extended Euclidean algorithm (Menezes et al.,
// Handbook of Applied Cryptography, Alg. 14.61 adapted to an odd modulus),
// on plain (non-Montgomery) values. Variable-time; public data only.
import { addTo, cmp, copy, isZero, limb, reg, setLimb, shr1, subFrom, zero } from './_mem';

function isOne(a: usize, n: i32): bool {
  if (limb(a, 0) != 1) return false;
  for (let i = 1; i < n; i++) if (limb(a, i) != 0) return false;
  return true;
}

function halve(x: usize, m: usize, n: i32): void {
  if (limb(x, 0) & 1) shr1(x, n, addTo(x, m, n));
  else shr1(x, n, 0);
}

function subMod(x: usize, y: usize, m: usize, n: i32): void {
  if (subFrom(x, y, n) != 0) addTo(x, m, n);
}

/** r = a⁻¹ mod m for 0 < a < m, m odd; false when a has no inverse. r may alias a. */
export function modInv(r: usize, a: usize, m: usize, n: i32): bool {
  const u = reg(50);
  const v = reg(51);
  const x1 = reg(52);
  const x2 = reg(53);
  copy(u, a, n);
  copy(v, m, n);
  zero(x1, n);
  setLimb(x1, 0, 1);
  zero(x2, n);
  if (isZero(u, n)) return false;
  while (!isOne(u, n) && !isOne(v, n)) {
    while ((limb(u, 0) & 1) == 0) {
      shr1(u, n, 0);
      halve(x1, m, n);
    }
    while ((limb(v, 0) & 1) == 0) {
      shr1(v, n, 0);
      halve(x2, m, n);
    }
    if (cmp(u, v, n) >= 0) {
      subFrom(u, v, n);
      subMod(x1, x2, m, n);
      if (isZero(u, n)) return false; // gcd(a, m) > 1
    } else {
      subFrom(v, u, n);
      subMod(x2, x1, m, n);
    }
  }
  copy(r, isOne(u, n) ? x1 : x2, n);
  return true;
}
