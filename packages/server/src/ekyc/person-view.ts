/**
 * What the service tells a client about the card holder. Personal data is
 * sensitive (Decree 13/2023/NĐ-CP), so by default the client sees a masked
 * view: the ID number's last four digits (the form payment requests carry,
 * see @dinhdanh/core/payment `maskedId`), the initials of the name, the birth
 * year and the document expiry. Clients with the `ekyc:personal-data` scope
 * get the DG13 fields in full. Face images are never returned.
 * Only data from a document whose verification passed is shown.
 */
import type { Dg1, Dg13 } from '@dinhdanh/core/chip';

export interface MaskedPerson {
  readonly masked: true;
  readonly idNumber?: string;
  readonly fullName?: string;
  readonly yearOfBirth?: string;
  readonly dateOfExpiry?: string;
}

/** The interpreted DG13 fields in full (not field 16, whose meaning is unconfirmed), for clients allowed to see them. */
export type FullPerson = { readonly masked: false } & Omit<Dg13, 'field16' | 'unknown' | 'fieldsPresent'>;

export type PersonView = MaskedPerson | FullPerson;

const VISIBLE_ID_DIGITS = 4;

export const maskId = (id: string): string =>
  id.length <= VISIBLE_ID_DIGITS
    ? '*'.repeat(id.length)
    : '*'.repeat(id.length - VISIBLE_ID_DIGITS) + id.slice(-VISIBLE_ID_DIGITS);

/** "Phạm Thị Hà" → "P. T. H." (initials, uppercase, diacritics kept). */
export const maskName = (name: string): string =>
  name
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => `${[...w][0]!.toLocaleUpperCase('vi')}.`)
    .join(' ');

/** Year from dd/mm/yyyy (DG13) or YYMMDD (MRZ, century unknown → omitted). */
const yearOf = (dob: string | undefined): string | undefined => /(\d{4})$/.exec(dob ?? '')?.[1];

/** The holder as DG13 states it, or as the MRZ (DG1) does when DG13 was not read. */
interface Holder {
  readonly idNumber?: string;
  readonly fullName?: string;
  readonly dateOfBirth?: string;
  readonly dateOfExpiry?: string;
  readonly dg13?: Dg13;
}

export function holderOf(dg13: Dg13 | undefined, dg1: Dg1 | undefined): Holder | undefined {
  if (dg13 !== undefined)
    return {
      idNumber: dg13.idNumber,
      fullName: dg13.fullName,
      dateOfBirth: dg13.dateOfBirth,
      dateOfExpiry: dg13.dateOfExpiry,
      dg13,
    };
  if (dg1 === undefined) return undefined;
  const m = dg1.mrz;
  return { idNumber: m.vnIdNumber, fullName: `${m.primaryName} ${m.secondaryName}`.trim() };
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;

export function personView(h: Holder, full: boolean): PersonView {
  if (!full)
    return defined({
      masked: true as const,
      idNumber: h.idNumber === undefined ? undefined : maskId(h.idNumber),
      fullName: h.fullName === undefined ? undefined : maskName(h.fullName),
      yearOfBirth: yearOf(h.dateOfBirth),
      dateOfExpiry: h.dateOfExpiry,
    });
  const d = h.dg13;
  return defined({
    masked: false as const,
    idNumber: h.idNumber,
    oldIdNumber: d?.oldIdNumber,
    fullName: h.fullName,
    dateOfBirth: h.dateOfBirth,
    sex: d?.sex,
    nationality: d?.nationality,
    ethnicity: d?.ethnicity,
    religion: d?.religion,
    placeOfOrigin: d?.placeOfOrigin,
    placeOfResidence: d?.placeOfResidence,
    identifyingMarks: d?.identifyingMarks,
    dateOfIssue: d?.dateOfIssue,
    dateOfExpiry: h.dateOfExpiry,
    fatherName: d?.fatherName,
    motherName: d?.motherName,
    spouseName: d?.spouseName,
  });
}
