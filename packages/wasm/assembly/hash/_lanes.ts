// Four messages at once in the 32-bit lanes of v128 (SHA-1, SHA-224,
// SHA-256). Each lane runs its own message: when one finishes, its digest is
// written and the next message of the batch takes the lane, so lanes stay
// busy however the lengths differ. Lanes without work hash stale words that
// nobody reads.
import { digestBytes, ivOf, SHA1, STATE_WORDS } from './_params';
import { padTail } from './_md';
import { LANE_BLOCK, LANE_DATA, LANE_FULL, LANE_MSG, LANE_STATE, LANE_TAIL, LANE_TOTAL, SCHEDULE } from './_scratch';
import { K256 } from './_sha256';

// K_t of SHA-256 splatted across the four lanes once, at instantiation.
const K4: usize = memory.data(64 * 16, 16);
for (let t: usize = 0; t < 64; t++) v128.store(K4 + (t << 4), i32x4.splat(load<u32>(K256 + (t << 2))));

@inline function add(a: v128, b: v128): v128 { return i32x4.add(a, b); }
@inline function rotr(x: v128, n: i32): v128 { return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n)); }
@inline function rotl(x: v128, n: i32): v128 { return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n)); }
@inline function w(t: usize): v128 { return v128.load(SCHEDULE + (t << 4)); }
// x ? y : z per bit, and majority (FIPS 180-4 §4.1.1, §4.1.2).
@inline function ch(x: v128, y: v128, z: v128): v128 { return v128.bitselect(y, z, x); }
@inline function maj(x: v128, y: v128, z: v128): v128 { return v128.bitselect(y, x, v128.xor(x, z)); }
@inline function parity(x: v128, y: v128, z: v128): v128 { return v128.xor(v128.xor(x, y), z); }
// SHA-256 Σ0, Σ1, σ0, σ1 (§4.1.2).
@inline function bigS0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 2), rotr(x, 13)), rotr(x, 22)); }
@inline function bigS1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 6), rotr(x, 11)), rotr(x, 25)); }
@inline function smallS0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 7), rotr(x, 18)), i32x4.shr_u(x, 3)); }
@inline function smallS1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 17), rotr(x, 19)), i32x4.shr_u(x, 10)); }
@inline function kw(t: usize): v128 { return add(w(t), v128.load(K4 + (t << 4))); }

/** One SHA-256 block in each lane: W_0..15 already in SCHEDULE, state in LANE_STATE (§6.2.2). */
function compress256x4(): void {
  for (let t: usize = 16; t < 64; t++) {
    v128.store(SCHEDULE + (t << 4), add(add(smallS1(w(t - 2)), w(t - 7)), add(smallS0(w(t - 15)), w(t - 16))));
  }
  let a = v128.load(LANE_STATE, 0), b = v128.load(LANE_STATE, 16), c = v128.load(LANE_STATE, 32);
  let d = v128.load(LANE_STATE, 48), e = v128.load(LANE_STATE, 64), f = v128.load(LANE_STATE, 80);
  let g = v128.load(LANE_STATE, 96), h = v128.load(LANE_STATE, 112);
  // Eight rounds per pass with rotating roles, as in _sha256.ts.
  for (let t: usize = 0; t < 64; t += 8) {
    h = add(add(h, bigS1(e)), add(ch(e, f, g), kw(t))); d = add(d, h); h = add(h, add(bigS0(a), maj(a, b, c)));
    g = add(add(g, bigS1(d)), add(ch(d, e, f), kw(t + 1))); c = add(c, g); g = add(g, add(bigS0(h), maj(h, a, b)));
    f = add(add(f, bigS1(c)), add(ch(c, d, e), kw(t + 2))); b = add(b, f); f = add(f, add(bigS0(g), maj(g, h, a)));
    e = add(add(e, bigS1(b)), add(ch(b, c, d), kw(t + 3))); a = add(a, e); e = add(e, add(bigS0(f), maj(f, g, h)));
    d = add(add(d, bigS1(a)), add(ch(a, b, c), kw(t + 4))); h = add(h, d); d = add(d, add(bigS0(e), maj(e, f, g)));
    c = add(add(c, bigS1(h)), add(ch(h, a, b), kw(t + 5))); g = add(g, c); c = add(c, add(bigS0(d), maj(d, e, f)));
    b = add(add(b, bigS1(g)), add(ch(g, h, a), kw(t + 6))); f = add(f, b); b = add(b, add(bigS0(c), maj(c, d, e)));
    a = add(add(a, bigS1(f)), add(ch(f, g, h), kw(t + 7))); e = add(e, a); a = add(a, add(bigS0(b), maj(b, c, d)));
  }
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 0), a), 0);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 16), b), 16);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 32), c), 32);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 48), d), 48);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 64), e), 64);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 80), f), 80);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 96), g), 96);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 112), h), 112);
}

