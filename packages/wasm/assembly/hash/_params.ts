// Algorithm parameters as data (FIPS 180-4 §1 Figure 1, §5.3 initial hash
// values). Index = algorithm id shared with src/hash.ts:
// 0 SHA-1, 1 SHA-224, 2 SHA-256, 3 SHA-384, 4 SHA-512.

export const SHA1: u32 = 0;
export const SHA224: u32 = 1;
export const SHA256: u32 = 2;
export const SHA384: u32 = 3;
export const SHA512: u32 = 4;

/** Block size in bytes (§5.2). */
export const BLOCK_BYTES: usize = memory.data<u8>([64, 64, 64, 128, 128]);
/** Width of the message-length field that ends the padding, in bytes (§5.1.1, §5.1.2). */
export const LENGTH_FIELD_BYTES: usize = memory.data<u8>([8, 8, 8, 16, 16]);
/** Word size in bytes (§2.1). */
export const WORD_BYTES: usize = memory.data<u8>([4, 4, 4, 8, 8]);
/** Words of chaining state (§6.1.2, §6.2.2, §6.4.2). */
export const STATE_WORDS: usize = memory.data<u8>([5, 8, 8, 8, 8]);
/** Digest length in bytes; SHA-224 and SHA-384 truncate their state (§6.3, §6.5). */
export const DIGEST_BYTES: usize = memory.data<u8>([20, 28, 32, 48, 64]);

// §5.3.1–§5.3.5, one blob in native word order (as the compression functions
// hold their state); IV_OFFSET says where each algorithm's values start.
const IV_BLOB: usize = memory.data<u32>([
  // SHA-1 (5 words, padded to 8)
  0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0, 0, 0, 0,
  // SHA-224
  0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
  // SHA-256
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  // SHA-384, 64-bit words as (low, high) pairs
  0xc1059ed8, 0xcbbb9d5d, 0x367cd507, 0x629a292a, 0x3070dd17, 0x9159015a, 0xf70e5939, 0x152fecd8,
  0xffc00b31, 0x67332667, 0x68581511, 0x8eb44a87, 0x64f98fa7, 0xdb0c2e0d, 0xbefa4fa4, 0x47b5481d,
  // SHA-512, 64-bit words as (low, high) pairs
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
], 16);
const IV_OFFSET: usize = memory.data<u8>([0, 32, 64, 96, 160]);

@inline export function blockBytes(alg: u32): usize {
  return <usize>load<u8>(BLOCK_BYTES + alg);
}
@inline export function stateBytes(alg: u32): usize {
  return <usize>load<u8>(STATE_WORDS + alg) * <usize>load<u8>(WORD_BYTES + alg);
}
@inline export function digestBytes(alg: u32): usize {
  return <usize>load<u8>(DIGEST_BYTES + alg);
}
@inline export function ivOf(alg: u32): usize {
  return IV_BLOB + <usize>load<u8>(IV_OFFSET + alg);
}
