/**
 * CCCD consistency checks (DOMAIN.md §2): DG1 ↔ DG13, the 12-digit ID
 * number's structure (Circular 07/2016/TT-BCA Art. 7), card expiry, and the
 * printed QR string ↔ DG13. Each returns checks for the report; values are
 * never copied into details.
 */
import type { Dg13 } from './dg13.js';
import type { Mrz } from './mrz.js';
import type { CccdQr } from './qr.js';
import type { Check } from './report.js';

/** Province codes of birth registration, pre-2025 (Circular 07/2016/TT-BCA, appendix). */
const PROVINCES = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(
    ' ',
  ),
);

const pass = (check: string): Check => ({ check, status: 'pass', required: false });
const fail = (check: string, reason: string, detail?: string): Check => ({
  check,
  status: 'fail',
  required: false,
  reason,
  detail,
});
const warn = (check: string, reason: string, detail?: string): Check => ({
  check,
  status: 'warn',
  required: false,
  reason,
  detail,
});
const skip = (check: string, reason: string): Check => ({
  check,
  status: 'skipped',
  required: false,
  reason,
});

/** dd/mm/yyyy → { y, m, d } or undefined. */
function dmy(s: string | undefined): { y: number; m: number; d: number } | undefined {
  const r = s ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s.trim()) : null;
  return r ? { d: Number(r[1]), m: Number(r[2]), y: Number(r[3]) } : undefined;
}

const yymmdd = (x: { y: number; m: number; d: number }) =>
  `${String(x.y % 100).padStart(2, '0')}${String(x.m).padStart(2, '0')}${String(x.d).padStart(2, '0')}`;

const SEX_MRZ: Readonly<Record<string, 'M' | 'F'>> = { nam: 'M', nữ: 'F', nu: 'F', male: 'M', female: 'F' };
const sexOf = (s: string | undefined) => (s ? SEX_MRZ[s.trim().toLowerCase().normalize('NFC')] : undefined);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();

export function mrzChecks(mrz: Mrz): Check[] {
  const bad = mrz.checks.filter((c) => !c.ok).map((c) => c.field);
  return [
    bad.length === 0
      ? pass('mrz.checkDigits')
      : fail('mrz.checkDigits', 'mismatch', `check digit wrong: ${bad.join(', ')}`),
  ];
}

export function dg1Dg13Checks(mrz: Mrz | undefined, dg13: Dg13 | undefined): Check[] {
  const names = ['cccd.idNumber', 'cccd.dateOfBirth', 'cccd.sex', 'cccd.dateOfExpiry'];
  if (!mrz || !dg13) return names.map((n) => skip(n, !mrz ? 'no-dg1' : 'no-dg13'));
  const out: Check[] = [];
  const id = dg13.idNumber;
  if (!id) out.push(skip('cccd.idNumber', 'dg13-field-absent'));
  else {
    // TD1 document number = last 9 digits; optional data = the full 12 digits (DOMAIN.md §2).
    const docOk = mrz.documentNumber === id.slice(-9);
    const fullOk = mrz.vnIdNumber === undefined || mrz.vnIdNumber === id;
    out.push(
      docOk && fullOk
        ? pass('cccd.idNumber')
        : fail('cccd.idNumber', 'mismatch', 'DG1 and DG13 ID numbers differ'),
    );
  }
  const dob = dmy(dg13.dateOfBirth);
  if (!dg13.dateOfBirth) out.push(skip('cccd.dateOfBirth', 'dg13-field-absent'));
  else if (!dob) out.push(fail('cccd.dateOfBirth', 'malformed', 'DG13 date of birth is not dd/mm/yyyy'));
  else
    out.push(
      yymmdd(dob) === mrz.dateOfBirth
        ? pass('cccd.dateOfBirth')
        : fail('cccd.dateOfBirth', 'mismatch', 'DG1 and DG13 dates of birth differ'),
    );
  const sx = sexOf(dg13.sex);
  if (!dg13.sex) out.push(skip('cccd.sex', 'dg13-field-absent'));
  else if (!sx) out.push(warn('cccd.sex', 'unknown-value', 'DG13 sex is neither Nam nor Nữ'));
  else out.push(sx === mrz.sex ? pass('cccd.sex') : fail('cccd.sex', 'mismatch', 'DG1 and DG13 sex differ'));
  const exp = dmy(dg13.dateOfExpiry);
  if (!dg13.dateOfExpiry) out.push(skip('cccd.dateOfExpiry', 'dg13-field-absent'));
  else if (!exp) out.push(warn('cccd.dateOfExpiry', 'no-date', 'DG13 expiry is not a date (e.g. no expiry)'));
  else
    out.push(
      yymmdd(exp) === mrz.dateOfExpiry
        ? pass('cccd.dateOfExpiry')
        : fail('cccd.dateOfExpiry', 'mismatch', 'DG1 and DG13 expiry dates differ'),
    );
  return out;
}