/** One SHA-1 block in each lane (§6.1.2), roles rotating as in _sha1.ts. */
function compress1x4(): void {
  for (let t: usize = 16; t < 80; t++) {
    v128.store(SCHEDULE + (t << 4), rotl(v128.xor(v128.xor(w(t - 3), w(t - 8)), v128.xor(w(t - 14), w(t - 16))), 1));
  }
  let a = v128.load(LANE_STATE, 0), b = v128.load(LANE_STATE, 16), c = v128.load(LANE_STATE, 32);
  let d = v128.load(LANE_STATE, 48), e = v128.load(LANE_STATE, 64);
  let k = i32x4.splat(0x5a827999);
  let t: usize = 0;
  for (; t < 20; t += 5) {
    e = add(add(e, rotl(a, 5)), add(ch(b, c, d), add(k, w(t)))); b = rotl(b, 30);
    d = add(add(d, rotl(e, 5)), add(ch(a, b, c), add(k, w(t + 1)))); a = rotl(a, 30);
    c = add(add(c, rotl(d, 5)), add(ch(e, a, b), add(k, w(t + 2)))); e = rotl(e, 30);
    b = add(add(b, rotl(c, 5)), add(ch(d, e, a), add(k, w(t + 3)))); d = rotl(d, 30);
    a = add(add(a, rotl(b, 5)), add(ch(c, d, e), add(k, w(t + 4)))); c = rotl(c, 30);
  }
  k = i32x4.splat(0x6ed9eba1);
  for (; t < 40; t += 5) {
    e = add(add(e, rotl(a, 5)), add(parity(b, c, d), add(k, w(t)))); b = rotl(b, 30);
    d = add(add(d, rotl(e, 5)), add(parity(a, b, c), add(k, w(t + 1)))); a = rotl(a, 30);
    c = add(add(c, rotl(d, 5)), add(parity(e, a, b), add(k, w(t + 2)))); e = rotl(e, 30);
    b = add(add(b, rotl(c, 5)), add(parity(d, e, a), add(k, w(t + 3)))); d = rotl(d, 30);
    a = add(add(a, rotl(b, 5)), add(parity(c, d, e), add(k, w(t + 4)))); c = rotl(c, 30);
  }
  k = i32x4.splat(0x8f1bbcdc);
  for (; t < 60; t += 5) {
    e = add(add(e, rotl(a, 5)), add(maj(b, c, d), add(k, w(t)))); b = rotl(b, 30);
    d = add(add(d, rotl(e, 5)), add(maj(a, b, c), add(k, w(t + 1)))); a = rotl(a, 30);
    c = add(add(c, rotl(d, 5)), add(maj(e, a, b), add(k, w(t + 2)))); e = rotl(e, 30);
    b = add(add(b, rotl(c, 5)), add(maj(d, e, a), add(k, w(t + 3)))); d = rotl(d, 30);
    a = add(add(a, rotl(b, 5)), add(maj(c, d, e), add(k, w(t + 4)))); c = rotl(c, 30);
  }
  k = i32x4.splat(0xca62c1d6);
  for (; t < 80; t += 5) {
    e = add(add(e, rotl(a, 5)), add(parity(b, c, d), add(k, w(t)))); b = rotl(b, 30);
    d = add(add(d, rotl(e, 5)), add(parity(a, b, c), add(k, w(t + 1)))); a = rotl(a, 30);
    c = add(add(c, rotl(d, 5)), add(parity(e, a, b), add(k, w(t + 2)))); e = rotl(e, 30);
    b = add(add(b, rotl(c, 5)), add(parity(d, e, a), add(k, w(t + 3)))); d = rotl(d, 30);
    a = add(add(a, rotl(b, 5)), add(parity(c, d, e), add(k, w(t + 4)))); c = rotl(c, 30);
  }
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 0), a), 0);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 16), b), 16);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 32), c), 32);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 48), d), 48);
  v128.store(LANE_STATE, add(v128.load(LANE_STATE, 64), e), 64);
}

