import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs, iso, parseDate, parseInstant } from '../../src/payment/_time.js';

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

  it('instantMs reads RFC 3339 date-times exactly as the platform does, fraction truncated to ms', () => {
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
        fc.oneof(
          fc.constant('Z'),
          fc
            .tuple(
              fc.constantFrom('+', '-'),
              fc.integer({ min: 0, max: 23 }),
              fc.integer({ min: 0, max: 59 }),
            )
            .map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
        ),
        (y, mo, d, h, mi, s, fraction, zone) => {
          const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
          const text = `${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction === null ? '' : `.${fraction}`}${zone}`;
          // A day the month has: the platform's own calendar agrees (it rolls Feb 30 over to March).
          const real = new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
          if (real) expect(instantMs(text)).toBe(Date.parse(text));
          else expect(instantMs(text)).toBeNaN();
        },
      ),
      { numRuns: 5000 },
    );
    expect(instantMs('2026-11-27T10:00:00.5+07:00')).toBe(Date.UTC(2026, 10, 27, 3, 0, 0, 500));
    for (const bad of [
      '',
      '2026-11-27',
      '2026-11-27T10:00:00',
      '2026-11-27 10:00:00Z',
      '2026-11-27t10:00:00Z',
      '2026-11-27T10:00:00z',
      '2026-11-27T10:00Z',
      '2026-11-27T10:00:00.Z',
      '2026-11-27T10:00:00.1234567890Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T10:60:00Z',
      '2026-11-27T10:00:60Z',
      '2026-02-29T10:00:00Z',
      '2026-11-27T10:00:00+24:00',
      '2026-11-27T10:00:00+07:60',
      '2026-11-27T10:00:00+0700',
      '2026-11-27T10:00:00Z ',
      '+02026-11-27T10:00:00Z',
      '2026-1a-27T10:00:00Z',
      '2026-11-27T1:00:00Z',
      '٢٠٢٦-11-27T10:00:00Z',
    ]) {
      expect(instantMs(bad), bad).toBeNaN();
      expect(
        code(() => parseInstant(bad, 'at')),
        bad,
      ).toBe('DD_PAY_REQUEST_INVALID');
    }
  });
});