/** PPP G YY RRRRRR: G = century and sex (0/1 → 1900s male/female, 2/3 → 2000s, …), YY = birth year mod 100. */
export function idStructureCheck(dg13: Dg13 | undefined, mrz: Mrz | undefined): Check {
  const c = 'cccd.idStructure';
  const id = dg13?.idNumber ?? mrz?.vnIdNumber;
  if (!id) return skip(c, 'no-id-number');
  if (!/^\d{12}$/.test(id)) return fail(c, 'malformed', 'ID number is not 12 digits');
  const g = Number(id[3]);
  const century = 1900 + 100 * Math.floor(g / 2);
  const sex = g % 2 === 0 ? 'M' : 'F';
  const dob = dmy(dg13?.dateOfBirth);
  if (dob) {
    if (Math.floor(dob.y / 100) * 100 !== century || dob.y % 100 !== Number(id.slice(4, 6))) {
      return fail(c, 'birth-year-mismatch', 'ID number century/year digits do not match the date of birth');
    }
  }
  const s = sexOf(dg13?.sex) ?? (mrz?.sex === 'X' ? undefined : mrz?.sex);
  if (s && s !== sex) return fail(c, 'sex-mismatch', 'ID number century/sex digit does not match the sex');
  if (!PROVINCES.has(id.slice(0, 3)))
    return warn(c, 'province-unknown', 'first three digits are not a pre-2025 province code');
  return pass(c);
}

/** The card's own expiry against the validation time (DG13 date, else the MRZ's). */
export function cardExpiryCheck(dg13: Dg13 | undefined, mrz: Mrz | undefined, at: Date): Check {
  const c = 'cccd.cardExpiry';
  const exp = dmy(dg13?.dateOfExpiry);
  let end: Date | undefined;
  if (exp) end = new Date(Date.UTC(exp.y, exp.m - 1, exp.d, 23, 59, 59));
  else if (mrz && /^\d{6}$/.test(mrz.dateOfExpiry)) {
    const yy = Number(mrz.dateOfExpiry.slice(0, 2));
    end = new Date(
      Date.UTC(
        2000 + yy,
        Number(mrz.dateOfExpiry.slice(2, 4)) - 1,
        Number(mrz.dateOfExpiry.slice(4, 6)),
        23,
        59,
        59,
      ),
    );
  } else if (dg13?.dateOfExpiry) return pass(c); // "Không thời hạn": no expiry
  if (!end) return skip(c, 'no-expiry-date');
  return end.getTime() >= at.getTime() ? pass(c) : fail(c, 'expired', 'the card is past its expiry date');
}

export function qrCheck(qr: CccdQr | undefined, dg13: Dg13 | undefined): Check {
  const c = 'cccd.qr';
  if (!qr) return skip(c, 'no-qr');
  if (!dg13) return skip(c, 'no-dg13');
  const diffs: string[] = [];
  const cmp = (field: string, a: string | undefined, b: string | undefined) => {
    // Equal strings fold equally: only differing ones pay for normalisation.
    if (a !== undefined && b !== undefined && a !== b && fold(a) !== fold(b)) diffs.push(field);
  };
  cmp('idNumber', qr.idNumber, dg13.idNumber);
  cmp('oldIdNumber', qr.oldIdNumber || undefined, dg13.oldIdNumber || undefined);
  cmp('fullName', qr.fullName, dg13.fullName);
  cmp('dateOfBirth', qr.dateOfBirth, dg13.dateOfBirth);
  cmp('sex', qr.sex, dg13.sex);
  cmp('address', qr.address, dg13.placeOfResidence);
  cmp('dateOfIssue', qr.dateOfIssue, dg13.dateOfIssue);
  return diffs.length === 0 ? pass(c) : fail(c, 'mismatch', `QR differs from DG13 in: ${diffs.join(', ')}`);
}
