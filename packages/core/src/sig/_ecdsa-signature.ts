/**
 * ECDSA signature decoding. DER must be strict (X.690 §10, SEC 1 v2 §C.8:
 * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }); P1363 is r‖s of
 * the order's byte length each. A malformed signature is simply invalid.
 */
import { bytesToBigInt, children, expectSequence, readInteger, readSingle } from '../der/index.js';
import type { EcdsaEncoding } from './_types.js';

export function decodeEcdsaSignature(
  sig: Uint8Array,
  encoding: EcdsaEncoding,
  orderBytes: number,
): { r: bigint; s: bigint } | undefined {
  if (encoding === 'p1363') {
    if (sig.length !== 2 * orderBytes) return undefined;
    return { r: bytesToBigInt(sig.subarray(0, orderBytes)), s: bytesToBigInt(sig.subarray(orderBytes)) };
  }
  // A DER signature of this order has at most ~2·(orderBytes+1)+8 bytes; refuse anything far larger early.
  if (sig.length > 2 * orderBytes + 16) return undefined;
  try {
    const t = expectSequence(readSingle(sig));
    const f = children(t);
    // Tags below 31 have exactly one identifier octet (X.690 §8.1.2.2); the reader also takes the long form.
    if (f.length !== 2 || t.tag !== 0x30 || f[0]!.tag !== 0x02 || f[1]!.tag !== 0x02) return undefined;
    return { r: readInteger(f[0]!), s: readInteger(f[1]!) };
  } catch {
    return undefined;
  }
}
