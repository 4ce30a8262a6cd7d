import { describe, expect, it } from 'vitest';
import { isDinhdanhError } from '../../src/errors/index.js';
import { resolveSettings } from '../../src/linkage/index.js';

const catchError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('linkage settings', () => {
  it('resolves the vn-person preset with six comparisons and overridable column names', () => {
    const s = resolveSettings({ preset: 'vn-person', column_names: { ho_ten: 'full_name' } });
    expect(s.comparisons.map((c) => c.name)).toEqual(['id', 'name', 'dob', 'sex', 'home town', 'residence']);
    expect(s.comparisons[1]!.levels[1]!.a.columns).toEqual(['full_name']);
    expect(s.blockingRules.some((r) => r.some((f) => f.columns.includes('full_name')))).toBe(true);
    expect(s.threshold).toBe(0.9);
    expect(s.linkType).toBe('dedupe_only');
    // Every comparison starts with the missing-value level and ends with "all other".
    for (const c of s.comparisons) {
      expect(c.levels[0]!.label).toBe('missing on either side');
      expect(c.levels.at(-1)!.label).toBe('all other');
    }
  });

  it('lets a file override preset fields', () => {
    const s = resolveSettings({
      preset: 'vn-person',
      threshold: 0.5,
      link_type: 'link_only',
      unique_id_column: 'ma',
    });
    expect([s.threshold, s.linkType, s.uniqueIdColumn]).toEqual([0.5, 'link_only', 'ma']);
  });

  it('gathers every problem, then throws once with paths', () => {
    const e = catchError(() =>
      resolveSettings(
        {
          link_type: 'both',
          threshold: 2,
          blocking_rules: [['surname:soundex'], []],
          comparisons: [
            { column: 'x', kind: 'fuzzy' },
            { kind: 'exact' },
            { column: 'y', kind: 'jaro_winkler', thresholds: ['a'] },
          ],
          colour: 'blue',
        },
        's.json',
      ),
    );
    expect(isDinhdanhError(e)).toBe(true);
    if (!isDinhdanhError(e)) return;
    expect(e.code).toBe('DD_LINK_SETTINGS');
    expect(e.message).toMatch(/^s\.json: /);
    const paths = (e.details!.errors as { path: string }[]).map((x) => x.path).sort();
    expect(paths).toEqual(
      [
        'colour',
        'link_type',
        'threshold',
        'blocking_rules[0][0]',
        'blocking_rules[1]',
        'comparisons[0].kind',
        'comparisons[1]',
        'comparisons[2].thresholds',
      ].sort(),
    );
  });

  it('refuses an unknown preset and a non-object', () => {
    expect(() => resolveSettings({ preset: 'vn-company' })).toThrow(/preset/);
    expect(() => resolveSettings([1, 2])).toThrow(/JSON object/);
  });
});
