import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dedupe } from '../src/commands/dedupe.js';
import { fixturesPopulation } from '../src/commands/fixtures-population.js';
import { link } from '../src/commands/link.js';

const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-link-'));
const p = (f: string) => join(dir, f);
const csv = (f: string) =>
  readFileSync(p(f), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('dinhdanh link / dedupe / fixtures population', () => {
  beforeEach(() => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('generates a population and a tax registry, links them and writes the report', async () => {
    const gen = [
      '--count',
      '2000',
      '--seed',
      '3',
      '--out',
      p('a.csv'),
      '--registry',
      'tax',
      '--overlap',
      '0.8',
    ];
    expect(await fixturesPopulation.run([...gen, '--out-b', p('b.csv')])).toBe(0);
    const a = csv('a.csv');
    const b = csv('b.csv');
    expect(a[0]).toEqual([
      'id',
      'so_dinh_danh',
      'so_cmnd',
      'ho_ten',
      'ngay_sinh',
      'gioi_tinh',
      'que_quan',
      'noi_thuong_tru',
      'truth',
    ]);
    expect(a.length).toBe(2001);
    expect(b.length).toBeGreaterThan(1500);
    // Same seed, same files.
    const again = ['--count', '2000', '--seed', '3', '--out', p('a2.csv')];
    expect(await fixturesPopulation.run(again)).toBe(0);
    expect(readFileSync(p('a2.csv'), 'utf8')).toBe(readFileSync(p('a.csv'), 'utf8'));

    const args = [
      p('a.csv'),
      p('b.csv'),
      '--preset',
      'vn-person',
      '--out',
      p('pairs.csv'),
      '--explain',
      p('r.json'),
    ];
    expect(await link.run([...args, '--workers', '0'])).toBe(0);
    const pairs = csv('pairs.csv');
    expect(pairs[0]).toEqual(['left_id', 'right_id', 'match_probability', 'match_weight']);
    const truthA = new Map(
      readFileSync(p('a.csv'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.split(',')[0], l.split(',').at(-1)]),
    );
    const truthB = new Map(
      readFileSync(p('b.csv'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.split(',')[0], l.split(',').at(-1)]),
    );
    const correct = pairs.slice(1).filter(([l, r]) => truthA.get(l) === truthB.get(r)).length;
    expect(correct / (pairs.length - 1)).toBeGreaterThan(0.99);
    expect((pairs.length - 1) / (b.length - 1)).toBeGreaterThan(0.98);
    for (const [, , prob] of pairs.slice(1)) expect(Number(prob)).toBeGreaterThanOrEqual(0.9);
    const report = JSON.parse(readFileSync(p('r.json'), 'utf8'));
    expect(report.pairs.length).toBe(pairs.length - 1);
    expect(report.model.comparisons.length).toBe(6);
    expect(Object.keys(report.differences).length).toBeGreaterThan(0);
  });

  it('dedupes into clusters and writes the scored pairs', async () => {
    expect(
      await fixturesPopulation.run([
        '--count',
        '1500',
        '--seed',
        '4',
        '--out',
        p('d.csv'),
        '--duplicates',
        '0.1',
      ]),
    ).toBe(0);
    const code = await dedupe.run([
      p('d.csv'),
      '--preset',
      'vn-person',
      '--out',
      p('c.csv'),
      '--pairs',
      p('dp.csv'),
      '--workers',
      '0',
    ]);
    expect(code).toBe(0);
    const rows = csv('d.csv');
    const clusters = csv('c.csv');
    expect(clusters[0]).toEqual(['id', 'cluster_id']);
    expect(clusters.length).toBe(rows.length);
    const truth = new Map(rows.slice(1).map((r) => [r[0], r.at(-1)]));
    const byCluster = new Map<string, Set<string>>();
    for (const [id, c] of clusters.slice(1)) {
      const s = byCluster.get(c!) ?? new Set();
      s.add(truth.get(id)!);
      byCluster.set(c!, s);
    }
    // No cluster mixes two people.
    expect([...byCluster.values()].every((s) => s.size === 1)).toBe(true);
    expect(byCluster.size).toBeLessThan(rows.length - 1);
    expect(csv('dp.csv').length).toBeGreaterThan(1);
  });

  it('refuses bad input with a message naming the file, line or setting', async () => {
    writeFileSync(
      p('bad.json'),
      JSON.stringify({ comparisons: [{ column: 'x', kind: 'phonetic' }], blocking_rules: [['x']] }),
    );
    writeFileSync(p('one.csv'), 'id,x\n1,a\n');
    await expect(
      dedupe.run([p('one.csv'), '--settings', p('bad.json'), '--out', p('o.csv')]),
    ).rejects.toThrow(/bad\.json: .*comparisons\[0\]\.kind: unknown kind 'phonetic'/);
    writeFileSync(
      p('ok.json'),
      JSON.stringify({ comparisons: [{ column: 'ho_ten', kind: 'vn_name' }], blocking_rules: [['ho_ten']] }),
    );
    await expect(dedupe.run([p('one.csv'), '--settings', p('ok.json'), '--out', p('o.csv')])).rejects.toThrow(
      /one\.csv: column\(s\) 'ho_ten' named in the settings are not in the header/,
    );
    writeFileSync(p('empty.csv'), '');
    await expect(dedupe.run([p('empty.csv'), '--preset', 'vn-person', '--out', p('o.csv')])).rejects.toThrow(
      /empty\.csv: empty file/,
    );
    writeFileSync(p('rag.csv'), 'id,ho_ten\n1,An\n2\n');
    await expect(dedupe.run([p('rag.csv'), '--settings', p('ok.json'), '--out', p('o.csv')])).rejects.toThrow(
      /rag\.csv: line 3/,
    );
    writeFileSync(
      p('budget.json'),
      JSON.stringify({
        comparisons: [{ column: 'x', kind: 'exact' }],
        blocking_rules: [['x']],
        max_pairs: 2,
      }),
    );
    writeFileSync(p('same.csv'), 'id,x\n1,a\n2,a\n3,a\n');
    await expect(
      dedupe.run([p('same.csv'), '--settings', p('budget.json'), '--out', p('o.csv')]),
    ).rejects.toMatchObject({
      code: 'DD_LINK_PAIR_BUDGET',
      details: { total: 3 },
    });
    expect(await link.run([p('one.csv')])).toBe(2);
  });
});
