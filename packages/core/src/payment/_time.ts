/**
 * Calendar arithmetic in Vietnam time (UTC+07:00, no daylight saving): the
 * "day" of Decision 2345's running total and the "month" of Circular 16/2020's
 * debit cap are local calendar periods.
 */
import { payError } from './_errors.js';

const DAY_MS = 86_400_000;

/** The last local day computed, with its bounds: every authorisation asks for "today" several times. */
let dayCache = { from: 0, to: 0, offset: 0, day: '' };

/** `YYYY-MM-DD` of the instant `ms` in a zone `offsetMinutes` east of UTC. */
export function localDay(ms: number, offsetMinutes: number): string {
  const c = dayCache;
  if (ms >= c.from && ms < c.to && offsetMinutes === c.offset) return c.day;
  const local = ms + offsetMinutes * 60_000;
  const from = Math.floor(local / DAY_MS) * DAY_MS - offsetMinutes * 60_000;
  dayCache = {
    from,
    to: from + DAY_MS,
    offset: offsetMinutes,
    day: new Date(local).toISOString().slice(0, 10),
  };
  return dayCache.day;
}

/** `YYYY-MM` of the instant. */
export const localMonth = (ms: number, offsetMinutes: number): string =>
  localDay(ms, offsetMinutes).slice(0, 7);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Days per month of a common year; February gains one in leap years (Gregorian rule). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Checks a `YYYY-MM-DD` string is a real date; returns the UTC midnight of that date. */
export function parseDate(value: unknown, path: string): number {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  const y = m ? Number(m[1]) : 0;
  const mo = m ? Number(m[2]) : 0;
  const d = m ? Number(m[3]) : 0;
  // Years below 100 are refused: Date.UTC would read them as 19xx.
  if (
    !m ||
    y < 100 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > MONTH_DAYS[mo - 1]! + (mo === 2 && isLeap(y) ? 1 : 0)
  ) {
    throw payError('DD_PAY_DATE_INVALID', `${path} must be a calendar date YYYY-MM-DD`, { path });
  }
  return Date.UTC(y, mo - 1, d);
}

/** Start and end (exclusive) in epoch ms of a local calendar day. */
export function localDayBounds(day: string, offsetMinutes: number): { from: number; to: number } {
  const from = parseDate(day, 'date') - offsetMinutes * 60_000;
  return { from, to: from + DAY_MS };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp with an explicit offset; the zone is required so skew checks mean something. */
export function parseInstant(value: unknown, path: string): number {
  const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw payError('DD_PAY_REQUEST_INVALID', `${path} must be an RFC 3339 timestamp with a zone`, { path });
  }
  return ms;
}

/**
 * The last two instants formatted: an authorisation formats its creation time
 * and its expiry, and requests arriving in the same millisecond share both.
 */
let isoA = { ms: Number.NaN, text: '' };
let isoB = isoA;

export function iso(ms: number): string {
  if (ms === isoA.ms) return isoA.text;
  if (ms === isoB.ms) return isoB.text;
  isoB = isoA;
  isoA = { ms, text: new Date(ms).toISOString() };
  return isoA.text;
}
