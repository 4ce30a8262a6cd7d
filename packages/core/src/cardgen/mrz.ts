/**
 * TD1 machine readable zone of a CCCD (ICAO 9303-5 §4.2, check digits
 * 9303-3 §4.9) with Vietnam's use of the optional data: the full 12-digit
 * ID number followed by its own check digit at position 30 (DOMAIN notes §2).
 */
import { DinhdanhError } from '../errors/index.js';
import type { CalendarDate, Person } from './person.js';

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (c === '<') return 0;
  throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'character not allowed in an MRZ', { status: 400 });
}

/** ICAO 9303-3 §4.9 check digit: weights 7-3-1, digits as values, A–Z = 10–35, filler = 0, mod 10. */
export function checkDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += charValue(s[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

/** Upper-case Latin transliteration: diacritics removed, Đ → D (9303-3 §6 for Vietnamese). */
export function mrzName(s: string): string {
  return s
    .replace(/[Đđ]/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]+/g, '<');
}

const yymmdd = (d: CalendarDate): string =>
  `${String(d.year % 100).padStart(2, '0')}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;

const fit = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + '<'.repeat(n - s.length));

/** The three 30-character lines. */
export function td1Lines(p: Person): [string, string, string] {
  const docNumber = p.idNumber.slice(3);
  const optional = `${p.idNumber}<<${checkDigit(p.idNumber)}`;
  const line1 = fit(`IDVNM${docNumber}${checkDigit(docNumber)}${optional}`, 30);
  const dob = yymmdd(p.dateOfBirth);
  // A card without expiry has no date to print; fillers then check as 0 (9303-3 §4.9).
  const exp = p.dateOfExpiry === null ? '<<<<<<' : yymmdd(p.dateOfExpiry);
  const head = `${dob}${checkDigit(dob)}${p.sex}${exp}${checkDigit(exp)}VNM`;
  // Composite: line 1 positions 6–30, line 2 positions 1–7, 9–15, 19–29.
  const filler = '<'.repeat(11);
  const composite = checkDigit(line1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + filler);
  const line2 = `${head}${filler}${composite}`;
  const line3 = fit(`${mrzName(p.familyName)}<<${mrzName(p.givenNames)}`, 30);
  return [line1, line2, line3];
}
