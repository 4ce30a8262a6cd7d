/**
 * Stage 3 — compare. Turns the normalised features the comparisons use into
 * the kernel's columnar layout (one interned id space for both tables, UTF-16
 * units only for columns a string-similarity level reads, numbers for dates)
 * and the comparison levels into the kernel's level program. The kernel then
 * evaluates every level of every comparison for a whole batch of pairs.
 */
import { type KernelColumn, type KernelComparison, Op } from '@dinhdanh/wasm/match';
import { sharedInt32, sharedUint16 } from './_shared.js';
import { dictionaryOf, type FeatureColumn, type FeatureRef, featureKey, inDictionary } from './normalise.js';
import type { ResolvedComparison } from './settings.js';

const STRING_OPS = new Set<number>([Op.jwGe, Op.levLe, Op.osaLe]);

export interface ComparisonData {
  readonly left: readonly KernelColumn[];
  readonly right: readonly KernelColumn[];
  /** Feature key → kernel column index. */
  readonly columnOf: ReadonlyMap<string, number>;
  /** Number of levels per comparison, the missing-value level included. */
  readonly levelCounts: readonly number[];
  /** Flat level index → relative frequency of each value id (term-frequency levels only). */
  readonly tfFreq: ReadonlyMap<number, Float64Array>;
  readonly comparisons: readonly ResolvedComparison[];
  /** Value id → string, for explanations. */
  readonly dictionary: readonly string[];
}

/** Every feature the comparisons read. */
export function comparisonFeatures(comparisons: readonly ResolvedComparison[]): FeatureRef[] {
  const seen = new Map<string, FeatureRef>();
  for (const c of comparisons)
    for (const l of c.levels) for (const r of [l.a, l.b]) seen.set(featureKey(r), r);
  return [...seen.values()];
}

export function prepareComparisons(
  comparisons: readonly ResolvedComparison[],
  left: ReadonlyMap<string, FeatureColumn>,
  rightIn: ReadonlyMap<string, FeatureColumn>,
): ComparisonData {
  const refs = comparisonFeatures(comparisons);
  const needsUnits = new Set<string>();
  for (const c of comparisons)
    for (const l of c.levels) if (STRING_OPS.has(l.op)) needsUnits.add(featureKey(l.a));
  // Both tables' ids in one dictionary: exact agreement is then id equality.
  const dict = dictionaryOf(left);
  const right = rightIn === left ? left : inDictionary(rightIn, dict);
  const dictionary = dict.values;
  const columnOf = new Map<string, number>();
  // Columns without strings or numbers share one zero array per table size.
  const zeros = new Map<number, Int32Array>();
  const zero = (n: number): Int32Array => {
    let z = zeros.get(n);
    if (z === undefined) zeros.set(n, (z = sharedInt32(n)));
    return z;
  };
  const build = (f: FeatureColumn, units: boolean): KernelColumn => {
    const ids = f.ids;
    const n = ids.length;
    if (!units) return { offsets: zero(n + 1), units: new Uint16Array(0), ids, nums: f.nums ?? zero(n) };
    const offsets = sharedInt32(n + 1);
    let total = 0;
    if (units) {
      for (let i = 0; i < n; i++) {
        const id = ids[i]!;
        if (id >= 0) total += dictionary[id]!.length;
        offsets[i + 1] = total;
      }
    }
    const u = sharedUint16(total);
    if (units) {
      let at = 0;
      for (let i = 0; i < n; i++) {
        const id = ids[i]!;
        if (id < 0) continue;
        const v = dictionary[id]!;
        for (let k = 0; k < v.length; k++) u[at++] = v.charCodeAt(k);
      }
    }
    return { offsets, units: u, ids, nums: f.nums ?? zero(n) };
  };
  const l: KernelColumn[] = [];
  const r: KernelColumn[] = [];
  refs.forEach((ref, i) => {
    const key = featureKey(ref);
    columnOf.set(key, i);
    const units = needsUnits.has(key);
    l.push(build(left.get(key)!, units));
    r.push(right === left ? l[i]! : build(right.get(key)!, units));
  });
  const tfFreq = new Map<number, Float64Array>();
  let flat = 0;
  for (const c of comparisons) {
    for (const lv of c.levels) {
      if (lv.tf) {
        const col = columnOf.get(featureKey(lv.a))!;
        const freq = new Float64Array(dictionary.length);
        let total = 0;
        const sides = right === left ? [l[col]!] : [l[col]!, r[col]!];
        for (const s of sides) {
          for (const id of s.ids) {
            if (id >= 0) {
              freq[id]!++;
              total++;
            }
          }
        }
        if (total > 0) for (let k = 0; k < freq.length; k++) freq[k]! /= total;
        tfFreq.set(flat, freq);
      }
      flat++;
    }
  }
  return {
    left: l,
    right: r,
    columnOf,
    levelCounts: comparisons.map((c) => c.levels.length),
    tfFreq,
    comparisons,
    dictionary,
  };
}

/**
 * The kernel program for given level weights (flat, one per level; the
 * missing-value level's is ignored) and term-frequency adjustments.
 */
export function kernelProgram(
  data: ComparisonData,
  weights: Float64Array,
  tfAdjust: ReadonlyMap<number, Float32Array> = new Map(),
): KernelComparison[] {
  let flat = 0;
  return data.comparisons.map((c) => ({
    levels: c.levels.map((l) => {
      const k = flat++;
      return {
        op: l.op,
        colA: data.columnOf.get(featureKey(l.a))!,
        colB: data.columnOf.get(featureKey(l.b))!,
        param: l.param,
        weight: weights[k] ?? 0,
        tf: tfAdjust.get(k),
      };
    }),
  }));
}
