/**
 * The pipeline: normalise → block → compare → estimate → score (→ cluster,
 * explain on the result). One call runs a whole link or dedupe job.
 */
import { DinhdanhError } from '../errors/index.js';
import { LocalScorer, type Progress, type ScoreJob, type Scorer } from './_scorer.js';
import { type Blocked, block } from './block.js';
import { type ComparisonData, comparisonFeatures, kernelProgram, prepareComparisons } from './compare.js';
import {
  allPairs,
  expectationMaximisation,
  implausibleComparisons,
  levelFrequencies,
  type Model,
  mFromLabels,
  randomPairs,
  seededStart,
} from './estimate.js';
import { type Explanation, explainPair } from './explain.js';
import {
  columnIndex,
  type FeatureColumn,
  FeatureDictionary,
  featureKey,
  normaliseTable,
  type Table,
} from './normalise.js';
import { scoringProgram, tfAdjustments } from './score.js';
import { type ResolvedSettings, resolveSettings } from './settings.js';

export interface LinkageInput {
  /** Settings as authored (validated here) or already resolved. */
  readonly settings: unknown;
  readonly left: Table;
  /** The second table when linking; absent for dedupe. */
  readonly right?: Table;
  /** Optional labelled pairs (unique ids) to estimate m instead of EM. */
  readonly labels?: readonly { left: string; right: string; match: boolean }[];
  /** Defaults to the calling thread's kernel. */
  readonly scorer?: Scorer;
  readonly onStage?: (stage: string, info?: Record<string, unknown>) => void;
  readonly onProgress?: Progress;
  /** Blocked pairs used to fit m by EM (a random subset above this). */
  readonly emSampleSize?: number;
}

export interface LinkageResult {
  readonly settings: ResolvedSettings;
  readonly leftIds: readonly string[];
  readonly rightIds: readonly string[];
  readonly blocking: Blocked['counts'];
  /** [l0, r0, l1, r1, …] row indices. */
  readonly pairs: Int32Array;
  readonly weights: Float64Array;
  /** pairs × comparisons level indices (255 = missing). */
  readonly gammas: Uint8Array;
  readonly model: Model;
  readonly data: ComparisonData;
}

const isResolved = (s: unknown): s is ResolvedSettings =>
  typeof s === 'object' && s !== null && 'linkType' in s && 'blockingRules' in s;

function ids(table: Table, column: string): string[] {
  const at = columnIndex(table, [column]).get(column)!;
  const seen = new Set<string>();
  return table.rows.map((row, i) => {
    const v = row[at] ?? '';
    if (seen.has(v)) {
      throw new DinhdanhError(
        'DD_LINK_DUPLICATE_ID',
        `${table.source}: row ${i + 2}: unique id column '${column}' repeats a value`,
        {
          details: { source: table.source, line: i + 2, column },
        },
      );
    }
    seen.add(v);
    return v;
  });
}

