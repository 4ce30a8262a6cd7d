import { sharedInt32 } from './_shared.js';

/** A growable list of (left, right) row-index couples in one Int32Array. */
export class PairBuffer {
  #buf: Int32Array;
  #n = 0;

  constructor(capacityPairs = 1024) {
    this.#buf = new Int32Array(Math.max(2, capacityPairs * 2));
  }

  push(l: number, r: number): void {
    if (this.#n + 2 > this.#buf.length) {
      const next = new Int32Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.#n++] = l;
    this.#buf[this.#n++] = r;
  }

  get length(): number {
    return this.#n >> 1;
  }

  /** The pairs, trimmed to length (a copy, in shared memory where available: the pool reads it as is). */
  toArray(): Int32Array {
    const out = sharedInt32(this.#n);
    out.set(this.#buf.subarray(0, this.#n));
    return out;
  }
}
