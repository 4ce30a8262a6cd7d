/**
 * Prepared public keys. A `SigKey` is the parsed key plus an identity the
 * backends hang per-key state on (a node KeyObject, the wasm kernel's
 * precomputed multiples of the public point). That state lives in bounded
 * caches, so holding many handles never holds unbounded memory.
 */
import { sigError } from './_errors.js';
import { parseSpki } from './_spki.js';
import type { PublicKeyInfo } from './_types.js';

export class SigKey {
  readonly info: PublicKeyInfo;
  /** True for handles from prepareKey: backends may build per-key precomputation for them. */
  readonly prepared: boolean;

  constructor(info: PublicKeyInfo, prepared: boolean) {
    this.info = info;
    this.prepared = prepared;
  }

  /** 'rsa' | 'ec', with the curve name or modulus size, for logs and routing (no key material). */
  get description(): string {
    const i = this.info;
    return i.kind === 'rsa' ? `rsa-${i.modulusBits}` : `ec-${i.curve.name}`;
  }
}

/** Parses an SPKI once and returns a reusable handle for bulk verification under that key. */
export function prepareKey(spki: Uint8Array): SigKey {
  return new SigKey(parseSpki(spki), true);
}

export function resolveKey(spki: Uint8Array | undefined, key: SigKey | undefined): SigKey {
  if (key !== undefined) {
    if (spki !== undefined)
      throw sigError('DD_SIG_PARAMS_INVALID', 'key', 'give either spki or key, not both');
    if (!(key instanceof SigKey))
      throw sigError('DD_SIG_PARAMS_INVALID', 'key', 'key must come from prepareKey');
    return key;
  }
  if (spki === undefined)
    throw sigError('DD_SIG_PARAMS_INVALID', 'spki', 'a public key (spki or key) is required');
  return new SigKey(parseSpki(spki), false);
}
