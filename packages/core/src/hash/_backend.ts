import type { HashAlgorithm } from './_algorithms.js';

export type HashBackendName = 'wasm' | 'node' | 'noble';
export const HASH_BACKENDS: readonly HashBackendName[] = ['wasm', 'node', 'noble'];

/** Incremental hashing as each backend offers it; core wraps it in a Hasher. */
export interface BackendHasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

/**
 * One hashing implementation. Inputs reach a backend already checked (a
 * known algorithm, live Uint8Arrays); outputs are fresh Uint8Arrays the
 * caller owns.
 */
export interface HashBackend {
  readonly name: HashBackendName;
  digest(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  digestMany(alg: HashAlgorithm, messages: readonly Uint8Array[]): Uint8Array[];
  createHasher(alg: HashAlgorithm): BackendHasher;
}
