// Four messages at once in the 32-bit lanes of v128 (SHA-1, SHA-224,
// SHA-256). Each lane runs its own message: when one finishes, its digest is
// written and the next message of the batch takes the lane, so lanes stay
// busy however the lengths differ. Lanes without work hash stale words that
// nobody reads.
import { digestBytes, ivOf, SHA1, STATE_WORDS } from './_params';
import { padTail } from './_md';
import {
  LANE_BLOCK, LANE_DATA, LANE_FULL, LANE_LEN, LANE_MSG, LANE_STATE, LANE_TAIL, LANE_TOTAL, PAD_SCHEDULE, SCHEDULE,
} from './_scratch';
import { K256 } from './_sha256';

// K_t of SHA-256 splatted across the four lanes once, at instantiation.
const K4: usize = memory.data(64 * 16, 16);
for (let t: usize = 0; t < 64; t++) v128.store(K4 + (t << 4), i32x4.splat(load<u32>(K256 + (t << 2))));

@inline function add(a: v128, b: v128): v128 { return i32x4.add(a, b); }
@inline function rotr(x: v128, n: i32): v128 { return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n)); }
@inline function rotl(x: v128, n: i32): v128 { return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n)); }
@inline function w(t: usize): v128 { return v128.load(SCHEDULE + (t << 4)); }
@inline function wAt(base: usize, t: usize): v128 { return v128.load(base + (t << 4)); }
// x ? y : z per bit, and majority (FIPS 180-4 §4.1.1, §4.1.2).
@inline function ch(x: v128, y: v128, z: v128): v128 { return v128.bitselect(y, z, x); }
@inline function maj(x: v128, y: v128, z: v128): v128 { return v128.bitselect(y, x, v128.xor(x, z)); }
@inline function parity(x: v128, y: v128, z: v128): v128 { return v128.xor(v128.xor(x, y), z); }
// SHA-256 Σ0, Σ1, σ0, σ1 (§4.1.2).
@inline function bigS0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 2), rotr(x, 13)), rotr(x, 22)); }
@inline function bigS1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 6), rotr(x, 11)), rotr(x, 25)); }
@inline function smallS0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 7), rotr(x, 18)), i32x4.shr_u(x, 3)); }
@inline function smallS1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 17), rotr(x, 19)), i32x4.shr_u(x, 10)); }
@inline function kw(base: usize, t: usize): v128 { return add(wAt(base, t), v128.load(K4 + (t << 4))); }

/** §6.2.2 step 1 for t = 16..63, in place over the W_0..15 at `base`. */
@inline function expand256(base: usize): void {
  for (let t: usize = 16; t < 64; t++) {
    v128.store(base + (t << 4), add(add(smallS1(wAt(base, t - 2)), wAt(base, t - 7)), add(smallS0(wAt(base, t - 15)), wAt(base, t - 16))));
  }
}

