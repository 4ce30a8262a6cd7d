/**
 * Pair scoring over all cores: a piscina pool of worker threads, each with
 * its own kernel instance. A job's columns, program and pairs are copied once
 * into SharedArrayBuffers; tasks are pair ranges and write their levels and
 * weights straight into shared output buffers.
 */
import { availableParallelism } from 'node:os';
import type { KernelColumn, KernelComparison } from '@dinhdanh/wasm/match';
import { Piscina } from 'piscina';
import { DinhdanhError } from '../errors/index.js';
import { mergeChunks, type NormalisedChunk } from '../linkage/_normalise-chunks.js';
import type { Progress, ScoreJob, ScoreOutput, Scorer } from '../linkage/_scorer.js';
import {
  type FeatureColumn,
  type FeatureDictionary,
  type FeatureRef,
  featureGroups,
  normaliseTable,
  type Table,
} from '../linkage/normalise.js';
import { workerModule } from './_worker-url.js';
import type { LinkageTask, NormaliseTask } from './linkage-task.js';

export interface LinkagePoolOptions {
  /** Worker threads; default: available parallelism. */
  readonly threads?: number;
  /** Pairs per task. */
  readonly taskPairs?: number;
  /**
   * Rows per normalisation task (default 100,000); tables under half of it
   * are normalised on the calling thread, where copying rows to workers would
   * cost more than it saves.
   */
  readonly chunkRows?: number;
}

function shared<T extends Int32Array | Uint16Array | Uint8Array | Float64Array | Float32Array>(
  src: T,
  make: (b: SharedArrayBuffer) => T,
): T {
  // Columns built over shared memory (linkage/_shared) are passed as they are.
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const out = make(new SharedArrayBuffer(Math.max(8, src.byteLength)));
  out.set(src as never);
  return out.subarray(0, src.length) as T;
}

// One shared copy per source array: columns that share an array (zeros,
// dedupe's two sides) share its copy.
function sharedColumns(
  cols: readonly KernelColumn[],
  copies: Map<ArrayBufferView, ArrayBufferView>,
): KernelColumn[] {
  const once = <T extends Int32Array | Uint16Array>(src: T, make: (b: SharedArrayBuffer) => T): T => {
    let c = copies.get(src) as T | undefined;
    if (c === undefined) copies.set(src, (c = shared(src, make)));
    return c;
  };
  return cols.map((c) => ({
    offsets: once(c.offsets, (b) => new Int32Array(b)),
    units: once(c.units, (b) => new Uint16Array(b)),
    ids: once(c.ids, (b) => new Int32Array(b)),
    nums: once(c.nums, (b) => new Int32Array(b)),
  }));
}

let jobs = 0;

export class LinkagePool implements Scorer {
  readonly #pool: Piscina;
  readonly #taskPairs: number;
  readonly #chunkRows: number;
  readonly threads: number;
  #cache:
    | { job: ScoreJob; id: number; left: KernelColumn[]; right: KernelColumn[]; program: KernelComparison[] }
    | undefined;

  constructor(opts: LinkagePoolOptions = {}) {
    const threads = opts.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError('threads: a positive integer');
    const taskPairs = opts.taskPairs ?? 1 << 18;
    if (!Number.isInteger(taskPairs) || taskPairs < 1) throw new RangeError('taskPairs: a positive integer');
    const mod = workerModule(import.meta.url, 'linkage-task');
    this.threads = threads;
    this.#taskPairs = taskPairs;
    const chunkRows = opts.chunkRows ?? 100_000;
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError('chunkRows: a positive integer');
    this.#chunkRows = chunkRows;
    this.#pool = new Piscina({
      filename: mod.filename,
      execArgv: [...mod.execArgv],
      workerData: { taskModule: mod.taskModule },
      minThreads: threads,
      maxThreads: threads,
    });
  }

  #shared(job: ScoreJob) {
    if (this.#cache?.job === job) return this.#cache;
    const sameColumns =
      this.#cache !== undefined && this.#cache.job.left === job.left && this.#cache.job.right === job.right;
    const copies = new Map<ArrayBufferView, ArrayBufferView>();
    const left = sameColumns ? this.#cache!.left : sharedColumns(job.left, copies);
    const right = sameColumns
      ? this.#cache!.right
      : job.right === job.left
        ? left
        : sharedColumns(job.right, copies);
    const program = job.program.map((c) => ({
      levels: c.levels.map((l) => ({
        ...l,
        tf: l.tf === undefined ? undefined : shared(l.tf, (b) => new Float32Array(b)),
      })),
    }));
    this.#cache = { job, id: ++jobs, left, right, program };
    return this.#cache;
  }

  async score(job: ScoreJob, pairs: Int32Array, progress?: Progress): Promise<ScoreOutput> {
    const s = this.#shared(job);
    const n = pairs.length >> 1;
    const sp = shared(pairs, (b) => new Int32Array(b));
    const gammas = new Uint8Array(new SharedArrayBuffer(Math.max(8, n * job.nComp)));
    const weights = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));
    let done = 0;
    const tasks: Promise<number>[] = [];
    for (let start = 0; start < n; start += this.#taskPairs) {
      const task: LinkageTask = {
        job: s.id,
        left: s.left,
        right: s.right,
        program: s.program,
        prior: job.prior,
        nComp: job.nComp,
        pairs: sp,
        gammas,
        weights,
        start,
        end: Math.min(n, start + this.#taskPairs),
      };
      tasks.push(
        (this.#pool.run(task) as Promise<number>).then((k) => {
          done += k;
          progress?.(done, n);
          return k;
        }),
      );
    }
    try {
      await Promise.all(tasks);
    } catch (cause) {
      if (cause instanceof DinhdanhError) throw cause;
      throw new DinhdanhError('DD_LINK_WORKER', 'a linkage worker failed', { status: 500, cause });
    }
    return { gammas: gammas.subarray(0, n * job.nComp), weights: weights.subarray(0, n) };
  }

  /**
   * Normalises row chunks on the pool's threads and merges them in row order
   * (same features as normaliseTable; ids in `dictionary`). Missing columns
   * and unknown features are refused here, before any row is sent.
   */
  async normalise(
    table: Table,
    refs: readonly FeatureRef[],
    dictionary: FeatureDictionary,
  ): Promise<Map<string, FeatureColumn>> {
    featureGroups(table, refs);
    const n = table.rows.length;
    if (n < this.#chunkRows / 2 || this.threads < 2) return normaliseTable(table, refs, dictionary);
    const chunks = Math.max(this.threads * 2, Math.ceil(n / this.#chunkRows));
    const size = Math.ceil(n / chunks);
    const tasks: Promise<NormalisedChunk>[] = [];
    for (let at = 0; at < n; at += size) {
      const task: NormaliseTask = {
        normalise: { source: table.source, header: table.header, rows: table.rows.slice(at, at + size) },
        refs,
      };
      tasks.push(this.#pool.run(task) as Promise<NormalisedChunk>);
    }
    let parts: NormalisedChunk[];
    try {
      parts = await Promise.all(tasks);
    } catch (cause) {
      if (cause instanceof DinhdanhError) throw cause;
      throw new DinhdanhError('DD_LINK_WORKER', 'a linkage worker failed', { status: 500, cause });
    }
    return mergeChunks(parts, dictionary);
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
