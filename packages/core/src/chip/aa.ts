/**
 * Active authentication (ICAO 9303-11 §6.1): the server sends an 8-byte
 * nonce, the chip signs it with the DG15 private key. RSA keys use
 * ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery;
 * EC keys use ECDSA with the hash named in DG14's ActiveAuthenticationInfo,
 * signature as plain r‖s (BSI TR-03111 §5.2.1).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, readInteger } from '../der/index.js';
import { digestLength } from '../hash/index.js';
import { signatureAlgorithmFromOid } from '../sig/index.js';
import { at, seq, single, toHex } from './_asn1.js';
import { chipError } from './_fail.js';
import { hashBytes } from './_hash.js';
import { verifyWith } from './_sig.js';
import type { Dg14 } from './dg14.js';
import { parseDg14 } from './dg14.js';
import { type Dg15, parseDg15 } from './dg15.js';
import type { HashName } from './oids.js';

export interface Challenge {
  readonly bytes: Uint8Array;
  readonly expiresAt: Date;
}

export type ChallengeState = 'ok' | 'unknown' | 'expired' | 'used';

/** Where verification asks whether a challenge is fresh; consuming it makes it used. */
export interface ChallengeRegistry {
  consume(bytes: Uint8Array, now?: number): ChallengeState;
}

/**
 * Issued challenges, each usable once before it expires. In-memory; one
 * instance per process. A deployment with several nodes keeps challenges in
 * its shared database and hands verification a `singleUseChallenge` for the
 * one it took out.
 */
export class ChallengeStore implements ChallengeRegistry {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #issued = new Map<string, { expiresAt: number; used: boolean }>();

