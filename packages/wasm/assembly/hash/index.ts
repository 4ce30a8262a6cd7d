// SHA-1 and SHA-2 (FIPS 180-4) kernel. All pointers are byte offsets into
// this module's memory; the loader (src/hash.ts) copies inputs to
// inputBase() and upwards, growing memory as needed, and copies results out.
//
// Streaming: init → update (whole blocks) … → final (the rest); the loader
// saves and restores the chaining state at statePtr() between calls, so any
// number of hashers can be open at once.
import { blockBytes, digestBytes } from './_params';
import { compress, finish, initState, writeDigest } from './_md';
import { OUT, STATE } from './_scratch';

export { batchLanes } from './_lanes';

/** First byte the loader may use for inputs, 16-byte aligned. */
export function inputBase(): usize {
  return (__heap_base + 15) & ~15;
}

export function statePtr(): usize {
  return STATE;
}

export function outPtr(): usize {
  return OUT;
}

export function init(alg: u32): void {
  initState(alg);
}

/** `len` must be a multiple of the block size. */
export function update(alg: u32, src: usize, len: usize): void {
  compress(alg, src, len / blockBytes(alg));
}

/** Hashes the last `len` bytes, pads for `totalBytes` in all, writes the digest at outPtr(). */
export function final(alg: u32, src: usize, len: usize, totalBytes: f64): void {
  finish(alg, src, len, <u64>totalBytes);
  writeDigest(alg, OUT);
}

export function digest(alg: u32, src: usize, len: usize): void {
  initState(alg);
  final(alg, src, len, <f64>len);
}

/** One message after another; see batchLanes for the four-lane version (32-bit algorithms). */
export function batch(alg: u32, base: usize, desc: usize, count: u32, out: usize): void {
  const dlen = digestBytes(alg);
  for (let i: usize = 0; i < <usize>count; i++) {
    const data = base + <usize>load<u32>(desc + (i << 3));
    const len = <usize>load<u32>(desc + (i << 3), 4);
    initState(alg);
    finish(alg, data, len, <u64>len);
    writeDigest(alg, out + i * dlen);
  }
}
