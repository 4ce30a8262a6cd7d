/**
 * The single place where signature verification hashes: message digests and
 * MGF1 (RFC 8017 §B.2.1) both come through `digest`, which uses the project's
 * hash API (backend chosen per algorithm and size by measurement).
 */
import { createHasher, digest as digestOne } from '../hash/index.js';
import type { HashName } from './_types.js';

export const HASH_LENGTH: Readonly<Record<HashName, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export function digest(hash: HashName, ...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return digestOne(hash, parts[0]!);
  const h = createHasher(hash);
  for (const p of parts) h.update(p);
  return h.digest();
}
