/** ECDSA verification with @noble/curves for any curve record (used where node:crypto cannot help). */
import { ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { CurveParams } from '../curves/index.js';
import { ecPoint } from './_bytes.js';
import type { EcPublicKeyInfo } from './_types.js';

const byCurve = new WeakMap<CurveParams, ReturnType<typeof ecdsa>>();

function curveImpl(c: CurveParams): ReturnType<typeof ecdsa> {
  let impl = byCurve.get(c);
  if (!impl) {
    // The hash is only used for signing and prehashing, both unused here (prehash: false).
    impl = ecdsa(weierstrass({ p: c.p, n: c.n, h: c.h, a: c.a, b: c.b, Gx: c.gx, Gy: c.gy }), sha256);
    byCurve.set(c, impl);
  }
  return impl;
}

/** `rs` is r‖s in the order's byte length; `digest` is Hash(M), truncated by noble to the order's bit length. */
export function nobleEcdsaVerify(key: EcPublicKeyInfo, digest: Uint8Array, rs: Uint8Array): boolean {
  return curveImpl(key.curve).verify(rs, digest, ecPoint(key), {
    prehash: false,
    lowS: false,
    format: 'compact',
  });
}
