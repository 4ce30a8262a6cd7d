/**
 * Worker task of the linkage pool: scores pairs [start, end) of a job whose
 * columns, program, pairs and outputs all live in SharedArrayBuffers, so a
 * task message carries only references and indices (each worker keeps its
 * kernel loaded with the last job's columns); or normalises a chunk of rows.
 */
import { type KernelColumn, type KernelComparison, MatchKernel } from '@dinhdanh/wasm/match';
import { type NormalisedChunk, normaliseChunk } from '../linkage/_normalise-chunks.js';
import type { FeatureRef, Table } from '../linkage/normalise.js';

export interface LinkageTask {
  readonly job: number;
  readonly left: readonly KernelColumn[];
  readonly right: readonly KernelColumn[];
  readonly program: readonly KernelComparison[];
  readonly prior: number;
  readonly nComp: number;
  readonly pairs: Int32Array;
  readonly gammas: Uint8Array;
  readonly weights: Float64Array;
  readonly start: number;
  readonly end: number;
}

/** Normalise one chunk of rows (see linkage/_normalise-chunks). */
export interface NormaliseTask {
  readonly normalise: Table;
  readonly refs: readonly FeatureRef[];
}

const kernel = new MatchKernel();
let loaded = -1;
const STEP = 1 << 16;

export default function run(t: LinkageTask | NormaliseTask): number | NormalisedChunk {
  return 'normalise' in t ? normaliseChunk(t.normalise, t.refs) : scoreRange(t);
}

function scoreRange(t: LinkageTask): number {
  if (loaded !== t.job) {
    kernel.loadJob(t.left, t.right, t.program);
    loaded = t.job;
  }
  for (let at = t.start; at < t.end; at += STEP) {
    const end = Math.min(t.end, at + STEP);
    const out = kernel.score(t.pairs.subarray(2 * at, 2 * end), t.prior);
    t.gammas.set(out.gammas, at * t.nComp);
    t.weights.set(out.weights, at);
  }
  return t.end - t.start;
}
