/**
 * Loader of the `match` kernel: Jaro-Winkler, bit-parallel Levenshtein and
 * OSA Damerau distance, and whole-batch pair scoring over columnar buffers.
 *
 * Each `MatchKernel` owns one WebAssembly instance (one per worker thread).
 * Inputs are copied into kernel memory, results copied out; callers never
 * see views into WebAssembly memory. Columns are loaded once per job and
 * pairs are scored in batches: one JS→WASM crossing per batch.
 */
import { DinhdanhError } from './errors.js';
import { wasmBase64 } from './generated/match.wasm.js';

// The project's TypeScript lib set has no WebAssembly globals; the few members
// used here are typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  heapBase(): number;
  maxUnits(): number;
  keptTables(): number;
  signatureBytes(): number;
  levelBytes(): number;
  signatures(rows: number, stride: number, n: number, str: number, sig: number, units: number): void;
  jaroWinkler(a: number, la: number, b: number, lb: number): number;
  levenshtein(a: number, la: number, b: number, lb: number): number;
  damerau(a: number, la: number, b: number, lb: number): number;
  batch(
    fn: number,
    lOff: number,
    lUnits: number,
    rOff: number,
    rUnits: number,
    pairs: number,
    n: number,
    out: number,
  ): void;
  resetPairMemo(): void;
  score(
    rowsL: number,
    rowsR: number,
    stride: number,
    comps: number,
    nComp: number,
    levels: number,
    prior: number,
    pairs: number,
    n: number,
    gammas: number,
    weights: number,
  ): void;
}

let module: object | undefined;
function compiled(): object {
  module ??= new WA.Module(Buffer.from(wasmBase64, 'base64'));
  return module;
}

/** Most levels a job's comparisons may have together. */
export const MAX_LEVELS = 2048;

/** Bytes of one string's character-count signature in kernel memory. */
const SIGNATURE_BYTES = 32;
/** Bytes of one level record of the scoring program in kernel memory. */
const LEVEL_BYTES = 64;
/** Peq tables the kernel keeps across pairs, one per Jaro-Winkler column (shared beyond that). */
const KEPT_TABLES = 4;

interface RowLayout {
  /** Bytes per row record (a multiple of 16). */
  readonly stride: number;
  /** Per column: byte offset of its number in a row record, -1 = none. */
  readonly num: readonly number[];
  /** Per column: byte offset of its (start, length) string slot, -1 = not a string column. */
  readonly str: readonly number[];
  /** Per column: byte offset of its 32-byte signature (Jaro-Winkler columns), -1 = none. */
  readonly sig: readonly number[];
}

/**
 * Row record layout shared by both sides: ids of every column first, then the
 * numbers of columns that have any, then per string column (any units, or
 * read by a string level) its slot and signature.
 */
function rowLayout(
  left: readonly KernelColumn[],
  right: readonly KernelColumn[],
  levels: readonly KernelLevel[],
): RowLayout {
  const n = left.length;
  let at = n * 4;
  const num = left.map((c, i) =>
    c.nums.some((x) => x !== 0) || right[i]!.nums.some((x) => x !== 0) ? (at += 4) - 4 : -1,
  );
  const stringOps: readonly number[] = [Op.jwGe, Op.levLe, Op.osaLe];
  const read = new Set(levels.filter((l) => stringOps.includes(l.op)).map((l) => l.colA));
  const jw = new Set(levels.filter((l) => l.op === Op.jwGe).map((l) => l.colA));
  const isStr = left.map((c, i) => read.has(i) || c.units.length > 0 || right[i]!.units.length > 0);
  const str = isStr.map((s) => (s ? (at += 8) - 8 : -1));
  at = align(at, 16);
  // Signatures only where a Jaro-Winkler level can use them: the record stays small.
  const sig = isStr.map((s, i) => (s && jw.has(i) ? (at += SIGNATURE_BYTES) - SIGNATURE_BYTES : -1));
  return { stride: align(Math.max(at, 16), 16), num, str, sig };
}

/** Longest string (UTF-16 units) a column value may have. */
export const MAX_UNITS = 4096;

