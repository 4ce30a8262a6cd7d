/**
 * Stage 4 — estimate the Fellegi–Sunter model without labels, as Splink does:
 * u (level frequencies among non-matches) from random record pairs, m (level
 * frequencies among matches) by expectation–maximisation over the blocked
 * pairs, and λ (probability that two random records match) from the EM's
 * match share among blocked pairs scaled to all pairs. Labelled pairs, when
 * given, replace EM for m.
 *
 * EM runs over distinct agreement patterns with their counts, so an
 * iteration costs patterns × comparisons, not pairs.
 */
import { mulberry32 } from './_random.js';
import type { LinkType } from './settings.js';

export interface Model {
  /** Per comparison, per level: P(level | match). Index 0 (missing) is unused. */
  readonly m: readonly Float64Array[];
  /** Per comparison, per level: P(level | non-match). */
  readonly u: readonly Float64Array[];
  /** Prior probability that two random records match. */
  readonly lambda: number;
  /** Share of matches among blocked pairs estimated by EM. */
  readonly lambdaBlocked: number;
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * Comparisons whose fitted match class agrees exactly less often than it
   * disagrees entirely — the sign of EM fitting its match class to something
   * other than matches (e.g. a table with no duplicates).
   */
  readonly implausible: readonly string[];
}

export const MISSING = 255;

/** `count` random distinct-record pairs (dedupe: l ≠ r). */
export function randomPairs(
  nLeft: number,
  nRight: number,
  linkType: LinkType,
  count: number,
  seed: number,
): Int32Array {
  const rnd = mulberry32(seed);
  const total = linkType === 'dedupe_only' ? (nLeft * (nLeft - 1)) / 2 : nLeft * nRight;
  const n = Math.max(0, Math.min(count, total));
  const out = new Int32Array(n * 2);
  for (let k = 0; k < n; k++) {
    let l = Math.floor(rnd() * nLeft);
    let r = Math.floor(rnd() * nRight);
    if (linkType === 'dedupe_only') {
      while (r === l) r = Math.floor(rnd() * nRight);
      if (r < l) [l, r] = [r, l];
    }
    out[2 * k] = l;
    out[2 * k + 1] = r;
  }
  return out;
}

const SMOOTH = 0.5;

/** Level frequencies (missing values excluded), smoothed so no level has probability 0. */
export function levelFrequencies(
  gammas: Uint8Array,
  levelCounts: readonly number[],
  weights?: Float64Array,
): Float64Array[] {
  const nComp = levelCounts.length;
  const counts = levelCounts.map((n) => new Float64Array(n));
  const n = gammas.length / nComp;
  for (let k = 0; k < n; k++) {
    const w = weights ? weights[k]! : 1;
    for (let c = 0; c < nComp; c++) {
      const g = gammas[k * nComp + c]!;
      if (g !== MISSING) counts[c]![g]! += w;
    }
  }
  return counts.map((cnt) => {
    let total = 0;
    for (let l = 1; l < cnt.length; l++) total += cnt[l]! + SMOOTH;
    const p = new Float64Array(cnt.length);
    for (let l = 1; l < cnt.length; l++) p[l] = (cnt[l]! + SMOOTH) / total;
    return p;
  });
}

interface Patterns {
  readonly rows: Uint8Array;
  readonly counts: Float64Array;
}

/** Distinct agreement patterns and how often each occurs. */
export function patterns(gammas: Uint8Array, nComp: number): Patterns {
  const n = gammas.length / nComp;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < n; k++) {
    const row = gammas.subarray(k * nComp, (k + 1) * nComp);
    const key = String.fromCharCode(...row);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      rows.push(...row);
    } else counts[at]!++;
  }
  return { rows: Uint8Array.from(rows), counts: Float64Array.from(counts) };
}

function initialM(levelCounts: readonly number[]): Float64Array[] {
  // Most similar level most likely among matches, the "else" level least.
  return levelCounts.map((n) => {
    const m = new Float64Array(n);
    const inner = n - 3; // levels between exact and else
    m[1] = 0.7;
    for (let l = 2; l < n - 1; l++) m[l] = 0.25 / inner;
    m[n - 1] = inner > 0 ? 0.05 : 0.3;
    return m;
  });
}

