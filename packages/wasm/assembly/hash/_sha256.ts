// SHA-256 compression (FIPS 180-4 §6.2.2), shared by SHA-224 (§6.3), which
// differs only in its initial value and truncated output.
//
// Written for V8's wasm tiers; each step measured at 20 KB in one process
// against hash-wasm: a looped version with the schedule in memory ran at
// 0.76×; a rolling 16-word schedule in locals, SIMD byte swapping and the
// chaining state left in memory gave 0.92×; all 64 rounds spelled out, the
// schedule computed just before use and Maj carried between rounds 0.97×;
// K_t as immediates and STATE at a fixed address 1.0×.
import { STATE } from './_scratch';

// §4.2.2: first 32 bits of the fractional parts of the cube roots of the
// first 64 primes. The four-lane kernel reads them from here; the rounds
// below carry the same values as immediates.
export const K256: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
], 16);

// §4.1.2 functions.
@inline function bigS0(x: u32): u32 { return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22); }
@inline function bigS1(x: u32): u32 { return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25); }
@inline function smallS0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3); }
@inline function smallS1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10); }
@inline function ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
/** Reverses the bytes of each 32-bit lane. */
export const BSWAP32: v128 = i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);

/** Runs `blocks` consecutive 64-byte blocks from `src` through the chaining state at STATE. */
export function compress256(src: usize, blocks: usize): void {
  for (let n: usize = 0; n < blocks; n++) {
    const p = src + (n << 6);
    // §6.2.2 step 1: the message schedule as a rolling window of 16 locals;
    // W_t (t ≥ 16) replaces W_t−16 just before round t.
    // Big-endian words (§3.1) are byte-swapped four at a time.
    let v = i8x16.swizzle(v128.load(p, 0), BSWAP32);
    let w0 = i32x4.extract_lane(v, 0), w1 = i32x4.extract_lane(v, 1);
    let w2 = i32x4.extract_lane(v, 2), w3 = i32x4.extract_lane(v, 3);
    v = i8x16.swizzle(v128.load(p, 16), BSWAP32);
    let w4 = i32x4.extract_lane(v, 0), w5 = i32x4.extract_lane(v, 1);
    let w6 = i32x4.extract_lane(v, 2), w7 = i32x4.extract_lane(v, 3);
    v = i8x16.swizzle(v128.load(p, 32), BSWAP32);
    let w8 = i32x4.extract_lane(v, 0), w9 = i32x4.extract_lane(v, 1);
    let w10 = i32x4.extract_lane(v, 2), w11 = i32x4.extract_lane(v, 3);
    v = i8x16.swizzle(v128.load(p, 48), BSWAP32);
    let w12 = i32x4.extract_lane(v, 0), w13 = i32x4.extract_lane(v, 1);
    let w14 = i32x4.extract_lane(v, 2), w15 = i32x4.extract_lane(v, 3);
    // Steps 2–3. The working variables rotate roles instead of being moved:
    // round t writes T1 into the variable playing h, then d += T1, h += T2.
    let a = load<u32>(STATE, 0), b = load<u32>(STATE, 4), c = load<u32>(STATE, 8), d = load<u32>(STATE, 12);
    let e = load<u32>(STATE, 16), f = load<u32>(STATE, 20), g = load<u32>(STATE, 24), h = load<u32>(STATE, 28);
    // Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and this round's a ^ b is the next
    // round's b ^ c: x and y carry it, alternately.
    let x: u32 = 0, y = b ^ c;
    h += bigS1(e) + ch(e, f, g) + 0x428a2f98 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    g += bigS1(d) + ch(d, e, f) + 0x71374491 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    f += bigS1(c) + ch(c, d, e) + 0xb5c0fbcf + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    e += bigS1(b) + ch(b, c, d) + 0xe9b5dba5 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    d += bigS1(a) + ch(a, b, c) + 0x3956c25b + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    c += bigS1(h) + ch(h, a, b) + 0x59f111f1 + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    b += bigS1(g) + ch(g, h, a) + 0x923f82a4 + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    a += bigS1(f) + ch(f, g, h) + 0xab1c5ed5 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    h += bigS1(e) + ch(e, f, g) + 0xd807aa98 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    g += bigS1(d) + ch(d, e, f) + 0x12835b01 + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    f += bigS1(c) + ch(c, d, e) + 0x243185be + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    e += bigS1(b) + ch(b, c, d) + 0x550c7dc3 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    d += bigS1(a) + ch(a, b, c) + 0x72be5d74 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    c += bigS1(h) + ch(h, a, b) + 0x80deb1fe + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    b += bigS1(g) + ch(g, h, a) + 0x9bdc06a7 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    a += bigS1(f) + ch(f, g, h) + 0xc19bf174 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0xe49b69c1 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0xefbe4786 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x0fc19dc6 + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x240ca1cc + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x2de92c6f + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x4a7484aa + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x5cb0a9dc + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x76f988da + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0x983e5152 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0xa831c66d + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0xb00327c8 + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0xbf597fc7 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0xc6e00bf3 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xd5a79147 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0x06ca6351 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0x14292967 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0x27b70a85 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0x2e1b2138 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x4d2c6dfc + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x53380d13 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x650a7354 + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x766a0abb + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x81c2c92e + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x92722c85 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0xa2bfe8a1 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0xa81a664b + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0xc24b8b70 + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0xc76c51a3 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0xd192e819 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xd6990624 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0xf40e3585 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0x106aa070 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0x19a4c116 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0x1e376c08 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x2748774c + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x34b0bcb5 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x391c0cb3 + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x4ed8aa4a + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x5b9cca4f + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x682e6ff3 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0x748f82ee + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0x78a5636f + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0x84c87814 + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0x8cc70208 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0x90befffa + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xa4506ceb + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0xbef9a3f7 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0xc67178f2 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    // Step 4: the chaining state stays in memory, which leaves the locals to the rounds.
    store<u32>(STATE, load<u32>(STATE, 0) + a, 0); store<u32>(STATE, load<u32>(STATE, 4) + b, 4);
    store<u32>(STATE, load<u32>(STATE, 8) + c, 8); store<u32>(STATE, load<u32>(STATE, 12) + d, 12);
    store<u32>(STATE, load<u32>(STATE, 16) + e, 16); store<u32>(STATE, load<u32>(STATE, 20) + f, 20);
    store<u32>(STATE, load<u32>(STATE, 24) + g, 24); store<u32>(STATE, load<u32>(STATE, 28) + h, 28);
  }
}
