// SHA-512 compression (FIPS 180-4 §6.4.2), shared by SHA-384 (§6.5), which
// differs only in its initial value and truncated output. Same shape as
// _sha256.ts: 80 rounds written out with K_t (§4.2.3) as immediates, a
// rolling 16-word schedule in locals, Maj carried between rounds.
import { STATE } from './_scratch';

/** Reverses the bytes of each 64-bit lane. */
const BSWAP64: v128 = i8x16(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);

// §4.1.3 functions.
@inline function bigS0(x: u64): u64 { return rotr<u64>(x, 28) ^ rotr<u64>(x, 34) ^ rotr<u64>(x, 39); }
@inline function bigS1(x: u64): u64 { return rotr<u64>(x, 14) ^ rotr<u64>(x, 18) ^ rotr<u64>(x, 41); }
@inline function smallS0(x: u64): u64 { return rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >>> 7); }
@inline function smallS1(x: u64): u64 { return rotr<u64>(x, 19) ^ rotr<u64>(x, 61) ^ (x >>> 6); }
@inline function ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }

/** Runs `blocks` consecutive 128-byte blocks from `src` through the chaining state at STATE. */
export function compress512(src: usize, blocks: usize): void {
  for (let n: usize = 0; n < blocks; n++) {
    const p = src + (n << 7);
    // Step 1: W_0..15, big-endian (§3.1), byte-swapped two at a time.
    let v = i8x16.swizzle(v128.load(p, 0), BSWAP64);
    let w0 = i64x2.extract_lane(v, 0), w1 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 16), BSWAP64);
    let w2 = i64x2.extract_lane(v, 0), w3 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 32), BSWAP64);
    let w4 = i64x2.extract_lane(v, 0), w5 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 48), BSWAP64);
    let w6 = i64x2.extract_lane(v, 0), w7 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 64), BSWAP64);
    let w8 = i64x2.extract_lane(v, 0), w9 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 80), BSWAP64);
    let w10 = i64x2.extract_lane(v, 0), w11 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 96), BSWAP64);
    let w12 = i64x2.extract_lane(v, 0), w13 = i64x2.extract_lane(v, 1);
    v = i8x16.swizzle(v128.load(p, 112), BSWAP64);
    let w14 = i64x2.extract_lane(v, 0), w15 = i64x2.extract_lane(v, 1);
    // Steps 2–3. Working variables rotate roles instead of being moved.
    let a = load<u64>(STATE, 0), b = load<u64>(STATE, 8), c = load<u64>(STATE, 16), d = load<u64>(STATE, 24);
    let e = load<u64>(STATE, 32), f = load<u64>(STATE, 40), g = load<u64>(STATE, 48), h = load<u64>(STATE, 56);
    // Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b; x and y carry a ^ b into the next round as its b ^ c.
    let x: u64 = 0, y = b ^ c;
    h += bigS1(e) + ch(e, f, g) + 0x428a2f98d728ae22 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    g += bigS1(d) + ch(d, e, f) + 0x7137449123ef65cd + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    f += bigS1(c) + ch(c, d, e) + 0xb5c0fbcfec4d3b2f + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    e += bigS1(b) + ch(b, c, d) + 0xe9b5dba58189dbbc + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    d += bigS1(a) + ch(a, b, c) + 0x3956c25bf348b538 + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    c += bigS1(h) + ch(h, a, b) + 0x59f111f1b605d019 + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    b += bigS1(g) + ch(g, h, a) + 0x923f82a4af194f9b + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    a += bigS1(f) + ch(f, g, h) + 0xab1c5ed5da6d8118 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    h += bigS1(e) + ch(e, f, g) + 0xd807aa98a3030242 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    g += bigS1(d) + ch(d, e, f) + 0x12835b0145706fbe + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    f += bigS1(c) + ch(c, d, e) + 0x243185be4ee4b28c + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    e += bigS1(b) + ch(b, c, d) + 0x550c7dc3d5ffb4e2 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    d += bigS1(a) + ch(a, b, c) + 0x72be5d74f27b896f + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    c += bigS1(h) + ch(h, a, b) + 0x80deb1fe3b1696b1 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    b += bigS1(g) + ch(g, h, a) + 0x9bdc06a725c71235 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    a += bigS1(f) + ch(f, g, h) + 0xc19bf174cf692694 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0xe49b69c19ef14ad2 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0xefbe4786384f25e3 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x0fc19dc68b8cd5b5 + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x240ca1cc77ac9c65 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x2de92c6f592b0275 + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x4a7484aa6ea6e483 + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x5cb0a9dcbd41fbd4 + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x76f988da831153b5 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0x983e5152ee66dfab + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0xa831c66d2db43210 + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0xb00327c898fb213f + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0xbf597fc7beef0ee4 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0xc6e00bf33da88fc2 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xd5a79147930aa725 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0x06ca6351e003826f + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0x142929670a0e6e70 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0x27b70a8546d22ffc + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0x2e1b21385c26c926 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x4d2c6dfc5ac42aed + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x53380d139d95b3df + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x650a73548baf63de + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x766a0abb3c77b2a8 + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x81c2c92e47edaee6 + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x92722c851482353b + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0xa2bfe8a14cf10364 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0xa81a664bbc423001 + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0xc24b8b70d0f89791 + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0xc76c51a30654be30 + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0xd192e819d6ef5218 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xd69906245565a910 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0xf40e35855771202a + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0x106aa07032bbd1b8 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0x19a4c116b8d2d0c8 + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0x1e376c085141ab53 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0x2748774cdf8eeb99 + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0x34b0bcb5e19b48a8 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x391c0cb3c5c95a63 + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x4ed8aa4ae3418acb + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x5b9cca4f7763e373 + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x682e6ff3d6b2b8a3 + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0x748f82ee5defb2fc + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0x78a5636f43172f60 + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0x84c87814a1f0ab72 + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0x8cc702081a6439ec + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0x90befffa23631e28 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0xa4506cebde82bde9 + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0xbef9a3f7b2c67915 + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0xc67178f2e372532b + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w0 += smallS1(w14) + w9 + smallS0(w1);
    h += bigS1(e) + ch(e, f, g) + 0xca273eceea26619c + w0; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w1 += smallS1(w15) + w10 + smallS0(w2);
    g += bigS1(d) + ch(d, e, f) + 0xd186b8c721c0c207 + w1; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w2 += smallS1(w0) + w11 + smallS0(w3);
    f += bigS1(c) + ch(c, d, e) + 0xeada7dd6cde0eb1e + w2; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w3 += smallS1(w1) + w12 + smallS0(w4);
    e += bigS1(b) + ch(b, c, d) + 0xf57d4f7fee6ed178 + w3; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w4 += smallS1(w2) + w13 + smallS0(w5);
    d += bigS1(a) + ch(a, b, c) + 0x06f067aa72176fba + w4; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w5 += smallS1(w3) + w14 + smallS0(w6);
    c += bigS1(h) + ch(h, a, b) + 0x0a637dc5a2c898a6 + w5; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w6 += smallS1(w4) + w15 + smallS0(w7);
    b += bigS1(g) + ch(g, h, a) + 0x113f9804bef90dae + w6; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w7 += smallS1(w5) + w0 + smallS0(w8);
    a += bigS1(f) + ch(f, g, h) + 0x1b710b35131c471b + w7; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    w8 += smallS1(w6) + w1 + smallS0(w9);
    h += bigS1(e) + ch(e, f, g) + 0x28db77f523047d84 + w8; d += h; h += bigS0(a) + (((x = a ^ b) & y) ^ b);
    w9 += smallS1(w7) + w2 + smallS0(w10);
    g += bigS1(d) + ch(d, e, f) + 0x32caab7b40c72493 + w9; c += g; g += bigS0(h) + (((y = h ^ a) & x) ^ a);
    w10 += smallS1(w8) + w3 + smallS0(w11);
    f += bigS1(c) + ch(c, d, e) + 0x3c9ebe0a15c9bebc + w10; b += f; f += bigS0(g) + (((x = g ^ h) & y) ^ h);
    w11 += smallS1(w9) + w4 + smallS0(w12);
    e += bigS1(b) + ch(b, c, d) + 0x431d67c49c100d4c + w11; a += e; e += bigS0(f) + (((y = f ^ g) & x) ^ g);
    w12 += smallS1(w10) + w5 + smallS0(w13);
    d += bigS1(a) + ch(a, b, c) + 0x4cc5d4becb3e42b6 + w12; h += d; d += bigS0(e) + (((x = e ^ f) & y) ^ f);
    w13 += smallS1(w11) + w6 + smallS0(w14);
    c += bigS1(h) + ch(h, a, b) + 0x597f299cfc657e2a + w13; g += c; c += bigS0(d) + (((y = d ^ e) & x) ^ e);
    w14 += smallS1(w12) + w7 + smallS0(w15);
    b += bigS1(g) + ch(g, h, a) + 0x5fcb6fab3ad6faec + w14; f += b; b += bigS0(c) + (((x = c ^ d) & y) ^ d);
    w15 += smallS1(w13) + w8 + smallS0(w0);
    a += bigS1(f) + ch(f, g, h) + 0x6c44198c4a475817 + w15; e += a; a += bigS0(b) + (((y = b ^ c) & x) ^ c);
    // Step 4.
    store<u64>(STATE, load<u64>(STATE, 0) + a, 0); store<u64>(STATE, load<u64>(STATE, 8) + b, 8);
    store<u64>(STATE, load<u64>(STATE, 16) + c, 16); store<u64>(STATE, load<u64>(STATE, 24) + d, 24);
    store<u64>(STATE, load<u64>(STATE, 32) + e, 32); store<u64>(STATE, load<u64>(STATE, 40) + f, 40);
    store<u64>(STATE, load<u64>(STATE, 48) + g, 48); store<u64>(STATE, load<u64>(STATE, 56) + h, 56);
  }
}
