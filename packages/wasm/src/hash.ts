/**
 * Typed loader for the `hash` kernel (SHA-1, SHA-224, SHA-256, SHA-384,
 * SHA-512; FIPS 180-4). The module is instantiated once, at import. Inputs
 * are copied into wasm memory and results copied out: callers never get a
 * view into wasm memory, and views are rebuilt whenever memory has grown.
 *
 * Memory stays bounded: one-shot and streaming inputs go through in chunks
 * of CHUNK_BYTES, batches in groups of at most BATCH_BYTES.
 */
import { DinhdanhError } from './errors.js';
import { wasmBase64 } from './generated/hash.wasm.js';

export const HASH_ALGORITHMS = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export interface HashAlgorithmInfo {
  /** Id the kernel uses (assembly/hash/_params.ts). */
  readonly id: number;
  readonly blockBytes: number;
  readonly stateBytes: number;
  readonly digestBytes: number;
  /** Has a four-lane SIMD batch path (32-bit words). */
  readonly lanes: boolean;
}

/** FIPS 180-4 §1 Figure 1. */
export const HASH_INFO: Readonly<Record<HashAlgorithm, HashAlgorithmInfo>> = {
  sha1: { id: 0, blockBytes: 64, stateBytes: 20, digestBytes: 20, lanes: true },
  sha224: { id: 1, blockBytes: 64, stateBytes: 32, digestBytes: 28, lanes: true },
  sha256: { id: 2, blockBytes: 64, stateBytes: 32, digestBytes: 32, lanes: true },
  sha384: { id: 3, blockBytes: 128, stateBytes: 64, digestBytes: 48, lanes: false },
  sha512: { id: 4, blockBytes: 128, stateBytes: 64, digestBytes: 64, lanes: false },
};

/**
 * One-shot and streaming inputs pass through wasm memory in pieces of this
 * size: small enough to stay in L1/L2 between the copy and the hashing
 * (measured: 16 KiB beats 1 MiB by ~5% at 1 MB inputs).
 */
export const CHUNK_BYTES = 16 << 10;
/** A batch crossing carries at most this many input bytes; larger messages are hashed on their own. */
export const BATCH_BYTES = 4 << 20;
/**
 * Fewest messages for which the four-lane path beats one after another: a
 * four-lane step costs about two scalar blocks, so 2 messages break even and
 * 3 win by ~1.45× (bench/_hash-lanes-probe.ts; 4 messages ~1.95×).
 */
export const LANES_MIN_COUNT = 3;

// The ES2023 lib and @types/node 20 do not declare WebAssembly; the few
// members used here, typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
};

interface HashExports {
  readonly memory: WasmMemory;
  inputBase(): number;
  statePtr(): number;
  outPtr(): number;
  init(alg: number): void;
  update(alg: number, src: number, len: number): void;
  final(alg: number, src: number, len: number, totalBytes: number): void;
  digest(alg: number, src: number, len: number): void;
  batch(alg: number, base: number, desc: number, count: number, out: number): void;
  batchLanes(alg: number, base: number, desc: number, count: number, out: number): void;
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const { instance } = await WebAssembly.instantiate(decodeBase64(wasmBase64), {});
const kernel = instance.exports as unknown as HashExports;
const base = kernel.inputBase();
const statePtr = kernel.statePtr();
const outPtr = kernel.outPtr();
let heap = new Uint8Array(kernel.memory.buffer);

/** A byte view of wasm memory with at least `bytes` usable from `base`; rebuilt after growth. */
function memoryFor(bytes: number): Uint8Array {
  const have = kernel.memory.buffer.byteLength;
  if (base + bytes > have) {
    try {
      kernel.memory.grow(Math.ceil((base + bytes - have) / 65536));
    } catch (cause) {
      throw new DinhdanhError('DD_HASH_OUT_OF_MEMORY', `cannot grow hash memory to ${base + bytes} bytes`, {
        status: 503,
        details: { bytes: base + bytes },
        cause,
      });
    }
  }
  if (heap.buffer !== kernel.memory.buffer) heap = new Uint8Array(kernel.memory.buffer);
  return heap;
}

function badInput(what: string, message: string): DinhdanhError {
  return new DinhdanhError('DD_HASH_BAD_INPUT', `${what}: ${message}`, { details: { path: what } });
}

/** Throws a typed error unless `data` is a live Uint8Array (Buffer included). */
export function assertBytes(data: unknown, what = 'data'): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) {
    const got = data === null ? 'null' : typeof data === 'object' ? data.constructor?.name : typeof data;
    throw badInput(what, `expected a Uint8Array, got ${String(got ?? 'object').slice(0, 40)}`);
  }
  if (data.byteLength === 0 && isDetached(data.buffer)) {
    throw new DinhdanhError('DD_HASH_DETACHED_BUFFER', `${what}: the ArrayBuffer has been detached`, {
      details: { path: what },
    });
  }
}

