import { describe, expect, it } from 'vitest';
import { explainer, probability, runLinkage } from '../../src/linkage/index.js';
import { syntheticTables } from './_synthetic.js';

describe('explain', () => {
  it('gives the waterfall and names how a linked pair differs (day-month swap, missing middle name)', async () => {
    const { a } = syntheticTables(3000, 21);
    const col = (n: string) => a.header.indexOf(n);
    // Registry copy of a's rows 0..999 with controlled differences on row 0.
    const b = { ...a, source: 'b.csv', rows: a.rows.slice(0, 1000).map((r) => [...r]) };
    const row = b.rows.find((r) => {
      const [d, m] = r[col('ngay_sinh')]!.split('/').map(Number);
      return d! <= 12 && d !== m && r[col('ho_ten')]!.split(' ').length === 3;
    })!;
    const [d, m, y] = row[col('ngay_sinh')]!.split('/');
    row[col('ngay_sinh')] = `${m}/${d}/${y}`;
    const [family, , given] = row[col('ho_ten')]!.split(' ');
    row[col('ho_ten')] = `${family} ${given}`;
    const r = await runLinkage({
      settings: { preset: 'vn-person', link_type: 'link_only' },
      left: a,
      right: b,
    });
    const target = b.rows.indexOf(row);
    let k = -1;
    for (let i = 0; i < r.weights.length; i++)
      if (r.pairs[2 * i + 1] === target && r.pairs[2 * i] === target) k = i;
    expect(k).toBeGreaterThanOrEqual(0);
    const e = explainer(r)(k);
    expect(e.differences).toContain('dob day-month swap');
    expect(e.differences).toContain('name without (or with another) middle name');
    expect(e.steps.find((s) => s.comparison === 'id')!.level).toBe('12-digit ID exact');
    // The waterfall adds up to the kernel's weight.
    const sum = e.priorWeight + e.steps.reduce((acc, s) => acc + s.weight + s.tfAdjustment, 0);
    expect(sum).toBeCloseTo(r.weights[k]!, 4);
    expect(e.matchProbability).toBeCloseTo(probability(r.weights[k]!), 9);
    expect(e.matchProbability).toBeGreaterThan(0.99);
    // Explanations carry labels, never the records' values.
    expect(JSON.stringify(e)).not.toContain(row[col('so_dinh_danh')]!);
  });
});
