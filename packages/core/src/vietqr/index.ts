/**
 * VietQR: the NAPAS profile of the EMVCo merchant-presented QR (EMV
 * QRCPS-MPM v1.1; NAPAS "VietQR" specification). A payload is a flat list of
 * data objects; object 38 (merchant account information) nests the NAPAS GUID,
 * the beneficiary (acquirer BIN + account or card number) and the service
 * code; object 62 carries additional data; object 63 is the CRC over
 * everything before its value.
 *
 * `decodeVietQr(encodeVietQr(f))` gives `f` back, and `encodeVietQr` writes
 * objects in ascending ID order, so canonical payloads re-encode byte for byte.
 */

import { type DataObject, readObjects, vietqrError, writeObject } from './_tlv.js';
import { crcHex } from './crc16.js';

export { crc16CcittFalse, crcHex } from './crc16.js';

export type VietQrInitiation = 'static' | 'dynamic';
/** QRIBFTTA: transfer to an account; QRIBFTTC: transfer to a card (NAPAS 247 service codes). */
export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC';

export interface VietQrFields {
  /** Object 01: `11` static (reusable, payer types the amount), `12` dynamic (one payment). */
  readonly initiation: VietQrInitiation;
  /** Object 38.01.00: acquirer bank BIN, six digits (e.g. 970436 Vietcombank). */
  readonly bin: string;
  /** Object 38.01.01: beneficiary account number, or card number for QRIBFTTC. */
  readonly account: string;
  /** Object 38.02. */
  readonly service: VietQrService;
  /** Object 52: merchant category code (ISO 18245), optional. */
  readonly mcc?: string;
  /** Object 53: ISO 4217 numeric currency; VietQR is VND only. */
  readonly currency: '704';
  /** Object 54: amount in whole VND. */
  readonly amount?: number;
  /** Object 58. */
  readonly country: 'VN';
  /** Object 59, ≤ 25 characters. */
  readonly merchantName?: string;
  /** Object 60, ≤ 15 characters. */
  readonly merchantCity?: string;
  /** Object 62.01: bill number. */
  readonly billNumber?: string;
  /** Object 62.05: reference label (e.g. an authorisation id). */
  readonly reference?: string;
  /** Object 62.08: purpose of transaction, ASCII without diacritics. */
  readonly purpose?: string;
}

/** What `encodeVietQr` accepts: currency, country, service and initiation have defaults. */
export interface VietQrInput {
  readonly bin: string;
  readonly account: string;
  readonly service?: VietQrService;
  /** Default: `dynamic` when an amount is given, else `static`. */
  readonly initiation?: VietQrInitiation;
  readonly mcc?: string;
  readonly currency?: '704';
  readonly amount?: number;
  readonly country?: 'VN';
  readonly merchantName?: string;
  readonly merchantCity?: string;
  readonly billNumber?: string;
  readonly reference?: string;
  readonly purpose?: string;
}

/** NAPAS application identifier in object 38.00. */
export const NAPAS_GUID = 'A000000727';
const MAX_PAYLOAD = 512; // EMV QRCPS-MPM §4.1: a payload holds at most 512 characters.
const PRINTABLE = /^[\x20-\x7e]*$/;

interface TextRule {
  readonly path: string;
  readonly pattern: RegExp;
  readonly describe: string;
}

