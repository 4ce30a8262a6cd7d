/**
 * Replay cache for request nonces. A nonce is remembered per key id for
 * twice the allowed clock skew, long enough that a captured request can never
 * be replayed while its timestamp is still accepted.
 *
 * `MemoryNonceStore` serves one process: entries live in insertion order (all
 * share one TTL), so pruning pops expired entries from the front. Several
 * instances behind one load balancer share `PostgresNonceStore` instead, so a
 * request replayed to another instance is refused too.
 */
/** How long a nonce is remembered: twice the accepted clock skew. */
import { MAX_SKEW_SECONDS } from './signing.js';

/** How long a nonce is remembered: twice the accepted clock skew. */
export const NONCE_TTL_MS = 2 * MAX_SKEW_SECONDS * 1000;

export interface NonceStore {
  /** Records the nonce; false when it was already seen and is still live. */
  remember(keyId: string, nonce: string, nowMs: number): boolean | Promise<boolean>;
}

export class MemoryNonceStore implements NonceStore {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #expiry = new Map<string, number>();

  constructor(ttlMs: number, maxEntries = 1_000_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#expiry.size;
  }

  /** Throws a RangeError when full of live entries; the caller answers 503. */
  remember(keyId: string, nonce: string, nowMs: number): boolean {
    this.#prune(nowMs);
    const k = `${keyId}\u0000${nonce}`;
    const exp = this.#expiry.get(k);
    if (exp !== undefined && exp > nowMs) return false;
    if (this.#expiry.size >= this.#maxEntries) throw new RangeError('nonce cache full');
    this.#expiry.set(k, nowMs + this.#ttlMs);
    return true;
  }

  #prune(nowMs: number): void {
    for (const [k, exp] of this.#expiry) {
      if (exp > nowMs) break;
      this.#expiry.delete(k);
    }
  }
}
