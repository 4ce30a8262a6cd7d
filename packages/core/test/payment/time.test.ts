import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iso, parseDate } from '../../src/payment/_time.js';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('payment calendar helpers', () => {
  it('parseDate accepts exactly the real Gregorian dates (leap years included)', () => {
    expect(parseDate('2028-02-29', 'd')).toBe(Date.UTC(2028, 1, 29));
    expect(parseDate('2000-02-29', 'd')).toBe(Date.UTC(2000, 1, 29));
    for (const bad of [
      '2026-02-29',
      '2100-02-29',
      '2031-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-01',
      '0050-01-01',
    ])
      expect(code(() => parseDate(bad, 'd'))).toBe('DD_PAY_DATE_INVALID');
    // Agrees with the platform's calendar on every day number and month of many years.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
          if (real) expect(parseDate(text, 'd')).toBe(Date.UTC(y, m - 1, d));
          else expect(code(() => parseDate(text, 'd'))).toBe('DD_PAY_DATE_INVALID');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('iso formats each instant as RFC 3339 UTC, also when instants repeat or go back', () => {
    for (const ms of [
      0, 1_773_111_600_000, 1_773_716_400_000, 1_773_111_600_000, 1_773_716_400_000, 1_773_111_600_001, 0,
      1_773_111_599_999,
    ])
      expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});
