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

/** Days in `month` (1–12) of `year`; NaN for a month outside 1–12 or a NaN year or month. */
const daysInMonth = (year: number, month: number): number =>
  MONTH_DAYS[month - 1]! + (month === 2 && isLeap(year) ? 1 : 0);

/** Checks a `YYYY-MM-DD` string is a real date; returns the UTC midnight of that date. */
export function parseDate(value: unknown, path: string): number {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  const y = m ? Number(m[1]) : 0;
  const mo = m ? Number(m[2]) : 0;
  const d = m ? Number(m[3]) : 0;
  // Years below 100 are refused: Date.UTC would read them as 19xx.
  if (!m || y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw payError('DD_PAY_DATE_INVALID', `${path} must be a calendar date YYYY-MM-DD`, { path });
  }
  return Date.UTC(y, mo - 1, d);
}

/** Start and end (exclusive) in epoch ms of a local calendar day. */
export function localDayBounds(day: string, offsetMinutes: number): { from: number; to: number } {
  const from = parseDate(day, 'date') - offsetMinutes * 60_000;
  return { from, to: from + DAY_MS };
}

/** Value of `count` ASCII digits of `s` from `at`; NaN if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), by era arithmetic (no Date object). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Epoch ms of an RFC 3339 date-time with its zone (`YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)`), the
 * fraction truncated to milliseconds; NaN for anything else, including days a month does not have
 * and hour 24 (which Date.parse would roll over into the next day). Every authorisation reads
 * several instants, so this is arithmetic on character codes rather than a regular expression and
 * Date.parse.
 */
export function instantMs(s: string): number {
  const n = s.length;
  if (
    n < 20 ||
    n > 35 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // .
    const from = ++i;
    while (i < n && i - from < 9) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (i - from < 3) ms = ms * 10 + d;
      i++;
    }
    const count = i - from;
    if (count === 0) return Number.NaN;
    if (count < 3) ms *= count === 1 ? 100 : 10;
  }
  let offsetMinutes = 0;
  const zone = s.charCodeAt(i);
  if (zone === 90) {
    // Z
    if (i + 1 !== n) return Number.NaN;
  } else if ((zone === 43 || zone === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    // ±hh:mm
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (!(oh <= 23 && om <= 59)) return Number.NaN;
    offsetMinutes = (zone === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return Number.NaN;
  }
  // Written so that NaN (a non-digit) fails every test.
  if (
    !(
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    )
  ) {
    return Number.NaN;
  }
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + ms;
}

/** Parses an RFC 3339 timestamp with an explicit offset; the zone is required so skew checks mean something. */
export function parseInstant(value: unknown, path: string): number {
  const ms = typeof value === 'string' ? instantMs(value) : Number.NaN;
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