export async function runLinkage(input: LinkageInput): Promise<LinkageResult> {
  const settings = isResolved(input.settings) ? input.settings : resolveSettings(input.settings);
  const dedupe = settings.linkType === 'dedupe_only';
  if (!dedupe && input.right === undefined) throw new RangeError('link_only needs a right table');
  const stage = input.onStage ?? (() => {});
  const leftIds = ids(input.left, settings.uniqueIdColumn);
  const rightTable = dedupe ? input.left : input.right!;
  const rightIds = dedupe ? leftIds : ids(rightTable, settings.uniqueIdColumn);

  stage('normalise');
  const features = [...settings.blockingRules.flat(), ...comparisonFeatures(settings.comparisons)];
  const dictionary = new FeatureDictionary();
  const normalise = (t: Table) =>
    input.scorer?.normalise !== undefined
      ? input.scorer.normalise(t, features, dictionary)
      : Promise.resolve(normaliseTable(t, features, dictionary));
  const left = await normalise(input.left);
  const right: Map<string, FeatureColumn> = dedupe ? left : await normalise(rightTable);

  stage('block');
  const blocked = block({
    linkType: settings.linkType,
    rules: settings.blockingRules,
    left,
    right,
    maxPairs: settings.maxPairs,
  });
  stage('blocked', { pairs: blocked.pairs.length >> 1, counts: blocked.counts });

  stage('compare');
  const data = prepareComparisons(settings.comparisons, left, right);
  const nComp = settings.comparisons.length;
  const levelCounts = data.levelCounts;
  const zero = kernelProgram(data, new Float64Array(levelCounts.reduce((a, b) => a + b, 0)));
  const scorer = input.scorer ?? new LocalScorer();
  const gammaJob: ScoreJob = { left: data.left, right: data.right, program: zero, prior: 0, nComp };
  try {
    stage('estimate u');
    const nL = input.left.rows.length;
    const nR = rightTable.rows.length;
    const sample = randomPairs(nL, nR, settings.linkType, settings.uSampleSize, settings.seed);
    const uOut = await scorer.score(gammaJob, sample);
    const u = levelFrequencies(uOut.gammas, levelCounts);

    stage('estimate m');
    const nPairs = blocked.pairs.length >> 1;
    let m: Float64Array[];
    let lambdaBlocked: number;
    let iterations = 0;
    let converged = true;
    if (input.labels !== undefined && input.labels.length > 0) {
      const lIndex = new Map(leftIds.map((v, i) => [v, i]));
      const rIndex = new Map(rightIds.map((v, i) => [v, i]));
      const lp = input.labels.filter((x) => lIndex.has(x.left) && rIndex.has(x.right));
      const pairs = new Int32Array(lp.flatMap((x) => [lIndex.get(x.left)!, rIndex.get(x.right)!]));
      const out = await scorer.score(gammaJob, pairs);
      m = mFromLabels(out.gammas, levelCounts, Uint8Array.from(lp.map((x) => (x.match ? 1 : 0))));
      lambdaBlocked = lp.filter((x) => x.match).length / Math.max(1, nPairs);
    } else {
      const emPairs = subsample(blocked.pairs, input.emSampleSize ?? 2_000_000, settings.seed);
      const out = await scorer.score(gammaJob, emPairs);
      const opts = { maxIterations: settings.emMaxIterations, tolerance: settings.emTolerance };
      let em = expectationMaximisation(out.gammas, levelCounts, u, opts);
      // A fit whose match class disagrees more than it agrees is a wrong local
      // optimum (look-alike pairs outnumber matches); restart from pairs that
      // agree on the most discriminating comparison.
      const names = settings.comparisons.map((c) => c.name);
      const seed =
        implausibleComparisons(names, em.m).length > 0 ? seededStart(out.gammas, levelCounts, u) : undefined;
      if (seed !== undefined) {
        const again = expectationMaximisation(out.gammas, levelCounts, u, { ...opts, ...seed });
        if (implausibleComparisons(names, again.m).length < implausibleComparisons(names, em.m).length)
          em = again;
      }
      ({ m, lambdaBlocked, iterations, converged } = em);
    }
    const lambda =
      settings.prior ??
      Math.min(0.5, (lambdaBlocked * nPairs) / Math.max(1, allPairs(nL, nR, settings.linkType)));
    const implausible = implausibleComparisons(
      settings.comparisons.map((c) => c.name),
      m,
    );
    const model: Model = { m, u, lambda, lambdaBlocked, iterations, converged, implausible };
    stage('estimated', { lambda, iterations, converged, implausible });

    stage('score');
    const { prior, program } = scoringProgram(data, model);
    const scored = await scorer.score(
      { left: data.left, right: data.right, program, prior, nComp },
      blocked.pairs,
      input.onProgress,
    );
    return {
      settings,
      leftIds,
      rightIds,
      blocking: blocked.counts,
      pairs: blocked.pairs,
      weights: scored.weights,
      gammas: scored.gammas,
      model,
      data,
    };
  } finally {
    if (input.scorer === undefined) await scorer.close();
  }
}

function subsample(pairs: Int32Array, max: number, seed: number): Int32Array {
  const n = pairs.length >> 1;
  if (n <= max) return pairs;
  const step = n / max;
  const out = new Int32Array(max * 2);
  let off = seed % Math.max(1, Math.floor(step));
  for (let k = 0; k < max; k++) {
    const at = Math.min(n - 1, Math.floor(off));
    out[2 * k] = pairs[2 * at]!;
    out[2 * k + 1] = pairs[2 * at + 1]!;
    off += step;
  }
  return out;
}

/** Explains pairs of a result: the waterfall and the disagreement list for pair k. */
export function explainer(result: LinkageResult): (k: number) => Explanation {
  const nComp = result.settings.comparisons.length;
  const adj = tfAdjustments(result.data, result.model);
  const starts: number[] = [];
  let acc = 0;
  for (const n of result.data.levelCounts) {
    starts.push(acc);
    acc += n;
  }
  return (k) => {
    const l = result.pairs[2 * k]!;
    const r = result.pairs[2 * k + 1]!;
    const gammas = result.gammas.subarray(k * nComp, (k + 1) * nComp);
    return explainPair(result.settings.comparisons, result.model, gammas, (c, g) => {
      const a = adj.get(starts[c]! + g);
      if (a === undefined) return 0;
      const col = result.data.columnOf.get(featureKey(result.settings.comparisons[c]!.levels[g]!.a))!;
      return Math.min(a[result.data.left[col]!.ids[l]!]!, a[result.data.right[col]!.ids[r]!]!);
    });
  };
}
