/**
 * DG13, Vietnam CCCD personal data (DOMAIN.md §2): 0x6D { SEQUENCE {
 * INTEGER 1, OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value… } … } } }.
 * Walked by field number; absent fields allowed; unknown fields kept raw.
 */
import { expect, raw as rawOf, readOid, type Tlv } from '../der/index.js';
import { at, kids, readSmallInt, readString, seq, single } from './_asn1.js';
import { chipError } from './_fail.js';

export interface Dg13 {
  readonly idNumber?: string;
  readonly fullName?: string;
  /** dd/mm/yyyy as printed. */
  readonly dateOfBirth?: string;
  readonly sex?: string;
  readonly nationality?: string;
  readonly ethnicity?: string;
  readonly religion?: string;
  readonly placeOfOrigin?: string;
  readonly placeOfResidence?: string;
  readonly identifyingMarks?: string;
  readonly dateOfIssue?: string;
  /** dd/mm/yyyy, or a text such as "Không thời hạn" (no expiry). */
  readonly dateOfExpiry?: string;
  readonly fatherName?: string;
  readonly motherName?: string;
  /** Empty string when the field is present without a name. */
  readonly spouseName?: string;
  readonly oldIdNumber?: string;
  /** Field 16: meaning unconfirmed, kept as text. */
  readonly field16?: string;
  /** Fields this parser does not interpret, by number: the whole field SEQUENCE as received. */
  readonly unknown: ReadonlyMap<number, Uint8Array>;
  /** Field numbers present, in card order. */
  readonly fieldsPresent: readonly number[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TEXT_FIELDS: Readonly<Record<number, keyof Dg13>> = {
  1: 'idNumber',
  2: 'fullName',
  3: 'dateOfBirth',
  4: 'sex',
  5: 'nationality',
  6: 'ethnicity',
  7: 'religion',
  8: 'placeOfOrigin',
  9: 'placeOfResidence',
  10: 'identifyingMarks',
  11: 'dateOfIssue',
  12: 'dateOfExpiry',
  15: 'oldIdNumber',
  16: 'field16',
};

/** ISO/IEC 10646 UTF-8 level identifier used by the CCCD (DOMAIN.md §2). */
const UTF8_OID = '1.0.10646.1.0.8';

/**
 * Strings nested at any depth below `t`, in order (field 13 nests names in one or two SEQUENCEs).
 * `named`: build each element's own path (for errors) instead of reusing the caller's.
 */
function strings(t: Tlv, path: string, out: string[], named: boolean, depth = 0): void {
  if (depth > 4) throw chipError('DD_CHIP_DG13_FORMAT', path, 'nesting too deep');
  if (t.constructed) {
    const cs = kids(t, path, true);
    for (let i = 0; i < cs.length; i++)
      strings(cs[i]!, named ? `${path}[${i}]` : path, out, named, depth + 1);
  } else out.push(readString(t, path).normalize('NFC'));
}

/**
 * Parses DG13 without naming each element first: a card has ~16 fields, and building every
 * element's path up front cost about a third of the parse. A DG13 that fails is parsed again with
 * paths, which throws the same error naming the failing element.
 */
export function parseDg13(buf: Uint8Array): Dg13 {
  try {
    return parse(buf, false);
  } catch {
    return parse(buf, true);
  }
}

function parse(buf: Uint8Array, named: boolean): Dg13 {
  const path = 'DG13';
  const top = expect(single(buf, path, true), 'application', 13, path, true);
  const inner = kids(top, path, true);
  if (inner.length !== 1) throw chipError('DD_CHIP_DG13_FORMAT', path, 'expected one SEQUENCE');
  const sp = `${path}.SEQUENCE`;
  const s = seq(inner[0]!, sp, true);
  const version = readSmallInt(at(s, 0, `${sp}.version`), `${sp}.version`);
  if (version !== 1) throw chipError('DD_CHIP_UNSUPPORTED_VERSION', `${sp}.version`, `version ${version}`);
  const oid = readOid(at(s, 1, `${sp}.charset`), `${sp}.charset`);
  if (oid !== UTF8_OID) throw chipError('DD_CHIP_DG13_FORMAT', `${sp}.charset`, `character set ${oid}`);
  const fieldsT = expect(at(s, 2, `${sp}.fields`), 'universal', 17, `${sp}.fields`, true);
  const out: Mutable<Omit<Dg13, 'unknown' | 'fieldsPresent'>> = {};
  const unknown = new Map<number, Uint8Array>();
  const fieldsPresent: number[] = [];
  const fields = kids(fieldsT, `${sp}.fields`, true);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const fp = named ? `${sp}.fields[${i}]` : sp;
    const c = seq(f, fp, true);
    const np = named ? `${fp}.number` : fp;
    const n = readSmallInt(at(c, 0, np), np);
    if (fieldsPresent.includes(n)) throw chipError('DD_CHIP_DG13_FORMAT', fp, `field ${n} twice`);
    fieldsPresent.push(n);
    const values: string[] = [];
    if (n === 13 || n === 14 || TEXT_FIELDS[n]) {
      for (let j = 1; j < c.length; j++) strings(c[j]!, named ? `${fp}.value[${j - 1}]` : fp, values, named);
    }
    if (n === 13) {
      // Father then mother: two SEQUENCEs, or both in one SEQUENCE (DOMAIN.md §2).
      out.fatherName = values[0];
      out.motherName = values[1];
    } else if (n === 14) {
      out.spouseName = values.join(' ');
    } else if (TEXT_FIELDS[n]) {
      (out as Record<string, string>)[TEXT_FIELDS[n]] = values.join(' ');
    } else {
      unknown.set(n, rawOf(f));
    }
  }
  return { ...out, unknown, fieldsPresent };
}
