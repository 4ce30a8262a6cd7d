/**
 * Unsupervised accuracy (no truth used in training): pairwise precision,
 * recall and F1 of pairs at or above the settings' threshold.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  comparisonFeatures,
  FeatureDictionary,
  LinkagePool,
  normaliseTable,
  parseCsv,
  resolveSettings,
  runLinkage,
} from '../../src/linkage/index.js';
import { aboveThreshold, pairwiseAccuracy } from './_accuracy.js';
import { fake1000Settings, febrlSettings } from './_settings-files.js';
import { syntheticTables, truthOf } from './_synthetic.js';

const fixture = (f: string) =>
  parseCsv(readFileSync(new URL(`../../../../fixtures/linkage/${f}`, import.meta.url)), f);
// FEBRL ids are rec-<entity>-org / rec-<entity>-dup-<k>.
const febrlTruth = (ids: readonly string[]) => ids.map((id) => id.split('-')[1]!);

describe('accuracy', () => {
  for (const file of ['febrl_dataset1.csv', 'febrl_dataset2.csv']) {
    it(`dedupes FEBRL ${file} with F1 ≥ 0.99`, async () => {
      const r = await runLinkage({ settings: febrlSettings, left: fixture(file) });
      const truth = febrlTruth(r.leftIds);
      const acc = pairwiseAccuracy(r, truth, truth, aboveThreshold(r));
      console.log(file, acc);
      expect(acc.f1).toBeGreaterThanOrEqual(0.99);
      expect(r.model.implausible).toEqual([]);
    });
  }

  it("reports Splink's fake_1000 (heavily corrupted, many missing values)", async () => {
    const t = fixture('splink_fake_1000.csv');
    const r = await runLinkage({ settings: { ...fake1000Settings, threshold: 0.5 }, left: t });
    const truth = t.rows.map((row) => row[t.header.indexOf('cluster')]!);
    const acc = pairwiseAccuracy(r, truth, truth, aboveThreshold(r));
    console.log('fake_1000', acc);
    expect(acc.precision).toBeGreaterThan(0.95);
    expect(acc.f1).toBeGreaterThan(0.75);
  });

  for (const registry of ['tax', 'telecom']) {
    it(`links a synthetic population to a ${registry} registry (5,000 × ~4,200) with F1 ≥ 0.99`, async () => {
      const { a, b } = syntheticTables(5000, 11, registry, { overlap: 0.8, extra: 0.05 });
      const r = await runLinkage({
        settings: { preset: 'vn-person', link_type: 'link_only' },
        left: a,
        right: b,
      });
      const acc = pairwiseAccuracy(r, truthOf(a), truthOf(b), aboveThreshold(r));
      console.log(`vn ${registry}`, acc);
      expect(acc.f1).toBeGreaterThanOrEqual(0.99);
      expect(r.model.implausible).toEqual([]);
    });
  }

  it('dedupes a synthetic population with 10% re-entered duplicates with F1 ≥ 0.99', async () => {
    const { a } = syntheticTables(5000, 5, undefined, { duplicates: 0.1 });
    const r = await runLinkage({ settings: { preset: 'vn-person' }, left: a });
    const t = truthOf(a);
    const acc = pairwiseAccuracy(r, t, t, aboveThreshold(r));
    console.log('vn dedupe', acc);
    expect(acc.f1).toBeGreaterThanOrEqual(0.99);
  });

  it('flags an implausible fit when the table holds no duplicates at all', async () => {
    const { a } = syntheticTables(5000, 8);
    const r = await runLinkage({ settings: { preset: 'vn-person' }, left: a });
    // With no true matches EM fits its match class to look-alike pairs; the
    // model says so instead of passing silently.
    expect(r.model.implausible).toContain('id');
  });

  it('scores identically on the worker pool and on the calling thread', async () => {
    const left = fixture('febrl_dataset1.csv');
    const local = await runLinkage({ settings: febrlSettings, left });
    const pool = new LinkagePool({ threads: 2, taskPairs: 500 });
    try {
      const pooled = await runLinkage({ settings: febrlSettings, left, scorer: pool });
      expect(pooled.pairs).toEqual(local.pairs);
      expect(Array.from(pooled.weights)).toEqual(Array.from(local.weights));
      expect(Array.from(pooled.gammas)).toEqual(Array.from(local.gammas));
    } finally {
      await pool.close();
    }
  });

  it('normalises row chunks on the pool to the same features as on the calling thread', async () => {
    const { a } = syntheticTables(8000, 21, undefined, { duplicates: 0.05 });
    const settings = resolveSettings({ preset: 'vn-person' });
    const refs = [...settings.blockingRules.flat(), ...comparisonFeatures(settings.comparisons)];
    const local = normaliseTable(a, refs, new FeatureDictionary());
    const pool = new LinkagePool({ threads: 2, chunkRows: 1500 });
    try {
      const pooled = await pool.normalise(a, refs, new FeatureDictionary());
      expect([...pooled.keys()].sort()).toEqual([...local.keys()].sort());
      for (const [key, col] of local) {
        const other = pooled.get(key)!;
        expect(other.values).toEqual(col.values);
        expect(other.nums === undefined ? undefined : Array.from(other.nums)).toEqual(
          col.nums === undefined ? undefined : Array.from(col.nums),
        );
      }
      await expect(pool.normalise({ ...a, header: ['id'] }, refs, new FeatureDictionary())).rejects.toThrow(
        /not in the header/,
      );
    } finally {
      await pool.close();
    }
  });
});
