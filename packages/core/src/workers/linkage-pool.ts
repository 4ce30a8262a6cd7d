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
import type { Progress, ScoreJob, ScoreOutput, Scorer } from '../linkage/_scorer.js';
import { workerModule } from './_worker-url.js';
import type { LinkageTask } from './linkage-task.js';

export interface LinkagePoolOptions {
  /** Worker threads; default: available parallelism. */
  readonly threads?: number;
  /** Pairs per task. */
  readonly taskPairs?: number;
}

function shared<T extends Int32Array | Uint16Array | Uint8Array | Float64Array | Float32Array>(
  src: T,
  make: (b: SharedArrayBuffer) => T,
): T {
  const out = make(new SharedArrayBuffer(Math.max(8, src.byteLength)));
  out.set(src as never);
  return out.subarray(0, src.length) as T;
}

const sharedColumn = (c: KernelColumn): KernelColumn => ({
  offsets: shared(c.offsets, (b) => new Int32Array(b)),
  units: shared(c.units, (b) => new Uint16Array(b)),
  ids: shared(c.ids, (b) => new Int32Array(b)),
  nums: shared(c.nums, (b) => new Int32Array(b)),
});

let jobs = 0;

export class LinkagePool implements Scorer {
  readonly #pool: Piscina;
  readonly #taskPairs: number;
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
    const left = sameColumns ? this.#cache!.left : job.left.map(sharedColumn);
    const right = sameColumns
      ? this.#cache!.right
      : job.right === job.left
        ? left
        : job.right.map(sharedColumn);
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

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