/** Steps 2–4 of one SHA-256 block in each lane, schedule at `base`, state in LANE_STATE. */
@inline function rounds256(base: usize): void {
  let a = v128.load(LANE_STATE, 0), b = v128.load(LANE_STATE, 16), c = v128.load(LANE_STATE, 32);
  let d = v128.load(LANE_STATE, 48), e = v128.load(LANE_STATE, 64), f = v128.load(LANE_STATE, 80);
  let g = v128.load(LANE_STATE, 96), h = v128.load(LANE_STATE, 112);
  // Eight rounds per pass with rotating roles, as in _sha256.ts.
  for (let t: usize = 0; t < 64; t += 8) {
    h = add(add(h, bigS1(e)), add(ch(e, f, g), kw(base, t))); d = add(d, h); h = add(h, add(bigS0(a), maj(a, b, c)));
    g = add(add(g, bigS1(d)), add(ch(d, e, f), kw(base, t + 1))); c = add(c, g); g = add(g, add(bigS0(h), maj(h, a, b)));
    f = add(add(f, bigS1(c)), add(ch(c, d, e), kw(base, t + 2))); b = add(b, f); f = add(f, add(bigS0(g), maj(g, h, a)));
    e = add(add(e, bigS1(b)), add(ch(b, c, d), kw(base, t + 3))); a = add(a, e); e = add(e, add(bigS0(f), maj(f, g, h)));
    d = add(add(d, bigS1(a)), add(ch(a, b, c), kw(base, t + 4))); h = add(h, d); d = add(d, add(bigS0(e), maj(e, f, g)));
    c = add(add(c, bigS1(h)), add(ch(h, a, b), kw(base, t + 5))); g = add(g, c); c = add(c, add(bigS0(d), maj(d, e, f)));
    b = add(add(b, bigS1(g)), add(ch(g, h, a), kw(base, t + 6))); f = add(f, b); b = add(b, add(bigS0(c), maj(c, d, e)));
    a = add(add(a, bigS1(f)), add(ch(f, g, h), kw(base, t + 7))); e = add(e, a); a = add(a, add(bigS0(b), maj(b, c, d)));
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
  store<u32>(LANE_LEN + slot, <u32>len);
  const iv = ivOf(alg);
  const words = <usize>load<u8>(STATE_WORDS + alg);
  for (let i: usize = 0; i < words; i++) store<u32>(LANE_STATE + (i << 4) + slot, load<u32>(iv + (i << 2)));
  return next + 1;
}

/** Address of the block lane `l` hashes next (an idle lane points at its stale tail). */
@inline function blockOf(l: usize): usize {
  const slot = l << 2;
  if (load<i32>(LANE_MSG + slot) < 0) return LANE_TAIL + (l << 7);
  const block = <usize>load<u32>(LANE_BLOCK + slot);
  const full = <usize>load<u32>(LANE_FULL + slot);
  return block < full ? <usize>load<u32>(LANE_DATA + slot) + (block << 6) : LANE_TAIL + (l << 7) + ((block - full) << 6);
}

/**
 * W_0..15 of the four lanes' blocks into SCHEDULE, lane l in column l: per
 * 16 bytes of each block, two byte shuffles swap to big-endian (§3.1) and
 * pair lanes up, two word shuffles finish the 4 × 4 transpose.
 */
function gather(): void {
  const p0 = blockOf(0), p1 = blockOf(1), p2 = blockOf(2), p3 = blockOf(3);
  for (let q: usize = 0; q < 64; q += 16) {
    const r0 = v128.load(p0 + q), r1 = v128.load(p1 + q), r2 = v128.load(p2 + q), r3 = v128.load(p3 + q);
    const t0 = i8x16.shuffle(r0, r1, 3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20);
    const t1 = i8x16.shuffle(r0, r1, 11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28);
    const t2 = i8x16.shuffle(r2, r3, 3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20);
    const t3 = i8x16.shuffle(r2, r3, 11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28);
    const w = SCHEDULE + (q << 2);
    v128.store(w, i32x4.shuffle(t0, t2, 0, 1, 4, 5), 0);
    v128.store(w, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
    v128.store(w, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
    v128.store(w, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
  }
}

/**
 * The length of the message if every lane is on a block that holds no
 * message bytes (only padding and the length field, §5.1.1) and all four
 * messages have that same length; otherwise −1. Such a block, and so its
 * whole schedule, depends on the length alone.
 */
function sharedPaddingLength(): i64 {
  const len = load<u32>(LANE_LEN);
  for (let slot: usize = 0; slot < 16; slot += 4) {
    if (load<i32>(LANE_MSG + slot) < 0 || load<u32>(LANE_LEN + slot) != len) return -1;
    const rem = len & 63;
    const block = load<u32>(LANE_BLOCK + slot) - load<u32>(LANE_FULL + slot);
    // rem == 0: the single tail block is all padding; rem ≥ 56: the second one is.
    if (!((rem == 0 && block == 0) || (rem >= 56 && block == 1))) return -1;
  }
  return <i64>len;
}

/**
 * Hashes `count` messages described at `desc` (u32 offset from `base`, u32
 * length, per message) and writes their digests back to back at `out`.
 */
export function batchLanes(alg: u32, base: usize, desc: usize, count: u32, out: usize): void {
  const dlen = digestBytes(alg);
  let next: u32 = 0;
  let cachedLength: i64 = -1;
  for (let l: usize = 0; l < 4; l++) next = startLane(alg, l, base, desc, count, next);
  while (load<i32>(LANE_MSG) >= 0 || load<i32>(LANE_MSG, 4) >= 0 || load<i32>(LANE_MSG, 8) >= 0 || load<i32>(LANE_MSG, 12) >= 0) {
    if (alg == SHA1) {
      gather();
      compress1x4();
    } else {
      const shared = sharedPaddingLength();
      if (shared < 0) {
        gather();
        expand256(SCHEDULE);
        rounds256(SCHEDULE);
      } else {
        // Same padding block in all lanes (uniform batches, e.g. 64-byte
        // messages): its schedule is computed once per batch and reused.
        if (shared != cachedLength) {
          gather();
          for (let t: usize = 0; t < 16; t++) v128.store(PAD_SCHEDULE + (t << 4), v128.load(SCHEDULE + (t << 4)));
          expand256(PAD_SCHEDULE);
          cachedLength = shared;
        }
        rounds256(PAD_SCHEDULE);
      }
    }
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
