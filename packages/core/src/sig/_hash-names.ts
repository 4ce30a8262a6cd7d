import { HASH_ALGORITHMS, HASH_OIDS } from '../hash/index.js';
import { sigError } from './_errors.js';
import type { HashName } from './_types.js';

// Accepted spellings → canonical name; a table rather than string surgery.
const NAMES: Readonly<Record<string, HashName>> = {
  sha1: 'sha1',
  'sha-1': 'sha1',
  sha224: 'sha224',
  'sha-224': 'sha224',
  sha256: 'sha256',
  'sha-256': 'sha256',
  sha384: 'sha384',
  'sha-384': 'sha384',
  sha512: 'sha512',
  'sha-512': 'sha512',
};

/** Digest algorithm OIDs (RFC 3279 §2.2.1, RFC 5754 §2), from the hash module's table. */
export const HASH_BY_OID: Readonly<Record<string, HashName>> = Object.fromEntries(
  HASH_ALGORITHMS.map((alg) => [HASH_OIDS[alg], alg]),
);

export function hashName(name: unknown, path: string): HashName {
  const h = typeof name === 'string' ? NAMES[name.toLowerCase()] : undefined;
  if (!h) throw sigError('DD_SIG_HASH_UNSUPPORTED', path, `unsupported hash ${String(name).slice(0, 32)}`);
  return h;
}
