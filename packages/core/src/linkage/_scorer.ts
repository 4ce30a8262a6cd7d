/**
 * Runs the kernel over pair batches on the calling thread. The pool in
 * ../workers/ implements the same interface across threads.
 */
import { type KernelColumn, type KernelComparison, MatchKernel } from '@dinhdanh/wasm/match';
import type { FeatureColumn, FeatureDictionary, FeatureRef, Table } from './normalise.js';

export interface ScoreJob {
  readonly left: readonly KernelColumn[];
  readonly right: readonly KernelColumn[];
  readonly program: readonly KernelComparison[];
  readonly prior: number;
  readonly nComp: number;
}

export interface ScoreOutput {
  readonly gammas: Uint8Array;
  readonly weights: Float64Array;
}

export type Progress = (done: number, total: number) => void;

export interface Scorer {
  score(job: ScoreJob, pairs: Int32Array, progress?: Progress): Promise<ScoreOutput>;
  /**
   * Normalises a table (as normaliseTable, ids in `dictionary`) — a pool
   * spreads row chunks over its threads. Absent: the calling thread does it.
   */
  normalise?(
    table: Table,
    refs: readonly FeatureRef[],
    dictionary: FeatureDictionary,
  ): Promise<Map<string, FeatureColumn>>;
  close(): Promise<void>;
}

export const BATCH_PAIRS = 1 << 16;

export class LocalScorer implements Scorer {
  readonly #kernel = new MatchKernel();
  #loaded: ScoreJob | undefined;

  async score(job: ScoreJob, pairs: Int32Array, progress?: Progress): Promise<ScoreOutput> {
    if (this.#loaded !== job) {
      this.#kernel.loadJob(job.left, job.right, job.program);
      this.#loaded = job;
    }
    const n = pairs.length >> 1;
    const gammas = new Uint8Array(n * job.nComp);
    const weights = new Float64Array(n);
    for (let at = 0; at < n; at += BATCH_PAIRS) {
      const end = Math.min(n, at + BATCH_PAIRS);
      const out = this.#kernel.score(pairs.subarray(2 * at, 2 * end), job.prior);
      gammas.set(out.gammas, at * job.nComp);
      weights.set(out.weights, at);
      progress?.(end, n);
    }
    return { gammas, weights };
  }

  async close(): Promise<void> {}
}
