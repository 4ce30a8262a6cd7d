/**
 * Replay cache for request nonces. A nonce is remembered per key id for
 * twice the allowed clock skew, long enough that a captured request can never
 * be replayed while its timestamp is still accepted.
 *
 * Single-process: entries live in insertion order (all share one TTL), so
 * pruning pops expired entries from the front. A deployment with several
 * instances needs a shared store behind the same interface.
 */
export interface NonceStore {
  /** Records the nonce; false when it was already seen and is still live. */
  remember(keyId: string, nonce: string, nowMs: number): boolean;
  readonly size: number;
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
