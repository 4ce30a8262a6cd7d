import { describe, expect, it } from 'vitest';
import {
  block,
  countPairs,
  type FeatureColumn,
  normaliseTable,
  parseFeatureRef,
} from '../../src/linkage/index.js';

const table = {
  source: 't.csv',
  header: ['id', 'ho', 'nam'],
  rows: [
    ['1', 'Nguyễn', '1990'],
    ['2', 'Nguyen', '1990'],
    ['3', 'Nguyễn', '1991'],
    ['4', 'Trần', '1990'],
    ['5', '', '1990'],
  ],
};
const rules = [[parseFeatureRef('ho:folded')], [parseFeatureRef('nam:raw')]];
const features = (): Map<string, FeatureColumn> => normaliseTable(table, rules.flat());

describe('blocking', () => {
  it('counts pairs per rule before generating them', () => {
    const f = features();
    const counts = countPairs({ linkType: 'dedupe_only', rules, left: f, maxPairs: 100 });
    // nguyen ×3 → 3 pairs; 1990 ×4 → 6 pairs.
    expect(counts.map((c) => c.candidates)).toEqual([3, 6]);
  });

  it('unions the rules without duplicate pairs, each pair from the first rule that blocks it', () => {
    const f = features();
    const b = block({ linkType: 'dedupe_only', rules, left: f, maxPairs: 100 });
    const pairs: string[] = [];
    for (let k = 0; k < b.pairs.length; k += 2) pairs.push(`${b.pairs[k]}-${b.pairs[k + 1]}`);
    expect(pairs.sort()).toEqual(['0-1', '0-2', '0-3', '0-4', '1-2', '1-3', '1-4', '3-4'].sort());
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(b.counts.map((c) => c.added)).toEqual([3, 5]); // 0-1 is not added twice
  });

  it('links across two tables (left × right within each block)', () => {
    const f = features();
    const right = normaliseTable({ ...table, rows: [['9', 'nguyễn', '2000']] }, rules.flat());
    const b = block({ linkType: 'link_only', rules, left: f, right, maxPairs: 100 });
    expect([...b.pairs]).toEqual([0, 0, 1, 0, 2, 0]);
  });

  it('refuses a run above the pair budget with the per-rule counts', () => {
    const f = features();
    try {
      block({ linkType: 'dedupe_only', rules, left: f, maxPairs: 8 });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; details: { total: number; counts: { candidates: number }[] } };
      expect(err.code).toBe('DD_LINK_PAIR_BUDGET');
      expect(err.details.total).toBe(9);
      expect(err.details.counts.map((c) => c.candidates)).toEqual([3, 6]);
    }
  });

  it('links tables normalised with separate dictionaries, with a three-feature rule', () => {
    const t = {
      source: 'l.csv',
      header: ['id', 'ho', 'nam', 'tinh'],
      rows: [
        ['1', 'Nguyễn', '1990', 'Huế'],
        ['2', 'Nguyễn', '1990', 'Hà Nội'],
        ['3', 'Trần', '1990', 'Huế'],
      ],
    };
    const rule = [[parseFeatureRef('ho:folded'), parseFeatureRef('nam:raw'), parseFeatureRef('tinh:folded')]];
    const left = normaliseTable(t, rule.flat());
    const right = normaliseTable(
      {
        ...t,
        rows: [
          ['7', 'Tran', '1990', 'Hue'],
          ['8', 'nguyen', '1990', 'hue'],
          ['9', 'Nguyen', '1991', 'Hue'],
        ],
      },
      rule.flat(),
    );
    const b = block({ linkType: 'link_only', rules: rule, left, right, maxPairs: 100 });
    const pairs: string[] = [];
    for (let k = 0; k < b.pairs.length; k += 2) pairs.push(`${b.pairs[k]}-${b.pairs[k + 1]}`);
    expect(pairs.sort()).toEqual(['0-1', '2-0']);
  });
});