function isDetached(buffer: ArrayBufferLike): boolean {
  const flag = (buffer as { detached?: boolean }).detached;
  if (typeof flag === 'boolean') return flag;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function infoOf(alg: HashAlgorithm): HashAlgorithmInfo {
  const info = Object.hasOwn(HASH_INFO, alg) ? HASH_INFO[alg] : undefined;
  if (info === undefined) {
    const shown = String(alg).slice(0, 40);
    throw new DinhdanhError('DD_HASH_UNKNOWN_ALGORITHM', `unknown hash algorithm '${shown}'`, {
      details: { algorithm: shown },
    });
  }
  return info;
}

function readDigest(info: HashAlgorithmInfo): Uint8Array {
  return heap.slice(outPtr, outPtr + info.digestBytes);
}

/** Streams `data` (any length) through init/update/final and returns the digest. */
function digestChunked(info: HashAlgorithmInfo, data: Uint8Array): Uint8Array {
  kernel.init(info.id);
  let off = 0;
  const step = CHUNK_BYTES - (CHUNK_BYTES % info.blockBytes);
  while (data.length - off > step) {
    memoryFor(step).set(data.subarray(off, off + step), base);
    kernel.update(info.id, base, step);
    off += step;
  }
  const rest = data.length - off;
  memoryFor(rest).set(data.subarray(off), base);
  kernel.final(info.id, base, rest, data.length);
  return readDigest(info);
}

/** One-shot digest. */
export function digest(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
  const info = infoOf(alg);
  assertBytes(data);
  if (data.length > CHUNK_BYTES) return digestChunked(info, data);
  memoryFor(data.length).set(data, base);
  kernel.digest(info.id, base, data.length);
  return readDigest(info);
}

/**
 * Hashes `count` messages already laid out at `base` (descriptors written by
 * the caller at `desc`) in one crossing; digests land at `out`.
 */
function runBatch(info: HashAlgorithmInfo, desc: number, count: number, out: number): void {
  if (info.lanes && count >= LANES_MIN_COUNT) kernel.batchLanes(info.id, base, desc, count, out);
  else kernel.batch(info.id, base, desc, count, out);
}

const align16 = (n: number): number => (n + 15) & ~15;

/**
 * Digests of many messages in as few crossings as possible; the result is
 * one array per message.
 */
export function digestMany(alg: HashAlgorithm, messages: readonly Uint8Array[]): Uint8Array[] {
  const info = infoOf(alg);
  if (!Array.isArray(messages)) throw badInput('messages', 'expected an array of Uint8Array');
  const results = new Array<Uint8Array>(messages.length);
  let i = 0;
  while (i < messages.length) {
    const first = messages[i];
    assertBytes(first, `messages[${i}]`);
    if (first.length > BATCH_BYTES) {
      results[i++] = digestChunked(info, first);
      continue;
    }
    // Group messages up to BATCH_BYTES in all.
    let end = i;
    let bytes = 0;
    while (end < messages.length) {
      const m = messages[end];
      assertBytes(m, `messages[${end}]`);
      if (bytes + m.length > BATCH_BYTES) break;
      bytes += m.length;
      end++;
    }
    const count = end - i;
    const desc = align16(bytes);
    const out = desc + count * 8;
    const mem = memoryFor(out + count * info.digestBytes);
    const words = new Uint32Array(kernel.memory.buffer, base + desc, count * 2);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const m = messages[i + k]!;
      mem.set(m, base + at);
      words[2 * k] = at;
      words[2 * k + 1] = m.length;
      at += m.length;
    }
    runBatch(info, base + desc, count, base + out);
    for (let k = 0; k < count; k++) {
      const p = base + out + k * info.digestBytes;
      results[i + k] = heap.slice(p, p + info.digestBytes);
    }
    i = end;
  }
  return results;
}

function badBatch(message: string, index: number): DinhdanhError {
  return new DinhdanhError('DD_HASH_BAD_BATCH', `batch message ${index}: ${message}`, {
    details: { index },
  });
}

/**
 * Batch over one flat buffer: message k is `data[offsets[k], offsets[k] +
 * lengths[k])`. Ranges must lie inside `data`, in ascending order and
 * without overlap. Returns the digests back to back (count × digest size).
 */
