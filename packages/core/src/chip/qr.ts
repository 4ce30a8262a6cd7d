/**
 * The QR code printed on the CCCD (2021 design, DOMAIN.md §2):
 * `ID12|CMND9|Full name|ddmmyyyy|Nam/Nữ|Address|ddmmyyyy`. Not signed:
 * only ever compared with chip data.
 */
import { chipError } from './_fail.js';

export interface CccdQr {
  readonly idNumber: string;
  /** Old 9-digit CMND number, or '' when none. */
  readonly oldIdNumber: string;
  readonly fullName: string;
  /** dd/mm/yyyy (normalised from ddmmyyyy). */
  readonly dateOfBirth: string;
  readonly sex: string;
  readonly address: string;
  /** dd/mm/yyyy. */
  readonly dateOfIssue: string;
  /** Fields after the seventh, kept as read (later card designs). */
  readonly extra: readonly string[];
}

const date = (s: string, field: string): string => {
  if (!/^\d{8}$/.test(s)) throw chipError('DD_CHIP_QR_FORMAT', `QR.${field}`, 'expected ddmmyyyy');
  return `${s.slice(0, 2)}/${s.slice(2, 4)}/${s.slice(4)}`;
};

export function parseCccdQr(text: string): CccdQr {
  if (typeof text !== 'string') throw chipError('DD_CHIP_QR_FORMAT', 'QR', 'not a string');
  const f = text
    .normalize('NFC')
    .replace(/\r?\n$/, '')
    .split('|');
  if (f.length < 7) throw chipError('DD_CHIP_QR_FORMAT', 'QR', `${f.length} fields, expected at least 7`);
  const [idNumber, oldIdNumber, fullName, dob, sex, address, issue, ...extra] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  if (!/^\d{12}$/.test(idNumber)) throw chipError('DD_CHIP_QR_FORMAT', 'QR.idNumber', 'expected 12 digits');
  if (oldIdNumber !== '' && !/^\d{9}$/.test(oldIdNumber))
    throw chipError('DD_CHIP_QR_FORMAT', 'QR.oldIdNumber', 'expected 9 digits or empty');
  if (fullName.trim() === '') throw chipError('DD_CHIP_QR_FORMAT', 'QR.fullName', 'empty');
  return {
    idNumber,
    oldIdNumber,
    fullName: fullName.trim(),
    dateOfBirth: date(dob, 'dateOfBirth'),
    sex: sex.trim(),
    address: address.trim(),
    dateOfIssue: date(issue, 'dateOfIssue'),
    extra,
  };
}