/** Field forms, one row each (EMV QRCPS-MPM table 3.x limits; NAPAS BIN and account forms). */
const RULES = {
  bin: { path: '38.01.00', pattern: /^\d{6}$/, describe: 'six digits' },
  account: { path: '38.01.01', pattern: /^[0-9A-Za-z]{1,19}$/, describe: '1–19 letters or digits' },
  card: { path: '38.01.01', pattern: /^\d{12,19}$/, describe: '12–19 digits for a card' },
  mcc: { path: '52', pattern: /^\d{4}$/, describe: 'four digits' },
  amount: { path: '54', pattern: /^[1-9]\d{0,12}$/, describe: 'a whole number of VND, 1–13 digits' },
  merchantName: { path: '59', pattern: /^[\x20-\x7e]{1,25}$/, describe: '1–25 printable ASCII characters' },
  merchantCity: { path: '60', pattern: /^[\x20-\x7e]{1,15}$/, describe: '1–15 printable ASCII characters' },
  billNumber: { path: '62.01', pattern: /^[\x20-\x7e]{1,25}$/, describe: '1–25 printable ASCII characters' },
  reference: { path: '62.05', pattern: /^[\x20-\x7e]{1,25}$/, describe: '1–25 printable ASCII characters' },
  purpose: {
    path: '62.08',
    pattern: /^[\x20-\x7e]{1,25}$/,
    describe: '1–25 printable ASCII characters (no diacritics)',
  },
} as const satisfies Record<string, TextRule>;

const INITIATION: Readonly<Record<string, VietQrInitiation>> = { '11': 'static', '12': 'dynamic' };
const INITIATION_CODE: Readonly<Record<VietQrInitiation, string>> = { static: '11', dynamic: '12' };
const SERVICES: readonly VietQrService[] = ['QRIBFTTA', 'QRIBFTTC'];
/** Object 62 sub-IDs this decoder maps to fields (EMV QRCPS-MPM §4.8). */
const ADDITIONAL: Readonly<Record<string, 'billNumber' | 'reference' | 'purpose'>> = {
  '01': 'billNumber',
  '05': 'reference',
  '08': 'purpose',
};

function check(rule: TextRule, value: unknown): string {
  if (typeof value !== 'string' || !rule.pattern.test(value)) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', `object ${rule.path} must be ${rule.describe}`, {
      path: rule.path,
    });
  }
  return value;
}

function fixed(path: string, value: string, expected: string): void {
  if (value !== expected) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', `object ${path} must be '${expected}'`, { path });
  }
}

