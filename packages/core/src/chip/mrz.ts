/**
 * Machine-readable zone (ICAO 9303-3 §4.9 check digits; -5 TD1, -4 TD3,
 * -6 TD2 layouts). Fields are fixed-position; check digits are computed,
 * never trusted from the input.
 */
import { chipError } from './_fail.js';

const WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303-3 §4.9: digits as values, A–Z = 10–35, '<' = 0, weights 7-3-1, sum mod 10. */
export function checkDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : c === 60 ? 0 : -1;
    if (v < 0) throw chipError('DD_CHIP_MRZ_FORMAT', 'MRZ', `character code ${c} is not allowed in an MRZ`);
    sum += v * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzCheck {
  readonly field:
    | 'documentNumber'
    | 'dateOfBirth'
    | 'dateOfExpiry'
    | 'optionalData'
    | 'composite'
    | 'vnIdNumber';
  readonly ok: boolean;
}

export interface Mrz {
  readonly format: MrzFormat;
  readonly lines: readonly string[];
  readonly documentCode: string;
  readonly issuingState: string;
  readonly documentNumber: string;
  /** YYMMDD, '<' where unknown. */
  readonly dateOfBirth: string;
  readonly sex: 'M' | 'F' | 'X';
  readonly dateOfExpiry: string;
  readonly nationality: string;
  readonly optionalData1: string;
  readonly optionalData2: string;
  readonly primaryName: string;
  readonly secondaryName: string;
  /**
   * Vietnam (DOMAIN.md §2): the full 12-digit personal ID carried in TD1
   * optional data (positions 16–27 of line 1), when present.
   */
  readonly vnIdNumber: string | undefined;
  readonly checks: readonly MrzCheck[];
}

const cd = (field: string, digit: string): boolean => digit !== '<' && String(checkDigit(field)) === digit;

const names = (s: string): { primaryName: string; secondaryName: string } => {
  const [p = '', ...rest] = s.replace(/<+$/, '').split('<<');
  return {
    primaryName: p.replace(/</g, ' ').trim(),
    secondaryName: rest.join(' ').replace(/</g, ' ').trim(),
  };
};

const SEXES: Readonly<Record<string, Mrz['sex']>> = { M: 'M', F: 'F', '<': 'X', X: 'X' };

function sexOf(c: string): Mrz['sex'] {
  const s = SEXES[c];
  if (!s) throw chipError('DD_CHIP_MRZ_FORMAT', 'MRZ.sex', 'sex is not M, F or <');
  return s;
}

/** Parses an MRZ given as one string without line breaks (90, 72 or 88 characters). */
export function parseMrz(text: string): Mrz {
  if (!/^[0-9A-Z<]+$/.test(text))
    throw chipError('DD_CHIP_MRZ_FORMAT', 'MRZ', 'characters outside 0-9 A-Z <');
  if (text.length === 90) return td1(text);
  if (text.length === 88) return td23(text, 44, 'TD3');
  if (text.length === 72) return td23(text, 36, 'TD2');
  throw chipError('DD_CHIP_MRZ_FORMAT', 'MRZ', `length ${text.length} is not TD1 (90), TD2 (72) or TD3 (88)`);
}

function td1(t: string): Mrz {
  const l1 = t.slice(0, 30);
  const l2 = t.slice(30, 60);
  const l3 = t.slice(60, 90);
  let documentNumber = l1.slice(5, 14);
  let docOk: boolean;
  const opt1 = l1.slice(15, 30);
  if (l1[14] === '<' && opt1[0] !== '<') {
    // ICAO 9303-5 §4.2.2 note j: a long document number continues in optional data, then its check digit.
    const m = /^([0-9A-Z]*)([0-9])</.exec(`${opt1}<`);
    const extra = m?.[1] ?? '';
    documentNumber = `${documentNumber}${extra}`.replace(/</g, '');
    docOk = m !== null && cd(l1.slice(5, 14) + extra, m[2]!);
  } else {
    docOk = cd(documentNumber, l1[14]!);
    documentNumber = documentNumber.replace(/<+$/, '');
  }
  const checks: MrzCheck[] = [
    { field: 'documentNumber', ok: docOk },
    { field: 'dateOfBirth', ok: cd(l2.slice(0, 6), l2[6]!) },
    { field: 'dateOfExpiry', ok: cd(l2.slice(8, 14), l2[14]!) },
    {
      field: 'composite',
      ok: cd(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]!),
    },
  ];
  // Vietnam CCCD: optional data 1 = 12-digit ID, "<<", check digit of the 12 digits at position 30.
  let vnIdNumber: string | undefined;
  if (l1.slice(0, 5) === 'IDVNM' && /^[0-9]{12}<</.test(opt1)) {
    vnIdNumber = opt1.slice(0, 12);
    checks.push({ field: 'vnIdNumber', ok: cd(vnIdNumber, l1[29]!) });
  }
  return {
    format: 'TD1',
    lines: [l1, l2, l3],
    documentCode: l1.slice(0, 2).replace(/</g, ''),
    issuingState: l1.slice(2, 5).replace(/<+$/, ''),
    documentNumber,
    dateOfBirth: l2.slice(0, 6),
    sex: sexOf(l2[7]!),
    dateOfExpiry: l2.slice(8, 14),
    nationality: l2.slice(15, 18).replace(/<+$/, ''),
    optionalData1: opt1,
    optionalData2: l2.slice(18, 29),
    ...names(l3),
    vnIdNumber,
    checks,
  };
}

function td23(t: string, w: number, format: MrzFormat): Mrz {
  const l1 = t.slice(0, w);
  const l2 = t.slice(w);
  const optEnd = w - 2; // TD3: optional data 28–41, its check digit 42, composite 43; TD2: optional 28–34, composite 35
  const checks: MrzCheck[] = [
    { field: 'documentNumber', ok: cd(l2.slice(0, 9), l2[9]!) },
    { field: 'dateOfBirth', ok: cd(l2.slice(13, 19), l2[19]!) },
    { field: 'dateOfExpiry', ok: cd(l2.slice(21, 27), l2[27]!) },
  ];
  let optional: string;
  if (format === 'TD3') {
    optional = l2.slice(28, optEnd);
    // ICAO 9303-4 §4.2.2: the personal-number check digit may be '<' when the field is all fillers.
    checks.push({
      field: 'optionalData',
      ok: /^<*$/.test(optional) && l2[optEnd] === '<' ? true : cd(optional, l2[optEnd]!),
    });
    checks.push({
      field: 'composite',
      ok: cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, w - 1), l2[w - 1]!),
    });
  } else {
    optional = l2.slice(28, w - 1);
    checks.push({
      field: 'composite',
      ok: cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, w - 1), l2[w - 1]!),
    });
  }
  return {
    format,
    lines: [l1, l2],
    documentCode: l1.slice(0, 2).replace(/</g, ''),
    issuingState: l1.slice(2, 5).replace(/<+$/, ''),
    documentNumber: l2.slice(0, 9).replace(/<+$/, ''),
    dateOfBirth: l2.slice(13, 19),
    sex: sexOf(l2[20]!),
    dateOfExpiry: l2.slice(21, 27),
    nationality: l2.slice(10, 13).replace(/<+$/, ''),
    optionalData1: optional,
    optionalData2: '',
    ...names(l1.slice(5)),
    vnIdNumber: undefined,
    checks,
  };
}
