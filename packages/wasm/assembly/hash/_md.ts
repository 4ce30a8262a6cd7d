// The Merkle–Damgård skeleton every algorithm shares: padding (FIPS 180-4
// §5.1), block iteration and big-endian output (§6.x "the resulting hash").
// A variant contributes only its compression function and the numbers in
// _params.ts.
import { blockBytes, digestBytes, ivOf, LENGTH_FIELD_BYTES, SHA1, SHA256, stateBytes, WORD_BYTES } from './_params';
import { STATE, TAIL } from './_scratch';
import { compress1 } from './_sha1';
import { compress256 } from './_sha256';
import { compress512 } from './_sha512';

/** Runs whole blocks through the chaining state at STATE. */
export function compress(alg: u32, src: usize, blocks: usize): void {
  if (alg == SHA1) compress1(src, blocks);
  else if (alg <= SHA256) compress256(src, blocks);
  else compress512(src, blocks);
}

export function initState(alg: u32): void {
  memory.copy(STATE, ivOf(alg), stateBytes(alg));
}

/**
 * Writes the padded final block(s) for the `rem` (< block size) bytes at
 * `src` into `tail` and returns how many blocks that is (1 or 2).
 * §5.1.1/§5.1.2: a 1 bit, zeros, then the message length in bits as a
 * 64- or 128-bit big-endian integer.
 */
export function padTail(alg: u32, tail: usize, src: usize, rem: usize, totalBytes: u64): usize {
  const bs = blockBytes(alg);
  const lengthField = <usize>load<u8>(LENGTH_FIELD_BYTES + alg);
  const blocks: usize = rem + 1 + lengthField <= bs ? 1 : 2;
  const end = tail + blocks * bs;
  memory.copy(tail, src, rem);
  store<u8>(tail + rem, 0x80);
  memory.fill(tail + rem + 1, 0, end - tail - rem - 1);
  store<u64>(end - 8, bswap<u64>(totalBytes << 3));
  if (lengthField == 16) store<u64>(end - 16, bswap<u64>(totalBytes >>> 61));
  return blocks;
}

/** Compresses the full blocks of `len` bytes at `src`, then the padding, into STATE. */
export function finish(alg: u32, src: usize, len: usize, totalBytes: u64): void {
  const bs = blockBytes(alg);
  const full = len / bs;
  compress(alg, src, full);
  compress(alg, TAIL, padTail(alg, TAIL, src + full * bs, len - full * bs, totalBytes));
}

/** Writes the digest: STATE's words big-endian, truncated for SHA-224/384 (§6.3, §6.5). */
export function writeDigest(alg: u32, out: usize): void {
  const n = digestBytes(alg);
  if (load<u8>(WORD_BYTES + alg) == 4) {
    for (let i: usize = 0; i < n; i += 4) store<u32>(out + i, bswap<u32>(load<u32>(STATE + i)));
  } else {
    for (let i: usize = 0; i < n; i += 8) store<u64>(out + i, bswap<u64>(load<u64>(STATE + i)));
  }
}