/** Builds a VietQR payload; every field is checked against its form before anything is written. */
export function encodeVietQr(input: VietQrInput): string {
  if (typeof input !== 'object' || input === null) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', 'VietQR input must be an object', { path: '' });
  }
  const service = input.service ?? 'QRIBFTTA';
  if (!SERVICES.includes(service)) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', 'object 38.02 must be QRIBFTTA or QRIBFTTC', {
      path: '38.02',
    });
  }
  const bin = check(RULES.bin, input.bin);
  const account = check(service === 'QRIBFTTC' ? RULES.card : RULES.account, input.account);
  fixed('53', input.currency ?? '704', '704');
  fixed('58', input.country ?? 'VN', 'VN');
  let amount: string | undefined;
  if (input.amount !== undefined) {
    if (!Number.isSafeInteger(input.amount)) {
      throw vietqrError('DD_VIETQR_FIELD_INVALID', `object 54 must be ${RULES.amount.describe}`, {
        path: '54',
      });
    }
    amount = check(RULES.amount, String(input.amount));
  }
  const initiation = input.initiation ?? (amount === undefined ? 'static' : 'dynamic');
  if (!(initiation in INITIATION_CODE)) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', "object 01 must be 'static' or 'dynamic'", { path: '01' });
  }
  const opt = (rule: TextRule, v: string | undefined) => (v === undefined ? undefined : check(rule, v));
  const mcc = opt(RULES.mcc, input.mcc);
  const name = opt(RULES.merchantName, input.merchantName);
  const city = opt(RULES.merchantCity, input.merchantCity);
  const extra = [
    ['01', opt(RULES.billNumber, input.billNumber)],
    ['05', opt(RULES.reference, input.reference)],
    ['08', opt(RULES.purpose, input.purpose)],
  ] as const;

  const beneficiary = writeObject('00', bin) + writeObject('01', account);
  const merchant =
    writeObject('00', NAPAS_GUID) + writeObject('01', beneficiary) + writeObject('02', service);
  const additional = extra.map(([id, v]) => (v === undefined ? '' : writeObject(id, v))).join('');
  if (additional.length > 99) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', 'object 62 exceeds 99 characters', { path: '62' });
  }
  let out =
    writeObject('00', '01') + writeObject('01', INITIATION_CODE[initiation]) + writeObject('38', merchant);
  if (mcc !== undefined) out += writeObject('52', mcc);
  out += writeObject('53', '704');
  if (amount !== undefined) out += writeObject('54', amount);
  out += writeObject('58', 'VN');
  if (name !== undefined) out += writeObject('59', name);
  if (city !== undefined) out += writeObject('60', city);
  if (additional !== '') out += writeObject('62', additional);
  out += '6304';
  if (out.length + 4 > MAX_PAYLOAD) {
    throw vietqrError('DD_VIETQR_TOO_LONG', `payload would exceed ${MAX_PAYLOAD} characters`, { path: '' });
  }
  return out + crcHex(out);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function decodeMerchant(obj: DataObject, into: Mutable<Partial<VietQrFields>>): void {
  const inner = readObjects(obj.value, obj.offset + 4, '38');
  const byId = new Map(inner.map((o) => [o.id, o]));
  for (const o of inner) {
    if (!['00', '01', '02'].includes(o.id)) {
      throw vietqrError('DD_VIETQR_UNSUPPORTED', `object 38.${o.id} is not part of the NAPAS template`, {
        path: `38.${o.id}`,
        offset: o.offset,
      });
    }
  }
  const guid = byId.get('00');
  if (guid?.value !== NAPAS_GUID) {
    throw vietqrError('DD_VIETQR_UNSUPPORTED', `object 38.00 must be the NAPAS GUID ${NAPAS_GUID}`, {
      path: '38.00',
    });
  }
  const service = byId.get('02')?.value;
  if (service === undefined) {
    throw vietqrError('DD_VIETQR_FIELD_MISSING', 'object 38.02 (service code) is missing', { path: '38.02' });
  }
  if (!SERVICES.includes(service as VietQrService)) {
    throw vietqrError('DD_VIETQR_FIELD_INVALID', 'object 38.02 must be QRIBFTTA or QRIBFTTC', {
      path: '38.02',
    });
  }
  const beneficiary = byId.get('01');
  if (beneficiary === undefined) {
    throw vietqrError('DD_VIETQR_FIELD_MISSING', 'object 38.01 (beneficiary) is missing', { path: '38.01' });
  }
  const parts = readObjects(beneficiary.value, beneficiary.offset + 4, '38.01');
  const bin = parts.find((p) => p.id === '00')?.value;
  const account = parts.find((p) => p.id === '01')?.value;
  if (parts.length !== 2 || bin === undefined || account === undefined) {
    throw vietqrError('DD_VIETQR_FIELD_MISSING', 'object 38.01 must hold exactly 00 (BIN) and 01 (account)', {
      path: '38.01',
    });
  }
  into.bin = check(RULES.bin, bin);
  into.account = check(service === 'QRIBFTTC' ? RULES.card : RULES.account, account);
  into.service = service as VietQrService;
}

function decodeAdditional(obj: DataObject, into: Mutable<Partial<VietQrFields>>): void {
  for (const o of readObjects(obj.value, obj.offset + 4, '62')) {
    const field = ADDITIONAL[o.id];
    if (field === undefined) {
      throw vietqrError('DD_VIETQR_UNSUPPORTED', `object 62.${o.id} is not supported`, {
        path: `62.${o.id}`,
        offset: o.offset,
      });
    }
    into[field] = check(RULES[field], o.value);
  }
}

