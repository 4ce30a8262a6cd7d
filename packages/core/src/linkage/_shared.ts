/**
 * Typed arrays over SharedArrayBuffer where the platform has one: the worker
 * pool then hands these columns to its threads as they are instead of
 * copying them (on a million-row link the copies were gigabytes).
 */
const SAB = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;

const buffer = (bytes: number): ArrayBufferLike =>
  SAB === undefined ? new ArrayBuffer(bytes) : new SAB(bytes);

export const sharedInt32 = (n: number): Int32Array => new Int32Array(buffer(n * 4));
export const sharedUint16 = (n: number): Uint16Array => new Uint16Array(buffer(n * 2));
