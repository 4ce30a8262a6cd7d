/** @noble/hashes: audited pure JavaScript, the reference when neither wasm nor node:crypto fits. */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm } from './_algorithms.js';
import type { HashBackend } from './_backend.js';

interface NobleHash {
  (data: Uint8Array): Uint8Array;
  create(): { update(data: Uint8Array): unknown; digest(): Uint8Array };
}

const FN: Readonly<Record<HashAlgorithm, NobleHash>> = { sha1, sha224, sha256, sha384, sha512 };

export const nobleBackend: HashBackend = {
  name: 'noble',
  digest: (alg, data) => FN[alg](data),
  digestMany: (alg, messages) => messages.map((m) => FN[alg](m)),
  createHasher: (alg) => {
    const h = FN[alg].create();
    return {
      update: (data) => {
        h.update(data);
      },
      digest: () => h.digest(),
    };
  },
};