/** Puts message `next` (if any) into lane `l`; returns the index of the next unassigned message. */
function startLane(alg: u32, l: usize, base: usize, desc: usize, count: u32, next: u32): u32 {
  const slot = l << 2;
  if (next >= count) {
    store<i32>(LANE_MSG + slot, -1);
    return next;
  }
  const data = base + <usize>load<u32>(desc + (<usize>next << 3));
  const len = <usize>load<u32>(desc + (<usize>next << 3), 4);
  const full = len >>> 6;
  const tail = padTail(alg, LANE_TAIL + (l << 7), data + (full << 6), len & 63, <u64>len);
  store<i32>(LANE_MSG + slot, <i32>next);
  store<u32>(LANE_BLOCK + slot, 0);
  store<u32>(LANE_FULL + slot, <u32>full);
  store<u32>(LANE_TOTAL + slot, <u32>(full + tail));
  store<u32>(LANE_DATA + slot, <u32>data);
  const iv = ivOf(alg);
  const words = <usize>load<u8>(STATE_WORDS + alg);
  for (let i: usize = 0; i < words; i++) store<u32>(LANE_STATE + (i << 4) + slot, load<u32>(iv + (i << 2)));
  return next + 1;
}

/**
 * Hashes `count` messages described at `desc` (u32 offset from `base`, u32
 * length, per message) and writes their digests back to back at `out`.
 */
export function batchLanes(alg: u32, base: usize, desc: usize, count: u32, out: usize): void {
  const dlen = digestBytes(alg);
  let next: u32 = 0;
  for (let l: usize = 0; l < 4; l++) next = startLane(alg, l, base, desc, count, next);
  for (;;) {
    let active = 0;
    for (let l: usize = 0; l < 4; l++) {
      const slot = l << 2;
      if (load<i32>(LANE_MSG + slot) < 0) continue;
      active++;
      const block = <usize>load<u32>(LANE_BLOCK + slot);
      const full = <usize>load<u32>(LANE_FULL + slot);
      const p = block < full
        ? <usize>load<u32>(LANE_DATA + slot) + (block << 6)
        : LANE_TAIL + (l << 7) + ((block - full) << 6);
      // Big-endian words (§3.1) into column l of W_0..15.
      for (let j: usize = 0; j < 16; j++) store<u32>(SCHEDULE + (j << 4) + slot, bswap<u32>(load<u32>(p + (j << 2))));
    }
    if (active == 0) return;
    if (alg == SHA1) compress1x4();
    else compress256x4();
    for (let l: usize = 0; l < 4; l++) {
      const slot = l << 2;
      const msg = load<i32>(LANE_MSG + slot);
      if (msg < 0) continue;
      const block = load<u32>(LANE_BLOCK + slot) + 1;
      store<u32>(LANE_BLOCK + slot, block);
      if (block < load<u32>(LANE_TOTAL + slot)) continue;
      const dst = out + <usize>msg * dlen;
      for (let i: usize = 0; i < dlen; i += 4) store<u32>(dst + i, bswap<u32>(load<u32>(LANE_STATE + (i << 2) + slot)));
      next = startLane(alg, l, base, desc, count, next);
    }
  }
}
