/**
 * Stage 5 — score. Match weight = log2 prior odds + Σ log2(m/u) of each
 * comparison's level (+ the term-frequency adjustment log2(u/tf) on exact
 * levels that ask for it, as in Splink); match probability = 2^w / (1 + 2^w).
 * The sum itself runs in the kernel together with the level evaluation.
 */
import type { KernelComparison } from '@dinhdanh/wasm/match';
import { type ComparisonData, kernelProgram } from './compare.js';
import { levelWeights, type Model } from './estimate.js';

export const probability = (weight: number): number => 1 / (1 + 2 ** -weight);
export const weightOf = (p: number): number => Math.log2(p / (1 - p));

/** Per term-frequency level: value id → log2(u_level / tf(value)). */
export function tfAdjustments(data: ComparisonData, model: Model): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  const flatStart: number[] = [];
  let acc = 0;
  for (const n of data.levelCounts) {
    flatStart.push(acc);
    acc += n;
  }
  for (const [flat, freq] of data.tfFreq) {
    const c = flatStart.findLastIndex((s) => s <= flat);
    const u = model.u[c]![flat - flatStart[c]!]!;
    const adj = new Float32Array(freq.length);
    for (let id = 0; id < freq.length; id++) adj[id] = freq[id]! > 0 ? Math.log2(u / freq[id]!) : 0;
    out.set(flat, adj);
  }
  return out;
}

/** The prior (log2 odds) and kernel program that score pairs under a fitted model. */
export function scoringProgram(
  data: ComparisonData,
  model: Model,
): { prior: number; program: KernelComparison[] } {
  return {
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    program: kernelProgram(data, levelWeights(model), tfAdjustments(data, model)),
  };
}
