/**
 * Record linkage for Vietnamese registries: normalise → block → compare →
 * estimate → score → cluster → explain, one module per stage, with the
 * string kernels and pair scoring in WebAssembly.
 */

export { LinkagePool, type LinkagePoolOptions } from '../workers/linkage-pool.js';
export type { Progress, ScoreJob, ScoreOutput, Scorer } from './_scorer.js';
export { LocalScorer } from './_scorer.js';
export { canonical, fold } from './_vietnamese.js';
export * from './block.js';
export * from './cluster.js';
export * from './compare.js';
export * from './csv.js';
export * from './estimate.js';
export * from './explain.js';
export * from './linker.js';
export * from './normalise.js';
export * from './population.js';
export * from './score.js';
export * from './settings.js';
