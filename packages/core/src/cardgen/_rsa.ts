/**
 * Deterministic RSA test keys: primes drawn from the DRBG and tested with
 * Miller–Rabin (FIPS 186-5 B.3), the private key handed to node:crypto as a
 * JWK so every private-key operation runs in OpenSSL.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { bigToBytes, bytesToBig, type Drbg } from './drbg.js';

const SMALL_PRIMES: readonly bigint[] = (() => {
  const out: bigint[] = [];
  for (let n = 3; out.length < 400; n += 2) {
    let prime = true;
    for (const p of out) {
      if (p * p > BigInt(n)) break;
      if (BigInt(n) % p === 0n) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(BigInt(n));
  }
  return out;
})();

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return r;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return ((oldS % m) + m) % m;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** Miller–Rabin with `rounds` DRBG-chosen bases (FIPS 186-5 B.3.1). */
function probablyPrime(n: bigint, rounds: number, drbg: Drbg): boolean {
  for (const p of SMALL_PRIMES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  next: for (let i = 0; i < rounds; i++) {
    const a = 2n + drbg.scalar(n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let j = 1; j < s; j++) {
      x = (x * x) % n;
      if (x === n - 1n) continue next;
    }
    return false;
  }
  return true;
}

/** A prime of exactly `bits` bits with the two top bits set (so p·q has 2·bits bits), p−1 coprime to e. */
function randomPrime(bits: number, e: bigint, drbg: Drbg): bigint {
  const len = Math.ceil(bits / 8);
  const top = 3n << BigInt(bits - 2);
  for (;;) {
    let c = bytesToBig(drbg.bytes(len)) >> BigInt(len * 8 - bits);
    c |= top | 1n;
    if (gcd(c - 1n, e) !== 1n) continue;
    if (probablyPrime(c, 8, drbg)) return c;
  }
}

export interface RsaPrivate {
  readonly bits: number;
  readonly n: bigint;
  readonly e: bigint;
  readonly d: bigint;
  readonly privateKey: KeyObject;
}

const b64u = (n: bigint): string => {
  const len = Math.max(1, Math.ceil(n.toString(16).length / 2));
  return Buffer.from(bigToBytes(n, len)).toString('base64url');
};

/** A deterministic RSA key of `bits` bits with e = 65537. */
export function generateRsa(bits: number, drbg: Drbg): RsaPrivate {
  const e = 65537n;
  for (;;) {
    const p = randomPrime(bits / 2, e, drbg);
    const q = randomPrime(bits / 2, e, drbg);
    if (p === q) continue;
    const n = p * q;
    if (n.toString(2).length !== bits) continue;
    const phi = (p - 1n) * (q - 1n);
    const d = modInverse(e, phi);
    const jwk = {
      kty: 'RSA',
      n: b64u(n),
      e: b64u(e),
      d: b64u(d),
      p: b64u(p),
      q: b64u(q),
      dp: b64u(d % (p - 1n)),
      dq: b64u(d % (q - 1n)),
      qi: b64u(modInverse(q, p)),
    };
    return { bits, n, e, d, privateKey: createPrivateKey({ key: jwk, format: 'jwk' }) };
  }
}
