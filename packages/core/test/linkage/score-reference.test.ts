/**
 * The scoring kernel against a plain TypeScript reading of the same level
 * program: every level of every vn-person comparison, on the blocked pairs of
 * a generated population (mostly non-matching pairs that share a family name
 * and birth year, so every string level runs), must get the same level and
 * the same match weight. Jaro-Winkler and OSA distance are computed here from
 * their definitions, not by the kernel.
 */

import { type KernelColumn, type KernelComparison, MatchKernel, Op } from '@dinhdanh/wasm/match';
import { describe, expect, it } from 'vitest';
import { refLev as distance, refJw as jaroWinkler } from '../../../wasm/test/_reference-strings.js';
import {
  block,
  comparisonFeatures,
  kernelProgram,
  normaliseTable,
  prepareComparisons,
  resolveSettings,
} from '../../src/linkage/index.js';
import { syntheticTables } from './_synthetic.js';

const text = (c: KernelColumn, r: number): string =>
  String.fromCharCode(...c.units.subarray(c.offsets[r]!, c.offsets[r + 1]!));
const trunc = (x: number, d: number) => Math.trunc(x / d);

/** Level index of one comparison for rows (i, j), 255 = missing: the program read literally. */
function level(
  cmp: KernelComparison,
  left: readonly KernelColumn[],
  right: readonly KernelColumn[],
  i: number,
  j: number,
) {
  for (let l = 0; l < cmp.levels.length; l++) {
    const { op, colA, colB, param: p } = cmp.levels[l]!;
    const [ca, cb] = [left[colA]!, right[colA]!];
    const [li, ri] = [ca.ids[i]!, cb.ids[j]!];
    const missing = li < 0 || ri < 0;
    const [x, y] = [ca.nums[i]!, cb.nums[j]!];
    let hit: boolean;
    if (op === Op.else) hit = true;
    else if (op === Op.null) hit = missing;
    else if (op === Op.null2) hit = missing && (left[colB]!.ids[i]! < 0 || right[colB]!.ids[j]! < 0);
    else if (missing) hit = false;
    else if (op === Op.eq) hit = li === ri;
    else if (op === Op.eqCross) hit = li === right[colB]!.ids[j] && left[colB]!.ids[i] === ri && li !== ri;
    else if (op === Op.jwGe) hit = li === ri || jaroWinkler(text(ca, i), text(cb, j)) >= p;
    else if (op === Op.levLe || op === Op.osaLe)
      hit = li === ri || distance(text(ca, i), text(cb, j), op === Op.osaLe) <= p;
    else if (op === Op.numAbsLe) hit = Math.abs(x - y) <= p;
    else if (op === Op.dateSwap)
      hit =
        trunc(x, 10000) === trunc(y, 10000) &&
        x % 100 === trunc(y, 100) % 100 &&
        trunc(x, 100) % 100 === y % 100 &&
        x % 100 !== trunc(x, 100) % 100 &&
        x % 100 !== 0;
    else if (op === Op.dateNear) {
      const diffs = [
        Math.abs(trunc(x, 10000) - trunc(y, 10000)),
        Math.abs((trunc(x, 100) % 100) - (trunc(y, 100) % 100)),
        Math.abs((x % 100) - (y % 100)),
      ].sort();
      hit = x % 100 !== 0 && y % 100 !== 0 && diffs.join() === '0,0,1';
    } else if (op === Op.numEqDiv) hit = trunc(x, p) === trunc(y, p);
    else throw new Error(`op ${op}`);
    if (!hit) continue;
    return op === Op.null || op === Op.null2 ? 255 : l;
  }
  return 255;
}

describe('scoring kernel vs the level program read literally', () => {
  it('vn-person: same level on every comparison and the same weight for every blocked pair', () => {
    const { a } = syntheticTables(2500, 17, undefined, { duplicates: 0.1 });
    const settings = resolveSettings({ preset: 'vn-person' });
    // The preset's rules plus family name + birth year: many look-alike, non-matching pairs.
    const rules = [
      ...settings.blockingRules,
      resolveSettings({ preset: 'vn-person', blocking_rules: [['ho_ten:name_family', 'ngay_sinh:year']] })
        .blockingRules[0]!,
    ];
    const feats = normaliseTable(a, [...rules.flat(), ...comparisonFeatures(settings.comparisons)]);
    const { pairs } = block({ linkType: 'dedupe_only', rules, left: feats, maxPairs: 1e9 });
    const data = prepareComparisons(settings.comparisons, feats, feats);
    const nLevels = data.levelCounts.reduce((s, n) => s + n, 0);
    // Distinct weights per level, so a wrong level also shows in the weight.
    const weights = Float64Array.from({ length: nLevels }, (_, k) => ((k * 7919) % 101) / 16 - 3);
    const program = kernelProgram(data, weights);
    const kernel = new MatchKernel();
    kernel.loadJob(data.left, data.right, program);
    const prior = -9.5;
    const out = kernel.score(pairs, prior);
    const n = pairs.length >> 1;
    expect(n).toBeGreaterThan(5000);
    const hits = program.map((c) => new Array<number>(c.levels.length).fill(0));
    for (let k = 0; k < n; k++) {
      const [i, j] = [pairs[2 * k]!, pairs[2 * k + 1]!];
      let w = prior;
      program.forEach((cmp, c) => {
        const g = level(cmp, data.left, data.right, i, j);
        const got = out.gammas[k * program.length + c];
        if (got !== g)
          expect({ pair: k, comparison: c, level: got }).toEqual({ pair: k, comparison: c, level: g });
        if (g === 255) return;
        hits[c]![g]!++;
        const lv = cmp.levels[g]!;
        w += lv.weight;
        if (lv.tf) w += Math.min(lv.tf[data.left[lv.colA]!.ids[i]!]!, lv.tf[data.right[lv.colA]!.ids[j]!]!);
      });
      if (Math.abs(out.weights[k]! - w) > 1e-9)
        expect({ pair: k, weight: out.weights[k] }).toEqual({ pair: k, weight: w });
    }
    // The sample reaches every Jaro-Winkler band of the name and address comparisons.
    const jwLevels = program.flatMap((cmp, c) =>
      cmp.levels.flatMap((l, g) => (l.op === Op.jwGe ? [hits[c]![g]!] : [])),
    );
    expect(jwLevels.length).toBeGreaterThanOrEqual(4);
    for (const h of jwLevels) expect(h).toBeGreaterThan(0);
  });
});
