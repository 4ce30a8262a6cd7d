/** Pairwise precision / recall / F1 of scored pairs against a truth key per record. */
import type { LinkageResult } from '../../src/linkage/index.js';

export interface Accuracy {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function pairwiseAccuracy(
  result: LinkageResult,
  leftTruth: readonly string[],
  rightTruth: readonly string[],
  keep: (k: number) => boolean,
): Accuracy {
  const dedupe = result.settings.linkType === 'dedupe_only';
  // True pairs: same truth key (dedupe: within the table; link: across tables).
  let truePairs = 0;
  const countL = new Map<string, number>();
  for (const t of leftTruth) countL.set(t, (countL.get(t) ?? 0) + 1);
  if (dedupe) for (const c of countL.values()) truePairs += (c * (c - 1)) / 2;
  else for (const t of rightTruth) truePairs += countL.get(t) ?? 0;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < result.weights.length; k++) {
    if (!keep(k)) continue;
    if (leftTruth[result.pairs[2 * k]!] === rightTruth[result.pairs[2 * k + 1]!]) tp++;
    else fp++;
  }
  const fn = truePairs - tp;
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, truePairs);
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-12, precision + recall),
  };
}

export const aboveThreshold = (result: LinkageResult) => {
  const w = Math.log2(result.settings.threshold / (1 - result.settings.threshold));
  return (k: number) => result.weights[k]! >= w;
};
