/**
 * Deterministic RSA test keys: prime candidates drawn from the DRBG (FIPS
 * 186-5 A.1.3 style: top two bits set, p − 1 coprime to e), primality
 * checked by OpenSSL, the private key handed to node:crypto as a JWK so
 * every private-key operation runs in OpenSSL.
 */
import { checkPrimeSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { bigToBytes, bytesToBig, type Drbg } from './drbg.js';

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

/** Odd primes below 20,000 (Eratosthenes), for sieving candidates before OpenSSL's test. */
const SMALL_PRIMES: readonly number[] = (() => {
  const limit = 20_000;
  const composite = new Uint8Array(limit);
  const out: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    out.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  return out;
})();

/**
 * A prime of exactly `bits` bits with the two top bits set (so p·q has
 * 2·bits bits) and p − 1 coprime to e: an incremental search from a DRBG
 * start, candidates sieved by small primes (residues kept as numbers), the
 * survivors checked by OpenSSL's BN_check_prime. A prime always passes that
 * test, so the result depends only on the DRBG stream.
 */
function randomPrime(bits: number, e: bigint, drbg: Drbg): bigint {
  const len = Math.ceil(bits / 8);
  const top = 3n << BigInt(bits - 2);
  for (;;) {
    const start = (bytesToBig(drbg.bytes(len)) >> BigInt(len * 8 - bits)) | top | 1n;
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let delta = 0; delta < 1 << 16; delta += 2) {
      let sieved = true;
      for (let i = 0; i < SMALL_PRIMES.length; i++) {
        if ((residues[i]! + delta) % SMALL_PRIMES[i]! === 0) {
          sieved = false;
          break;
        }
      }
      if (!sieved) continue;
      const c = start + BigInt(delta);
      if (c >> BigInt(bits) !== 0n) break;
      if (gcd(c - 1n, e) === 1n && checkPrimeSync(c)) return c;
    }
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
