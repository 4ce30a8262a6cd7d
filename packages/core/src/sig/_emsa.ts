/**
 * Encoding checks applied to the RSA public-key result m = s^e mod n
 * (k bytes): EMSA-PKCS1-v1_5 (RFC 8017 §9.2, compared against the one DER
 * DigestInfo encoding, as §8.2.2 step 3–4 requires) and EMSA-PSS-VERIFY
 * (RFC 8017 §9.1.2).
 */
import { digest, digestLength } from './_hash.js';
import type { HashName, PssParams } from './_types.js';

// DER DigestInfo prefixes with NULL parameters (RFC 8017 §9.2 note 1).
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, Uint8Array>> = {
  sha1: Uint8Array.from([
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
  ]),
  sha224: hex('302d300d06096086480165030402040500041c'),
  sha256: hex('3031300d060960864801650304020105000420'),
  sha384: hex('3041300d060960864801650304020205000430'),
  sha512: hex('3051300d060960864801650304020305000440'),
};

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
}

export function checkPkcs1(em: Uint8Array, hash: HashName, h: Uint8Array): boolean {
  const prefix = DIGEST_INFO_PREFIX[hash];
  const tLen = prefix.length + h.length;
  const k = em.length;
  if (k < tLen + 11) return false;
  const psEnd = k - tLen - 1;
  let bad = em[0]! | (em[1]! ^ 1) | em[psEnd]!;
  for (let i = 2; i < psEnd; i++) bad |= em[i]! ^ 0xff;
  for (let i = 0; i < prefix.length; i++) bad |= em[psEnd + 1 + i]! ^ prefix[i]!;
  for (let i = 0; i < h.length; i++) bad |= em[psEnd + 1 + prefix.length + i]! ^ h[i]!;
  return bad === 0;
}

/** MGF1 (RFC 8017 §B.2.1). */
function mgf1(hash: HashName, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  // seed ‖ C with the 4-byte counter C rewritten in place.
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  const c = seed.length;
  for (let i = 0, off = 0; off < len; i++) {
    block[c] = i >>> 24;
    block[c + 1] = (i >>> 16) & 0xff;
    block[c + 2] = (i >>> 8) & 0xff;
    block[c + 3] = i & 0xff;
    const d = digest(hash, block);
    out.set(d.subarray(0, Math.min(d.length, len - off)), off);
    off += d.length;
  }
  return out;
}

/** EMSA-PSS-VERIFY on the k-byte result for a modulus of `modBits` bits; `mHash` = Hash(M). */
export function checkPss(emFull: Uint8Array, modBits: number, mHash: Uint8Array, p: PssParams): boolean {
  const emBits = modBits - 1;
  const emLen = (emBits + 7) >> 3;
  // When emBits is a multiple of 8 the result has one leading zero byte beyond EM (§8.1.2 step 2c).
  const lead = emFull.length - emLen;
  for (let i = 0; i < lead; i++) if (emFull[i] !== 0) return false;
  const em = emFull.subarray(lead);
  const hLen = digestLength(p.hash);
  if (mHash.length !== hLen) return false;
  if (emLen < hLen + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const hh = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topMask & 0xff) !== 0) return false;
  const db = mgf1(p.mgfHash, hh, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  // DB = PS (zeros) ‖ 0x01 ‖ salt (§9.1.2 steps 10–11).
  let one = 0;
  while (one < db.length && db[one] === 0) one++;
  if (one === db.length || db[one] !== 1) return false;
  const salt = db.subarray(one + 1);
  if (p.saltLength !== 'auto' && salt.length !== p.saltLength) return false;
  const h2 = digest(p.hash, new Uint8Array(8), mHash, salt);
  let diff = 0;
  for (let i = 0; i < hLen; i++) diff |= h2[i]! ^ hh[i]!;
  return diff === 0;
}