export interface EmOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly initialLambda?: number;
}

/**
 * EM over blocked pairs (Fellegi–Sunter mixture, conditional independence):
 * m, λ_b and the blocked-pair u are re-estimated; `uStart` seeds u.
 */
export function expectationMaximisation(
  gammas: Uint8Array,
  levelCounts: readonly number[],
  uStart: readonly Float64Array[],
  opts: EmOptions,
): { m: Float64Array[]; lambdaBlocked: number; iterations: number; converged: boolean } {
  const nComp = levelCounts.length;
  const p = patterns(gammas, nComp);
  const nPat = p.counts.length;
  let m: Float64Array[] = initialM(levelCounts);
  let u: Float64Array[] = uStart.map((x) => Float64Array.from(x));
  let lambda = opts.initialLambda ?? 0.3;
  const post = new Float64Array(nPat);
  let iterations = 0;
  let converged = false;
  while (iterations < opts.maxIterations) {
    iterations++;
    // E step: P(match | pattern).
    for (let k = 0; k < nPat; k++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let c = 0; c < nComp; c++) {
        const g = p.rows[k * nComp + c]!;
        if (g === MISSING) continue;
        lm += Math.log(m[c]![g]!);
        lu += Math.log(u[c]![g]!);
      }
      const d = lu - lm;
      post[k] = d > 700 ? 0 : 1 / (1 + Math.exp(d));
    }
    // M step.
    let matches = 0;
    let total = 0;
    const wm = new Float64Array(nPat);
    const wu = new Float64Array(nPat);
    for (let k = 0; k < nPat; k++) {
      wm[k] = post[k]! * p.counts[k]!;
      wu[k] = (1 - post[k]!) * p.counts[k]!;
      matches += wm[k]!;
      total += p.counts[k]!;
    }
    const nextM = levelFrequencies(p.rows, levelCounts, wm);
    const nextU = levelFrequencies(p.rows, levelCounts, wu);
    const nextLambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    let delta = Math.abs(nextLambda - lambda);
    for (let c = 0; c < nComp; c++) {
      for (let l = 1; l < levelCounts[c]!; l++) delta = Math.max(delta, Math.abs(nextM[c]![l]! - m[c]![l]!));
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (delta < opts.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambdaBlocked: lambda, iterations, converged };
}

/** m from labelled pairs: level frequencies among the pairs labelled as matches. */
export function mFromLabels(
  gammas: Uint8Array,
  levelCounts: readonly number[],
  isMatch: Uint8Array,
): Float64Array[] {
  const nComp = levelCounts.length;
  const n = isMatch.length;
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = isMatch[k] ? 1 : 0;
  return levelFrequencies(gammas.subarray(0, n * nComp), levelCounts, w);
}

/** Level weights log2(m/u), flat over all comparisons' levels (missing = 0). */
export function levelWeights(model: Pick<Model, 'm' | 'u'>): Float64Array {
  const out: number[] = [];
  model.m.forEach((m, c) => {
    for (let l = 0; l < m.length; l++) out.push(l === 0 ? 0 : Math.log2(m[l]! / model.u[c]![l]!));
  });
  return Float64Array.from(out);
}

/** Total record pairs a job could compare. */
export function allPairs(nLeft: number, nRight: number, linkType: LinkType): number {
  return linkType === 'dedupe_only' ? (nLeft * (nLeft - 1)) / 2 : nLeft * nRight;
}

/**
 * Names of comparisons where the fitted match class agrees exactly less often
 * than it disagrees entirely (m of the first level below m of "else") — for a
 * real match class that does not happen (see Model.implausible).
 */
export function implausibleComparisons(names: readonly string[], m: readonly Float64Array[]): string[] {
  return names.filter((_, c) => m[c]![1]! < m[c]![m[c]!.length - 1]!);
}
