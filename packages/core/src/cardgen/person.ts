/**
 * Synthetic Vietnamese citizens with internally consistent CCCD data: the
 * 12-digit ID number `PPP G YY RRRRRR` (Circular 07/2016/TT-BCA Art. 7)
 * agrees with birth province, century, sex and birth year; family names
 * follow their population frequencies; the expiry date follows the
 * renewal ages of the Law on Citizen Identification 2014 Art. 21.
 * Everyone here is invented.
 */
import { BOY_ONE_WORD, BOY_TWO_WORD, GIRL_ONE_WORD, GIRL_TWO_WORD } from './_given-names.js';
import { PROVINCES, type Province } from './_provinces.js';
import type { Drbg } from './drbg.js';

export type Sex = 'M' | 'F';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface Person {
  readonly idNumber: string;
  readonly fullName: string;
  readonly familyName: string;
  /** Middle and given names as written after the family name. */
  readonly givenNames: string;
  readonly sex: Sex;
  readonly dateOfBirth: CalendarDate;
  readonly nationality: string;
  readonly ethnicity: string;
  readonly religion: string;
  readonly placeOfOrigin: string;
  readonly placeOfResidence: string;
  readonly identifyingMarks: string;
  readonly dateOfIssue: CalendarDate;
  /** Null when the card does not expire ("Không thời hạn"). */
  readonly dateOfExpiry: CalendarDate | null;
  readonly fatherName: string;
  readonly motherName: string;
  /** Empty when none. */
  readonly spouseName: string;
  /** Old 9-digit CMND number; empty when the person never had one. */
  readonly oldIdNumber: string;
}

/** Family names and weights (per mille, rounded), DOMAIN notes §3 and common lists. */
const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 345],
  ['Trần', 105],
  ['Lê', 93],
  ['Phạm', 65],
  ['Hoàng', 26],
  ['Huỳnh', 24],
  ['Phan', 45],
  ['Vũ', 20],
  ['Võ', 20],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 8],
  ['Trương', 8],
  ['Đoàn', 6],
  ['Lâm', 5],
  ['Mai', 4],
  ['Trịnh', 4],
  ['Cao', 4],
  ['Lương', 4],
  ['Hà', 4],
  ['Tạ', 3],
  ['Lưu', 3],
  ['Tô', 3],
];

const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['Kinh', 854],
  ['Tày', 19],
  ['Thái', 18],
  ['Mường', 15],
  ['H’Mông', 13],
  ['Khmer', 14],
  ['Nùng', 11],
  ['Hoa', 8],
  ['Dao', 9],
  ['Gia Rai', 5],
  ['Ê Đê', 4],
];

const RELIGIONS: readonly (readonly [string, number])[] = [
  ['Không', 860],
  ['Phật giáo', 50],
  ['Công giáo', 66],
  ['Tin lành', 10],
  ['Cao Đài', 8],
  ['Phật giáo Hòa Hảo', 6],
];

const STREETS: readonly string[] = [
  'Trần Hưng Đạo',
  'Lê Lợi',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Hùng Vương',
  'Nguyễn Huệ',
  'Lê Duẩn',
  'Phan Chu Trinh',
  'Nguyễn Du',
  'Bà Triệu',
  'Điện Biên Phủ',
  'Lê Thánh Tông',
  'Nguyễn Văn Cừ',
  'Trường Chinh',
  'Ngô Quyền',
  'Phan Đình Phùng',
];

const MARK_KIND = ['Nốt ruồi', 'Sẹo chấm', 'Sẹo', 'Nốt ruồi'] as const;
const MARK_PLACE = ['đuôi mắt', 'đuôi lông mày', 'cánh mũi', 'mép', 'cằm', 'vành tai', 'má'] as const;

/** Birth registrations concentrate in the two largest cities; others uniform. */
function pickProvince(drbg: Drbg): Province {
  const r = drbg.below(100);
  if (r < 10) return PROVINCES.find((p) => p.code === '001')!;
  if (r < 20) return PROVINCES.find((p) => p.code === '079')!;
  return drbg.pick(PROVINCES);
}

const stripUnitPrefix = (u: string): string => u.replace(/^(Phường|Xã|Thị trấn) /, '');

function residence(drbg: Drbg, p: Province): string {
  const unit = drbg.pick(p.units);
  if (unit.startsWith('Phường') || unit.startsWith('Thị trấn')) {
    const kind = drbg.chance(0.5) ? 'Phố' : 'Đường';
    const no = drbg.chance(0.3)
      ? `Số ${drbg.between(1, 40)}/${drbg.between(1, 99)}`
      : `Số ${drbg.between(1, 299)}`;
    return `${no} ${kind} ${drbg.pick(STREETS)}, ${unit}, ${p.name}`;
  }
  // Southern provinces (codes from 070) call hamlets "Ấp", the north "Thôn" or "Xóm".
  const hamlet = Number(p.code) >= 70 ? 'Ấp' : drbg.chance(0.6) ? 'Thôn' : 'Xóm';
  return `${hamlet} ${drbg.between(1, 12)}, ${unit}, ${p.name}`;
}