/** Level operations understood by the scoring kernel (see assembly/match). */
export const Op = {
  else: 0,
  null: 1,
  eq: 2,
  eqCross: 3,
  jwGe: 4,
  levLe: 5,
  osaLe: 6,
  numAbsLe: 7,
  dateSwap: 8,
  dateNear: 9,
  numEqDiv: 10,
  null2: 11,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** One column of one table, columnar: strings as offsets + UTF-16 units. */
export interface KernelColumn {
  /** n + 1 offsets into `units`. */
  readonly offsets: Int32Array;
  readonly units: Uint16Array;
  /** Interned value id, shared by both tables of a job; -1 = missing. */
  readonly ids: Int32Array;
  /** Numeric value (dates as yyyymmdd, year-only as yyyy0000); 0 when unused. */
  readonly nums: Int32Array;
}

export interface KernelLevel {
  readonly op: OpCode;
  readonly colA: number;
  readonly colB: number;
  readonly param: number;
  /** log2 Bayes factor m/u of the level. */
  readonly weight: number;
  /** Per value id, term-frequency weight adjustment added when this level is hit. */
  readonly tf?: Float32Array | undefined;
}

export interface KernelComparison {
  /** Level 0 must be the missing-value test (op null / null2). */
  readonly levels: readonly KernelLevel[];
}

export interface ScoredBatch {
  /** n × comparisons, row-major: level index, 255 = missing. */
  readonly gammas: Uint8Array;
  readonly weights: Float64Array;
}

const FN = { jaroWinkler: 0, levenshtein: 1, damerau: 2 } as const;

export class MatchKernel {
  readonly #x: Exports;
  #top: number;
  #jobBase = 0;
  #job:
    | {
        rowsL: number;
        rowsR: number;
        stride: number;
        comps: number;
        nComp: number;
        levels: number;
        nLeft: number;
        nRight: number;
      }
    | undefined;

  constructor() {
    const inst = new WA.Instance(compiled(), { env: { abort: kernelAbort } });
    this.#x = inst.exports as unknown as Exports;
    // The loader's bounds checks must match the kernel's static scratch sizes.
    if (
      this.#x.maxUnits() !== MAX_UNITS ||
      this.#x.levelBytes() !== LEVEL_BYTES ||
      this.#x.keptTables() !== KEPT_TABLES ||
      this.#x.signatureBytes() !== SIGNATURE_BYTES
    ) {
      throw new DinhdanhError('DD_LINK_KERNEL', 'record-linkage kernel build does not match its loader', {
        status: 500,
      });
    }
    this.#top = align(this.#x.heapBase(), 16);
  }

  #alloc(bytes: number): number {
    const at = align(this.#top, 16);
    const end = at + bytes;
    const mem = this.#x.memory;
    if (end > mem.buffer.byteLength) {
      const pages = Math.ceil((end - mem.buffer.byteLength) / 65536);
      try {
        mem.grow(pages);
      } catch (cause) {
        throw new DinhdanhError('DD_LINK_MEMORY', 'record-linkage kernel could not grow its memory', {
          status: 507,
          details: { bytes: end },
          cause,
        });
      }
    }
    this.#top = end;
    return at;
  }

  #put(src: ArrayBufferView): number {
    const at = this.#alloc(src.byteLength);
    new Uint8Array(this.#x.memory.buffer, at, src.byteLength).set(
      new Uint8Array(src.buffer, src.byteOffset, src.byteLength),
    );
    return at;
  }

  #string(s: string): [number, number] {
    if (s.length > MAX_UNITS) tooLong(s.length);
    const at = this.#alloc(s.length * 2);
    const view = new Uint16Array(this.#x.memory.buffer, at, s.length);
    for (let i = 0; i < s.length; i++) view[i] = s.charCodeAt(i);
    return [at, s.length];
  }

  #scratch<T>(f: () => T): T {
    const top = this.#top;
    try {
      return f();
    } finally {
      this.#top = top;
    }
  }

  jaroWinkler(a: string, b: string): number {
    return this.#scratch(() => this.#x.jaroWinkler(...this.#string(a), ...this.#string(b)));
  }

  levenshtein(a: string, b: string): number {
    return this.#scratch(() => this.#x.levenshtein(...this.#string(a), ...this.#string(b)));
  }

  damerau(a: string, b: string): number {
    return this.#scratch(() => this.#x.damerau(...this.#string(a), ...this.#string(b)));
  }

  /** out[k] = fn(left[pairs[2k]], right[pairs[2k+1]]) for a whole batch in one call. */
  batch(
    fn: keyof typeof FN,
    left: Pick<KernelColumn, 'offsets' | 'units'>,
    right: Pick<KernelColumn, 'offsets' | 'units'>,
    pairs: Int32Array,
  ): Float64Array {
    checkColumn(left);
    checkColumn(right);
    const n = pairs.length >> 1;
    checkPairs(pairs, left.offsets.length - 1, right.offsets.length - 1);
    return this.#scratch(() => {
      const lo = this.#put(left.offsets);
      const lu = this.#put(left.units);
      const ro = this.#put(right.offsets);
      const ru = this.#put(right.units);
      const p = this.#put(pairs);
      const out = this.#alloc(n * 8);
      this.#x.batch(FN[fn], lo, lu, ro, ru, p, n, out);
      return new Float64Array(this.#x.memory.buffer.slice(out, out + n * 8));
    });
  }

  /**
   * Loads both tables' columns and the comparison program once per job; later
   * `score` calls only move pairs in and levels/weights out. The columns are
   * laid out row-major in kernel memory (see assembly/match: one record per
   * row), so scoring a pair reads two records rather than every column.
   */
  loadJob(
    left: readonly KernelColumn[],
    right: readonly KernelColumn[],
    comparisons: readonly KernelComparison[],
  ): void {
    this.#top = this.#jobBase || align(this.#x.heapBase(), 16);
    this.#jobBase = this.#top;
    this.#job = undefined;
    // Value ids of the next job name other strings: drop memoised similarities.
    this.#x.resetPairMemo();
    if (left.length !== right.length) throw new RangeError('left and right need the same columns');
    const nCols = left.length;
    const nLeft = left[0]?.ids.length ?? 0;
    const nRight = right[0]?.ids.length ?? 0;
    const flat = comparisons.flatMap((c) => c.levels);
    if (flat.length > MAX_LEVELS) throw new RangeError(`at most ${MAX_LEVELS} levels in all`);
    for (const l of flat) {
      if (l.colA < 0 || l.colA >= nCols || l.colB < 0 || l.colB >= nCols)
        throw new RangeError('level column');
    }
    const check = (cols: readonly KernelColumn[], rows: number) => {
      for (const c of cols) {
        checkColumn(c);
        if (c.ids.length !== rows || c.nums.length !== rows || c.offsets.length !== rows + 1)
          throw new RangeError('columns differ in length');
      }
    };
    check(left, nLeft);
    if (right !== left) check(right, nRight);
    const layout = rowLayout(left, right, flat);
    const same = right === left;
    // Everything is allocated before any view is taken (growth detaches views).
    const units = (cols: readonly KernelColumn[]) =>
      cols.map((c, i) => (layout.str[i]! >= 0 ? this.#put(c.units) : 0));
    const unitsL = units(left);
    const unitsR = same ? unitsL : units(right);
    const rowsL = this.#alloc(nLeft * layout.stride);
    const rowsR = same ? rowsL : this.#alloc(nRight * layout.stride);
    const tfs = new Map<Float32Array, number>();
    const tfPtr = (tf: Float32Array | undefined): number => {
      if (tf === undefined) return 0;
      let at = tfs.get(tf);
      if (at === undefined) tfs.set(tf, (at = this.#put(tf)));
      return at;
    };
    const levelTf = flat.map((l) => tfPtr(l.tf));
    // Each Jaro-Winkler column gets its own kept Peq table while there are enough.
    const jwCols = [...new Set(flat.filter((l) => l.op === Op.jwGe).map((l) => l.colA))];
    const keptTable = (l: KernelLevel) => (l.op === Op.jwGe ? jwCols.indexOf(l.colA) % KEPT_TABLES : 0);
    const levels = this.#alloc(flat.length * LEVEL_BYTES);
    const comps = this.#alloc(comparisons.length * 8);
    const fill = (cols: readonly KernelColumn[], base: number, rows: number, unitPtrs: number[]) => {
      const words = new Int32Array(this.#x.memory.buffer, base, (rows * layout.stride) >> 2);
      const w = layout.stride >> 2;
      cols.forEach((c, i) => {
        const ids = c.ids;
        for (let r = 0, at = i; r < rows; r++, at += w) words[at] = ids[r]!;
        const num = layout.num[i]!;
        if (num >= 0) {
          const nums = c.nums;
          for (let r = 0, at = num >> 2; r < rows; r++, at += w) words[at] = nums[r]!;
        }
        const str = layout.str[i]!;
        if (str >= 0) {
          const o = c.offsets;
          for (let r = 0, at = str >> 2; r < rows; r++, at += w) {
            words[at] = o[r]!;
            words[at + 1] = o[r + 1]! - o[r]!;
          }
        }
      });
      cols.forEach((_, i) => {
        if (layout.sig[i]! >= 0)
          this.#x.signatures(base, layout.stride, rows, layout.str[i]!, layout.sig[i]!, unitPtrs[i]!);
      });
    };
    fill(left, rowsL, nLeft, unitsL);
    if (!same) fill(right, rowsR, nRight, unitsR);
    const dv = new DataView(this.#x.memory.buffer);
    flat.forEach((l, k) => {
      const at = levels + k * LEVEL_BYTES;
      dv.setInt32(at, l.op, true);
      dv.setInt32(at + 4, l.colA * 4, true);
      dv.setInt32(at + 8, l.colB * 4, true);
      dv.setInt32(at + 12, layout.num[l.colA]!, true);
      dv.setInt32(at + 16, layout.str[l.colA]!, true);
      dv.setInt32(at + 20, layout.sig[l.colA]!, true);
      dv.setInt32(at + 24, unitsL[l.colA]!, true);
      dv.setInt32(at + 28, unitsR[l.colA]!, true);
      dv.setInt32(at + 32, levelTf[k]!, true);
      dv.setInt32(at + 36, keptTable(l), true);
      dv.setFloat64(at + 40, l.param, true);
      dv.setFloat64(at + 48, l.weight, true);
    });
    let first = 0;
    comparisons.forEach((c, i) => {
      if (c.levels.length > 255) throw new RangeError('at most 255 levels per comparison');
      dv.setInt32(comps + i * 8, first, true);
      dv.setInt32(comps + i * 8 + 4, c.levels.length, true);
      first += c.levels.length;
    });
    this.#job = {
      rowsL,
      rowsR,
      stride: layout.stride,
      comps,
      nComp: comparisons.length,
      levels,
      nLeft,
      nRight,
    };
    this.#jobBase = this.#top;
  }

  /** Replaces the level weights of the loaded program (after estimation). */
  setWeights(weights: Float64Array): void {
    const job = this.#requireJob();
    const dv = new DataView(this.#x.memory.buffer);
    for (let k = 0; k < weights.length; k++)
      dv.setFloat64(job.levels + k * LEVEL_BYTES + 48, weights[k]!, true);
  }

  /** Scores pairs [l0, r0, l1, r1, …] of the loaded job. */
  score(pairs: Int32Array, prior: number): ScoredBatch {
    const job = this.#requireJob();
    checkPairs(pairs, job.nLeft, job.nRight);
    const n = pairs.length >> 1;
    return this.#scratch(() => {
      const p = this.#put(pairs);
      const g = this.#alloc(n * job.nComp);
      const w = this.#alloc(n * 8);
      this.#x.score(job.rowsL, job.rowsR, job.stride, job.comps, job.nComp, job.levels, prior, p, n, g, w);
      const buf = this.#x.memory.buffer;
      return {
        gammas: new Uint8Array(buf.slice(g, g + n * job.nComp)),
        weights: new Float64Array(buf.slice(w, w + n * 8)),
      };
    });
  }

  #requireJob() {
    if (this.#job === undefined) throw new RangeError('loadJob first');
    return this.#job;
  }
}

function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

function tooLong(n: number): never {
  throw new DinhdanhError(
    'DD_LINK_VALUE_TOO_LONG',
    `a value has ${n} UTF-16 units; at most ${MAX_UNITS} are compared`,
    {
      details: { units: n, max: MAX_UNITS },
    },
  );
}

function checkColumn(c: Pick<KernelColumn, 'offsets' | 'units'>): void {
  const o = c.offsets;
  if (o.length === 0 || o[0] !== 0 || o[o.length - 1]! > c.units.length)
    throw new RangeError('bad column offsets');
  for (let i = 1; i < o.length; i++) {
    const len = o[i]! - o[i - 1]!;
    if (len < 0) throw new RangeError('bad column offsets');
    if (len > MAX_UNITS) tooLong(len);
  }
}

function checkPairs(pairs: Int32Array, nLeft: number, nRight: number): void {
  if (pairs.length % 2 !== 0) throw new RangeError('pairs must hold (left, right) index couples');
  for (let k = 0; k < pairs.length; k += 2) {
    const l = pairs[k]!;
    const r = pairs[k + 1]!;
    if (l < 0 || l >= nLeft || r < 0 || r >= nRight) throw new RangeError(`pair ${k >> 1} is out of range`);
  }
}

function kernelAbort(): never {
  throw new DinhdanhError('DD_LINK_KERNEL', 'record-linkage kernel aborted', { status: 500 });
}

let shared: MatchKernel | undefined;
/** A lazily created kernel for one-off comparisons on the calling thread. */
export function matchKernel(): MatchKernel {
  shared ??= new MatchKernel();
  return shared;
}
export const jaroWinkler = (a: string, b: string): number => matchKernel().jaroWinkler(a, b);
export const levenshtein = (a: string, b: string): number => matchKernel().levenshtein(a, b);
export const damerau = (a: string, b: string): number => matchKernel().damerau(a, b);
