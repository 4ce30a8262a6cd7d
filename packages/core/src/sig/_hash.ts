/**
 * The single place where signature verification hashes: message digests and
 * MGF1 (RFC 8017 §B.2.1) both come through `digest`, which uses the project's
 * hash API (backend chosen per algorithm and size by measurement).
 */
import { createHasher, digest as digestOne } from '../hash/index.js';

export { digestLength } from '../hash/index.js';

import type { HashName } from './_types.js';

export function digest(hash: HashName, ...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return digestOne(hash, parts[0]!);
  const h = createHasher(hash);
  for (const p of parts) h.update(p);
  return h.digest();
}
