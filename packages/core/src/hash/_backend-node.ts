/**
 * node:crypto (OpenSSL; SHA-NI where the CPU has it). Loaded lazily with a
 * dynamic import so that this module also loads in browsers and workers
 * without Node.js, where `nodeBackend` is simply undefined.
 */
import type { HashAlgorithm } from './_algorithms.js';
import type { HashBackend } from './_backend.js';

type NodeCrypto = typeof import('node:crypto');

const nodeVersion = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node;
const nodeCrypto: NodeCrypto | undefined =
  typeof nodeVersion === 'string' ? await import('node:crypto').catch(() => undefined) : undefined;

/** A Buffer as a plain Uint8Array over the same (unpooled, digest-sized) memory. */
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function make(c: NodeCrypto): HashBackend {
  // crypto.hash (Node ≥ 20.12) skips the Hash object; older versions use createHash.
  const oneShot =
    typeof c.hash === 'function'
      ? (alg: HashAlgorithm, data: Uint8Array) => plain(c.hash(alg, data, 'buffer') as unknown as Uint8Array)
      : (alg: HashAlgorithm, data: Uint8Array) => plain(c.createHash(alg).update(data).digest());
  return {
    name: 'node',
    digest: oneShot,
    digestMany: (alg, messages) => messages.map((m) => oneShot(alg, m)),
    createHasher: (alg) => {
      const h = c.createHash(alg);
      return {
        update: (data) => {
          h.update(data);
        },
        digest: () => plain(h.digest()),
      };
    },
  };
}

export const nodeBackend: HashBackend | undefined = nodeCrypto === undefined ? undefined : make(nodeCrypto);
