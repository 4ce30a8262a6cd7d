import { bigIntToBytes } from '../der/index.js';
import type { EcPublicKeyInfo } from './_types.js';

export const byteLength = (x: bigint): number => (x.toString(16).length + 1) >> 1;

/** Bit length of a non-negative integer, from its hex digits (a binary string costs far more for RSA moduli). */
export function bitLength(x: bigint): number {
  if (x <= 0n) return 0;
  const hex = x.toString(16);
  return 4 * hex.length - Math.clz32(Number.parseInt(hex[0]!, 16)) + 28;
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
export const bigIntToBase64Url = (x: bigint): string => b64url(bigIntToBytes(x, byteLength(x)));

/** Uncompressed SEC 1 encoding 04‖X‖Y of a public point. */
export function ecPoint(key: EcPublicKeyInfo): Uint8Array {
  const len = (key.curve.p.toString(2).length + 7) >> 3;
  const out = new Uint8Array(2 * len + 1);
  out[0] = 4;
  out.set(bigIntToBytes(key.x, len), 1);
  out.set(bigIntToBytes(key.y, len), 1 + len);
  return out;
}