function givenNames(drbg: Drbg, sex: Sex): string {
  if (drbg.chance(0.55)) return drbg.pick(sex === 'M' ? BOY_TWO_WORD : GIRL_TWO_WORD);
  const middle =
    sex === 'M'
      ? drbg.weighted([
          ['Văn', 6],
          ['Hữu', 1],
          ['Đức', 1],
          ['Minh', 1],
        ] as const)
      : 'Thị';
  return `${middle} ${drbg.pick(sex === 'M' ? BOY_ONE_WORD : GIRL_ONE_WORD)}`;
}

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const dateValue = (d: CalendarDate): number => Date.UTC(d.year, d.month - 1, d.day);

const fromDate = (d: Date): CalendarDate => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
});

/** Birthday at age `age` (29 February → 28 February in common years). */
function birthdayAt(dob: CalendarDate, age: number): CalendarDate {
  const year = dob.year + age;
  return { year, month: dob.month, day: Math.min(dob.day, daysInMonth(year, dob.month)) };
}

/**
 * Expiry per Art. 21: renewal at 25, 40 and 60; a card issued within two
 * years before one of those ages is valid until the next; none after 58.
 */
export function cccdExpiry(dob: CalendarDate, issue: CalendarDate): CalendarDate | null {
  for (const age of [25, 40, 60]) {
    const due = birthdayAt(dob, age);
    const twoYearsBefore = birthdayAt(dob, age - 2);
    if (dateValue(issue) < dateValue(twoYearsBefore)) return due;
  }
  return null;
}

export interface PersonOptions {
  /** Card issue date (also the SOD signing date). */
  readonly issued: Date;
  /** Cards must not expire before this date (valid test cards stay valid for years). */
  readonly validUntilAtLeast: Date;
}

/** One synthetic person. */
export function generatePerson(drbg: Drbg, opts: PersonOptions): Person {
  const sex: Sex = drbg.chance(0.5) ? 'M' : 'F';
  const dateOfIssue = fromDate(opts.issued);
  let dob: CalendarDate;
  let expiry: CalendarDate | null;
  for (;;) {
    const year = drbg.between(dateOfIssue.year - 57, dateOfIssue.year - 14);
    const month = drbg.between(1, 12);
    dob = { year, month, day: drbg.between(1, daysInMonth(year, month)) };
    expiry = cccdExpiry(dob, dateOfIssue);
    if (dateValue(dob) < dateValue(birthdayAt(dateOfIssue, -14))) {
      if (expiry === null || dateValue(expiry) >= opts.validUntilAtLeast.getTime()) break;
    }
  }
  const birth = pickProvince(drbg);
  const century = Math.floor(dob.year / 100) - 19;
  const g = century * 2 + (sex === 'F' ? 1 : 0);
  const idNumber = `${birth.code}${g}${String(dob.year % 100).padStart(2, '0')}${String(drbg.below(1_000_000)).padStart(6, '0')}`;
  const familyName = drbg.weighted(FAMILY_NAMES);
  const given = givenNames(drbg, sex);
  const origin = drbg.chance(0.7) ? birth : drbg.pick(PROVINCES);
  const home = drbg.chance(0.6) ? birth : pickProvince(drbg);
  const motherFamily = drbg.weighted(FAMILY_NAMES);
  const age = dateOfIssue.year - dob.year;
  const spouse =
    age >= 24 && drbg.chance(0.6)
      ? `${drbg.weighted(FAMILY_NAMES)} ${givenNames(drbg, sex === 'M' ? 'F' : 'M')}`
      : '';
  const hadCmnd = dob.year <= 2001 && drbg.chance(0.8);
  const oldIdNumber = hadCmnd
    ? `${drbg.between(0, 3)}${String(drbg.below(100_000_000)).padStart(8, '0')}`
    : '';
  const mark = `${drbg.pick(MARK_KIND)} C:${drbg.between(1, 4)}cm ${drbg.chance(0.5) ? 'trên' : 'dưới'} ${
    drbg.chance(0.5) ? 'trước' : 'sau'
  } ${drbg.pick(MARK_PLACE)} ${drbg.chance(0.5) ? 'trái' : 'phải'}`;
  return {
    idNumber,
    fullName: `${familyName} ${given}`,
    familyName,
    givenNames: given,
    sex,
    dateOfBirth: dob,
    nationality: 'Việt Nam',
    ethnicity: drbg.weighted(ETHNICITIES),
    religion: drbg.weighted(RELIGIONS),
    placeOfOrigin: `${stripUnitPrefix(drbg.pick(origin.units))}, ${origin.name}`,
    placeOfResidence: residence(drbg, home),
    identifyingMarks: mark,
    dateOfIssue,
    dateOfExpiry: expiry,
    fatherName: `${familyName} ${givenNames(drbg, 'M')}`,
    motherName: `${motherFamily} ${givenNames(drbg, 'F')}`,
    spouseName: spouse,
    oldIdNumber,
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** dd/mm/yyyy as printed on the card and stored in DG13. */
export const formatDate = (d: CalendarDate): string => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`;

/** ddmmyyyy as in the printed QR code. */
export const formatQrDate = (d: CalendarDate): string => `${pad2(d.day)}${pad2(d.month)}${d.year}`;

export const NO_EXPIRY = 'Không thời hạn';

/** The QR string printed on the 2021 card: ID|CMND|name|DOB|sex|address|issue date (DOMAIN notes §2). */
export function qrString(p: Person): string {
  return [
    p.idNumber,
    p.oldIdNumber,
    p.fullName,
    formatQrDate(p.dateOfBirth),
    p.sex === 'M' ? 'Nam' : 'Nữ',
    p.placeOfResidence,
    formatQrDate(p.dateOfIssue),
  ].join('|');
}