/** Top-level objects and how each is read; any other ID is rejected (tables, not branches). */
const TOP: Readonly<Record<string, (o: DataObject, into: Mutable<Partial<VietQrFields>>) => void>> = {
  '00': (o) => fixed('00', o.value, '01'),
  '01': (o, into) => {
    const initiation = INITIATION[o.value];
    if (initiation === undefined) {
      throw vietqrError('DD_VIETQR_FIELD_INVALID', "object 01 must be '11' (static) or '12' (dynamic)", {
        path: '01',
      });
    }
    into.initiation = initiation;
  },
  '38': decodeMerchant,
  '52': (o, into) => {
    into.mcc = check(RULES.mcc, o.value);
  },
  '53': (o, into) => {
    fixed('53', o.value, '704');
    into.currency = '704';
  },
  '54': (o, into) => {
    into.amount = Number(check(RULES.amount, o.value));
  },
  '58': (o, into) => {
    fixed('58', o.value, 'VN');
    into.country = 'VN';
  },
  '59': (o, into) => {
    into.merchantName = check(RULES.merchantName, o.value);
  },
  '60': (o, into) => {
    into.merchantCity = check(RULES.merchantCity, o.value);
  },
  '62': decodeAdditional,
  '63': () => {},
};

const REQUIRED: readonly [keyof VietQrFields, string][] = [
  ['initiation', '01'],
  ['bin', '38'],
  ['currency', '53'],
  ['country', '58'],
];

/**
 * Parses and checks a VietQR payload: printable ASCII, ≤ 512 characters,
 * well-formed objects, 00 first and 63 last, CRC-16/CCITT-FALSE over the
 * payload up to and including `6304`, then every field's form.
 */
export function decodeVietQr(payload: string): VietQrFields {
  if (typeof payload !== 'string') {
    throw vietqrError('DD_VIETQR_MALFORMED', 'payload must be a string', { offset: 0 });
  }
  if (payload.length > MAX_PAYLOAD) {
    throw vietqrError('DD_VIETQR_TOO_LONG', `payload exceeds ${MAX_PAYLOAD} characters`, {
      length: payload.length,
    });
  }
  if (!PRINTABLE.test(payload)) {
    const offset = [...payload].findIndex((c) => !PRINTABLE.test(c));
    throw vietqrError('DD_VIETQR_NOT_ASCII', 'payload holds a character outside printable ASCII', { offset });
  }
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== '6304' || !/^[0-9A-F]{4}$/.test(payload.slice(-4))) {
    throw vietqrError(
      'DD_VIETQR_CRC_MISSING',
      'payload must end with object 63 holding four uppercase hex digits',
      {
        offset: Math.max(crcAt, 0),
      },
    );
  }
  const computed = crcHex(payload.slice(0, -4));
  if (computed !== payload.slice(-4)) {
    throw vietqrError('DD_VIETQR_CRC_MISMATCH', 'CRC-16/CCITT-FALSE does not match object 63', {
      path: '63',
      offset: crcAt,
      expected: computed,
    });
  }
  const objects = readObjects(payload, 0, 'payload');
  if (objects[0]?.id !== '00') {
    throw vietqrError('DD_VIETQR_MALFORMED', 'object 00 (payload format indicator) must come first', {
      path: '00',
      offset: 0,
    });
  }
  if (objects[objects.length - 1]?.id !== '63') {
    throw vietqrError('DD_VIETQR_MALFORMED', 'object 63 (CRC) must come last', { path: '63', offset: crcAt });
  }
  const out: Mutable<Partial<VietQrFields>> = {};
  for (const o of objects) {
    const read = TOP[o.id];
    if (read === undefined) {
      throw vietqrError('DD_VIETQR_UNSUPPORTED', `object ${o.id} is not supported`, {
        path: o.id,
        offset: o.offset,
      });
    }
    read(o, out);
  }
  for (const [field, path] of REQUIRED) {
    if (out[field] === undefined) {
      throw vietqrError('DD_VIETQR_FIELD_MISSING', `object ${path} is missing`, { path });
    }
  }
  return out as VietQrFields;
}
