/**
 * Stage 7 — explain. For one pair: the waterfall of weights (prior, each
 * comparison's level and its m, u, weight and term-frequency adjustment, the
 * total). For a linked pair: the fields that disagree and how ("dob day-month
 * swap", "name without (or with another) middle name") — what a data team
 * acts on. Values are not copied into explanations: reports may travel
 * further than the data.
 */
import { MISSING, type Model } from './estimate.js';
import { probability } from './score.js';
import type { ResolvedComparison } from './settings.js';

export interface WaterfallStep {
  readonly comparison: string;
  /** Level label, or 'missing on either side'. */
  readonly level: string;
  readonly m: number | null;
  readonly u: number | null;
  readonly weight: number;
  readonly tfAdjustment: number;
}

export interface Explanation {
  readonly priorWeight: number;
  readonly steps: readonly WaterfallStep[];
  readonly matchWeight: number;
  readonly matchProbability: number;
  /** One line per comparison that does not agree exactly; empty when all agree. */
  readonly differences: readonly string[];
}

export function explainPair(
  comparisons: readonly ResolvedComparison[],
  model: Model,
  gammas: Uint8Array,
  tfAdjustment: (comparison: number, level: number) => number,
): Explanation {
  const priorWeight = Math.log2(model.lambda / (1 - model.lambda));
  let total = priorWeight;
  const differences: string[] = [];
  const steps = comparisons.map((c, i) => {
    const g = gammas[i]!;
    if (g === MISSING) {
      differences.push(`${c.name} missing on one side`);
      return {
        comparison: c.name,
        level: 'missing on either side',
        m: null,
        u: null,
        weight: 0,
        tfAdjustment: 0,
      };
    }
    const m = model.m[i]![g]!;
    const u = model.u[i]![g]!;
    const weight = Math.log2(m / u);
    const tf = tfAdjustment(i, g);
    total += weight + tf;
    const reason = c.levels[g]!.reason;
    if (reason !== null) differences.push(reason);
    return { comparison: c.name, level: c.levels[g]!.label, m, u, weight, tfAdjustment: tf };
  });
  return { priorWeight, steps, matchWeight: total, matchProbability: probability(total), differences };
}
