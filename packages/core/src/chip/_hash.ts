/** The chip area's one hashing entry point: `@dinhdanh/core/hash` (backend chosen per algorithm and size). */
import { digest } from '../hash/index.js';
import type { HashName } from './oids.js';

export const hashBytes = (alg: HashName, data: Uint8Array): Uint8Array => digest(alg, data);
