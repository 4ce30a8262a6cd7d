/**
 * Hashing for dinhdanh: SHA-1, SHA-224, SHA-256, SHA-384, SHA-512
 * (FIPS 180-4) on three backends —
 *
 * - `wasm`: our AssemblyScript kernel, everywhere; batches of small messages
 *   run four at a time in SIMD lanes;
 * - `node`: node:crypto (OpenSSL, SHA-NI where present), only under Node.js;
 * - `noble`: @noble/hashes, pure JavaScript;
 *
 * and `auto` (the default), which picks per algorithm and message size from
 * measurements committed in `_auto-table.ts`.
 *
 * ```ts
 * import { digest, digestMany, createHasher } from '@dinhdanh/core/hash';
 * digest('SHA-256', bytes);                      // Uint8Array(32)
 * digestMany('sha384', dataGroups);              // one digest per message, one crossing
 * createHasher('sha512').update(a).update(b).digest();
 * digest('sha256', bytes, { backend: 'noble' }); // per-call override
 * ```
 */
import { assertBytes } from '@dinhdanh/wasm/hash';
import { DinhdanhError } from '../errors/index.js';
import { type HashAlgorithm, type HashAlgorithmName, normalizeHashAlgorithm } from './_algorithms.js';
import { AutoChooser } from './_auto.js';
import { type BackendHasher, HASH_BACKENDS, type HashBackend, type HashBackendName } from './_backend.js';
import { nobleBackend } from './_backend-noble.js';
import { nodeBackend } from './_backend-node.js';
import { wasmBackend } from './_backend-wasm.js';

export {
  digestLength,
  HASH_ALGORITHMS,
  HASH_OIDS,
  type HashAlgorithm,
  type HashAlgorithmName,
  hashAlgFromOid,
  normalizeHashAlgorithm,
  oidFromHashAlg,
} from './_algorithms.js';
export type { AutoRule, AutoTable } from './_auto.js';
export { AUTO_TABLE } from './_auto-table.js';
export { HASH_BACKENDS, type HashBackendName } from './_backend.js';

export type HashBackendChoice = HashBackendName | 'auto';

export interface HashOptions {
  /** Overrides the default backend for this call. */
  readonly backend?: HashBackendChoice;
}

export interface Hasher {
  readonly algorithm: HashAlgorithm;
  /** The backend this hasher runs on (fixed when it was created). */
  readonly backend: HashBackendName;
  update(data: Uint8Array): this;
  /** The digest; afterwards the hasher refuses further use (DD_HASH_FINALIZED). */
  digest(): Uint8Array;
}

const REGISTRY: Readonly<Record<HashBackendName, HashBackend | undefined>> = {
  wasm: wasmBackend,
  node: nodeBackend,
  noble: nobleBackend,
};

const auto = AutoChooser.fromTable((name) => REGISTRY[name], wasmBackend);

function checkChoice(name: unknown): HashBackendChoice {
  if (name === 'auto' || HASH_BACKENDS.includes(name as HashBackendName)) return name as HashBackendChoice;
  throw new DinhdanhError('DD_HASH_UNKNOWN_BACKEND', `unknown hash backend '${String(name).slice(0, 40)}'`, {
    details: { backend: String(name).slice(0, 40) },
  });
}

function backendNamed(name: HashBackendName): HashBackend {
  const b = REGISTRY[name];
  if (b === undefined) {
    throw new DinhdanhError('DD_HASH_BACKEND_UNAVAILABLE', `hash backend '${name}' is not available here`, {
      status: 503,
      details: { backend: name },
    });
  }
  return b;
}

let defaultChoice: HashBackendChoice = 'auto';

/** Backends usable in this runtime (`node` only under Node.js). */
export const availableHashBackends = (): HashBackendName[] =>
  HASH_BACKENDS.filter((n) => REGISTRY[n] !== undefined);

/** Sets the process-wide default; 'auto' restores the measured choice. */
export function setDefaultHashBackend(name: HashBackendChoice): void {
  const choice = checkChoice(name);
  if (choice !== 'auto') backendNamed(choice);
  defaultChoice = choice;
}

export const getDefaultHashBackend = (): HashBackendChoice => defaultChoice;

function chosen(opts: HashOptions | undefined): HashBackendChoice {
  return opts?.backend === undefined ? defaultChoice : checkChoice(opts.backend);
}

/** The backend `digest` would use for `bytes` bytes of `alg` under these options. */
export function hashBackendFor(
  alg: HashAlgorithmName | string,
  bytes: number,
  opts?: HashOptions,
): HashBackendName {
  const a = normalizeHashAlgorithm(alg);
  const c = chosen(opts);
  return c === 'auto' ? auto.forDigest(a, bytes).name : backendNamed(c).name;
}

/** One-shot digest of `data`. */
export function digest(alg: HashAlgorithmName | string, data: Uint8Array, opts?: HashOptions): Uint8Array {
  const a = normalizeHashAlgorithm(alg);
  assertBytes(data);
  const c = chosen(opts);
  return (c === 'auto' ? auto.forDigest(a, data.length) : backendNamed(c)).digest(a, data);
}

/** Digests of many messages, in order; the wasm backend hashes them in one crossing. */
export function digestMany(
  alg: HashAlgorithmName | string,
  messages: readonly Uint8Array[],
  opts?: HashOptions,
): Uint8Array[] {
  const a = normalizeHashAlgorithm(alg);
  if (!Array.isArray(messages)) {
    throw new DinhdanhError('DD_HASH_BAD_INPUT', 'messages: expected an array of Uint8Array', {
      details: { path: 'messages' },
    });
  }
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    assertBytes(m, `messages[${i}]`);
    bytes += m.length;
  }
  const c = chosen(opts);
  const backend =
    c !== 'auto'
      ? backendNamed(c)
      : messages.length === 1
        ? auto.forDigest(a, bytes)
        : auto.forBatch(a, messages.length === 0 ? 0 : bytes / messages.length);
  return backend.digestMany(a, messages);
}

class CoreHasher implements Hasher {
  readonly algorithm: HashAlgorithm;
  readonly backend: HashBackendName;
  readonly #inner: BackendHasher;
  #done = false;

  constructor(alg: HashAlgorithm, backend: HashBackend) {
    this.algorithm = alg;
    this.backend = backend.name;
    this.#inner = backend.createHasher(alg);
  }

  #assertOpen(): void {
    if (this.#done) {
      throw new DinhdanhError('DD_HASH_FINALIZED', 'this hasher has already produced its digest', {
        status: 500,
        details: { algorithm: this.algorithm },
      });
    }
  }

  update(data: Uint8Array): this {
    this.#assertOpen();
    assertBytes(data);
    this.#inner.update(data);
    return this;
  }

  digest(): Uint8Array {
    this.#assertOpen();
    this.#done = true;
    return this.#inner.digest();
  }
}

/** Incremental hashing; with `auto`, the backend that is fastest for large inputs. */
export function createHasher(alg: HashAlgorithmName | string, opts?: HashOptions): Hasher {
  const a = normalizeHashAlgorithm(alg);
  const c = chosen(opts);
  return new CoreHasher(a, c === 'auto' ? auto.forStream(a) : backendNamed(c));
}
