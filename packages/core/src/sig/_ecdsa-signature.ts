/**
 * ECDSA signature decoding. DER must be strict (X.690 §10, SEC 1 v2 §C.8:
 * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }); P1363 is r‖s of
 * the order's byte length each. A malformed signature is simply invalid.
 * r and s come back as big-endian magnitudes (views into the signature);
 * range checks against the order are the verifier's job.
 */
import { children, expectSequence, readSingle, type Tlv, value } from '../der/index.js';
import type { EcdsaEncoding } from './_types.js';

/** Content of a DER INTEGER that is minimally encoded and positive, without its sign octet. */
function positiveInteger(t: Tlv): Uint8Array | undefined {
  if (t.tag !== 0x02 || t.constructed) return undefined;
  const v = value(t);
  if (v.length === 0 || (v[0]! & 0x80) !== 0) return undefined;
  if (v[0] === 0)
    return v.length > 1 && (v[1]! & 0x80) !== 0 ? v.subarray(1) : v.length === 1 ? v : undefined;
  return v;
}

export function decodeEcdsaSignature(
  sig: Uint8Array,
  encoding: EcdsaEncoding,
  orderBytes: number,
): { r: Uint8Array; s: Uint8Array } | undefined {
  if (encoding === 'p1363') {
    if (sig.length !== 2 * orderBytes) return undefined;
    return { r: sig.subarray(0, orderBytes), s: sig.subarray(orderBytes) };
  }
  // A DER signature of this order has at most ~2·(orderBytes + 1) + 8 bytes; refuse anything far larger early.
  if (sig.length > 2 * orderBytes + 16) return undefined;
  try {
    const t = expectSequence(readSingle(sig));
    // Tags below 31 have exactly one identifier octet (X.690 §8.1.2.2); the reader also takes the long form.
    if (t.tag !== 0x30) return undefined;
    const f = children(t);
    if (f.length !== 2) return undefined;
    const r = positiveInteger(f[0]!);
    const s = positiveInteger(f[1]!);
    return r && s ? { r, s } : undefined;
  } catch {
    return undefined;
  }
}
