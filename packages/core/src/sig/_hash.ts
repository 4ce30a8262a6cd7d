/**
 * The single place where signature verification hashes: message digests and
 * MGF1 (RFC 8017 §B.2.1) both come through `digest`, which uses the project's
 * hash API (backend chosen per algorithm and size by measurement).
 */
import { concatBytes } from '../der/writer.js';
import { digest as digestOne } from '../hash/index.js';

export { digestLength } from '../hash/index.js';

import type { HashName } from './_types.js';

/**
 * Hash of the concatenated parts. The parts here are short (MGF1 seeds, the
 * PSS M' block), so one copy and a one-shot digest beat a streaming hasher,
 * whose setup costs several times a short digest.
 */
export function digest(hash: HashName, ...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return digestOne(hash, parts[0]!);
  return digestOne(hash, concatBytes(parts));
}
