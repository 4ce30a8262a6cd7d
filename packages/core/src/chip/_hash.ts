/** The chip area's one hashing entry point, so the implementation can be redirected in one place. */
import { createHash } from 'node:crypto';
import type { HashName } from './oids.js';

export function hashBytes(alg: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(data).digest());
}