export function digestBatch(
  alg: HashAlgorithm,
  data: Uint8Array,
  offsets: ArrayLike<number>,
  lengths: ArrayLike<number>,
): Uint8Array {
  const info = infoOf(alg);
  assertBytes(data);
  if (offsets?.length === undefined || lengths?.length === undefined) {
    throw badInput('offsets', 'offsets and lengths must be array-like');
  }
  const count = offsets.length;
  if (lengths.length !== count) {
    throw new DinhdanhError(
      'DD_HASH_BAD_BATCH',
      `offsets (${count}) and lengths (${lengths.length}) differ in count`,
      { details: { offsets: count, lengths: lengths.length } },
    );
  }
  let prevEnd = 0;
  for (let k = 0; k < count; k++) {
    const o = offsets[k]!;
    const n = lengths[k]!;
    if (!Number.isInteger(o) || o < 0) throw badBatch(`offset ${o} is not a non-negative integer`, k);
    if (!Number.isInteger(n) || n < 0) throw badBatch(`length ${n} is not a non-negative integer`, k);
    if (o + n > data.length)
      throw badBatch(`range [${o}, ${o + n}) runs past the ${data.length}-byte input`, k);
    if (o < prevEnd)
      throw badBatch(`offset ${o} overlaps or precedes the previous message (ends at ${prevEnd})`, k);
    prevEnd = o + n;
  }
  const dlen = info.digestBytes;
  const result = new Uint8Array(count * dlen);
  let i = 0;
  while (i < count) {
    const start = offsets[i]!;
    if (lengths[i]! > BATCH_BYTES) {
      result.set(digestChunked(info, data.subarray(start, start + lengths[i]!)), i * dlen);
      i++;
      continue;
    }
    let end = i;
    while (end < count && offsets[end]! + lengths[end]! - start <= BATCH_BYTES) {
      end++;
    }
    const n = end - i;
    const span = offsets[end - 1]! + lengths[end - 1]! - start;
    const desc = align16(span);
    const out = desc + n * 8;
    const mem = memoryFor(out + n * dlen);
    mem.set(data.subarray(start, start + span), base);
    const words = new Uint32Array(kernel.memory.buffer, base + desc, n * 2);
    for (let k = 0; k < n; k++) {
      words[2 * k] = offsets[i + k]! - start;
      words[2 * k + 1] = lengths[i + k]!;
    }
    runBatch(info, base + desc, n, base + out);
    result.set(heap.subarray(base + out, base + out + n * dlen), i * dlen);
    i = end;
  }
  return result;
}

/**
 * Incremental hashing. The chaining state lives in this object and is
 * loaded into the kernel only while an update runs, so any number of states
 * can be open at once.
 */
export class HashState {
  readonly algorithm: HashAlgorithm;
  readonly #info: HashAlgorithmInfo;
  readonly #state: Uint8Array;
  readonly #pending: Uint8Array;
  #pendingLength = 0;
  #total = 0;
  #done = false;

  constructor(alg: HashAlgorithm) {
    this.#info = infoOf(alg);
    this.algorithm = alg;
    kernel.init(this.#info.id);
    this.#state = heap.slice(statePtr, statePtr + this.#info.stateBytes);
    this.#pending = new Uint8Array(this.#info.blockBytes);
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
    const bs = this.#info.blockBytes;
    this.#total += data.length;
    let off = 0;
    if (this.#pendingLength + data.length < bs) {
      this.#pending.set(data, this.#pendingLength);
      this.#pendingLength += data.length;
      return this;
    }
    memoryFor(0).set(this.#state, statePtr);
    // Complete the pending block, then whole blocks of `data`, a chunk at a time.
    const step = CHUNK_BYTES - (CHUNK_BYTES % bs);
    let mem = memoryFor(bs);
    if (this.#pendingLength > 0) {
      off = bs - this.#pendingLength;
      mem.set(this.#pending.subarray(0, this.#pendingLength), base);
      mem.set(data.subarray(0, off), base + this.#pendingLength);
      kernel.update(this.#info.id, base, bs);
      this.#pendingLength = 0;
    }
    while (data.length - off >= bs) {
      const take = Math.min(step, data.length - off - ((data.length - off) % bs));
      mem = memoryFor(take);
      mem.set(data.subarray(off, off + take), base);
      kernel.update(this.#info.id, base, take);
      off += take;
    }
    this.#pending.set(data.subarray(off), 0);
    this.#pendingLength = data.length - off;
    this.#state.set(heap.subarray(statePtr, statePtr + this.#info.stateBytes));
    return this;
  }

  digest(): Uint8Array {
    this.#assertOpen();
    this.#done = true;
    const mem = memoryFor(this.#pendingLength);
    mem.set(this.#state, statePtr);
    mem.set(this.#pending.subarray(0, this.#pendingLength), base);
    kernel.final(this.#info.id, base, this.#pendingLength, this.#total);
    return readDigest(this.#info);
  }
}

export const createHashState = (alg: HashAlgorithm): HashState => new HashState(alg);