  constructor(opts: { ttlMs?: number; max?: number } = {}) {
    this.#ttlMs = opts.ttlMs ?? 120_000;
    this.#max = opts.max ?? 100_000;
    if (!(this.#ttlMs > 0)) throw chipError('DD_CHIP_BAD_ARGUMENT', 'ChallengeStore.ttlMs', 'must be > 0');
    if (!(this.#max > 0)) throw chipError('DD_CHIP_BAD_ARGUMENT', 'ChallengeStore.max', 'must be > 0');
  }

  create(now = Date.now()): Challenge {
    this.#prune(now);
    if (this.#issued.size >= this.#max) {
      // Oldest first: Map iteration order is insertion order.
      const oldest = this.#issued.keys().next().value;
      if (oldest !== undefined) this.#issued.delete(oldest);
    }
    const bytes = new Uint8Array(randomBytes(8));
    const expiresAt = now + this.#ttlMs;
    this.#issued.set(toHex(bytes), { expiresAt, used: false });
    return { bytes, expiresAt: new Date(expiresAt) };
  }

  /** Marks the challenge used; reports why it cannot be used otherwise. */
  consume(bytes: Uint8Array, now = Date.now()): ChallengeState {
    const e = this.#issued.get(toHex(bytes));
    if (!e) return 'unknown';
    if (e.used) return 'used';
    if (e.expiresAt < now) return 'expired';
    e.used = true;
    return 'ok';
  }

  #prune(now: number): void {
    for (const [k, v] of this.#issued) if (v.expiresAt < now) this.#issued.delete(k);
  }
}

/**
 * The registry for one challenge already taken out of a shared store (whose
 * atomic delete made it single-use across nodes): fresh until `expiresAtMs`,
 * used after the first consume, unknown for any other bytes.
 */
export function singleUseChallenge(nonce: Uint8Array, expiresAtMs: number): ChallengeRegistry {
  let used = false;
  return {
    consume(bytes: Uint8Array, now = Date.now()): ChallengeState {
      if (bytes.length !== nonce.length || !timingSafeEqual(bytes, nonce)) return 'unknown';
      if (used) return 'used';
      if (expiresAtMs < now) return 'expired';
      used = true;
      return 'ok';
    },
  };
}

const defaultStore = new ChallengeStore();

/** 8 random bytes (ICAO 9303-11 §6.1), registered for single use in `store` (default: a process-wide store). */
export const createChallenge = (store: ChallengeStore = defaultStore): Challenge => store.create();

export interface AaInput {
  /** DG15 file bytes (tag 0x6F) or parsed. */
  readonly dg15: Uint8Array | Dg15;
  /** DG14 file bytes or parsed; required for ECDSA (names the hash). */
  readonly dg14?: Uint8Array | Dg14;
  readonly challenge: Uint8Array;
  readonly signature: Uint8Array;
  /** Where the challenge was issued; `null` skips the freshness check (recorded sessions). Default: the process-wide store. */
  readonly store?: ChallengeRegistry | null;
}

export interface AaResult {
  readonly ok: boolean;
  /** Stable reason when not ok: challenge-unknown|challenge-expired|challenge-used|bad-challenge|no-aa-info|unsupported-algorithm|invalid-signature. */
  readonly reason: string | undefined;
  readonly algorithm: string;
}

/** ISO/IEC 10118-3 hash-function identifiers used in the 0x..CC trailer (ISO/IEC 9796-2 §8.1.2). */
const TRAILER_HASH: Readonly<Record<number, HashName>> = {
  51: 'sha1',
  52: 'sha256',
  53: 'sha512',
  54: 'sha384',
  56: 'sha224',
};

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** ISO/IEC 9796-2 scheme 1 verification with message recovery; M2 = the challenge. */
export function verifyIso9796Scheme1(
  rsaPublicKey: Uint8Array,
  challenge: Uint8Array,
  signature: Uint8Array,
): { ok: boolean; hash?: HashName } {
  const c = seq(single(rsaPublicKey, 'RSAPublicKey'), 'RSAPublicKey');
  const n = readInteger(at(c, 0, 'RSAPublicKey.modulus'), 'RSAPublicKey.modulus', true);
  const e = readInteger(at(c, 1, 'RSAPublicKey.publicExponent'), 'RSAPublicKey.publicExponent', true);
  const k = Math.ceil(n.toString(16).length / 2);
  const s = bytesToBigInt(signature);
  if (signature.length !== k || s >= n || s <= 0n) return { ok: false };
  let j = modPow(s, e, n);
  // §B.6: the representative ends in nibble 0xC; otherwise the signer used n − J.
  if ((j & 0xfn) !== 0xcn) j = n - j;
  const f = bigIntToBytes(j, k);
  let hash: HashName;
  let t: number;
  if (f[k - 1] === 0xbc) {
    hash = 'sha1';
    t = 1;
  } else if (f[k - 1] === 0xcc && TRAILER_HASH[f[k - 2]!]) {
    hash = TRAILER_HASH[f[k - 2]!]!;
    t = 2;
  } else return { ok: false };
  // Header 0x6A: bits 01, partial recovery, padding ended (ICAO 9303-11 §6.1.2).
  if (f[0] !== 0x6a) return { ok: false, hash };
  const hl = digestLength(hash);
  const m1 = f.subarray(1, k - t - hl);
  const h = f.subarray(k - t - hl, k - t);
  const m = new Uint8Array(m1.length + challenge.length);
  m.set(m1);
  m.set(challenge, m1.length);
  const d = hashBytes(hash, m);
  return { ok: d.length === h.length && timingSafeEqual(d, h), hash };
}

export function verifyActiveAuthentication(input: AaInput): AaResult {
  const dg15 = input.dg15 instanceof Uint8Array ? parseDg15(input.dg15) : input.dg15;
  const dg14 = input.dg14 instanceof Uint8Array ? parseDg14(input.dg14) : input.dg14;
  const key = dg15.publicKey;
  const algorithm =
    key.kind === 'rsa' ? 'iso9796-2-scheme1' : key.kind === 'ec' ? 'ecdsa-plain' : key.algorithm.oid;
  if (input.challenge.length !== 8) return { ok: false, reason: 'bad-challenge', algorithm };
  if (input.store !== null) {
    const state = (input.store ?? defaultStore).consume(input.challenge);
    if (state !== 'ok') return { ok: false, reason: `challenge-${state}`, algorithm };
  }
  if (key.kind === 'rsa') {
    const r = verifyIso9796Scheme1(key.publicKey, input.challenge, input.signature);
    return {
      ok: r.ok,
      reason: r.ok ? undefined : 'invalid-signature',
      algorithm: r.hash ? `${algorithm}-${r.hash}` : algorithm,
    };
  }
  if (key.kind === 'ec') {
    const oid = dg14?.activeAuthenticationAlgorithm;
    if (!oid) return { ok: false, reason: 'no-aa-info', algorithm };
    let hash: HashName;
    try {
      const e = signatureAlgorithmFromOid(oid);
      if (e.scheme !== 'ecdsa') return { ok: false, reason: 'unsupported-algorithm', algorithm };
      hash = e.hash;
    } catch {
      return { ok: false, reason: 'unsupported-algorithm', algorithm };
    }
    // ICAO 9303-11 §6.1: the ECDSA AA signature is plain r‖s (BSI TR-03111), whatever the OID's usual encoding.
    const r = verifyWith({
      alg: { scheme: 'ecdsa', hash, encoding: 'p1363' },
      key,
      message: input.challenge,
      signature: input.signature,
    });
    if (!r.ok && r.reason === 'unsupported-key') return { ok: false, reason: 'unsupported-key', algorithm };
    const ok = r.ok;
    return { ok, reason: ok ? undefined : 'invalid-signature', algorithm: `${algorithm}-${hash}` };
  }
  throw chipError('DD_CHIP_AA_KEY', 'DG15.SubjectPublicKeyInfo', `key algorithm ${key.algorithm.oid}`);
}
