/**
 * Stage 1 — normalise. Raw cells become comparable features: Vietnamese-aware
 * names (canonical tone position, folded keys, family / middle / given),
 * dates (dd/mm/yyyy, yyyy-mm-dd, yyyymmdd, year only), 12-digit personal ID
 * numbers (parsed and checked) kept apart from 9-digit CMND numbers,
 * sex, and addresses with old units mapped to the 2025 ones.
 *
 * A feature is named `<column>[+<column>…]:<feature>`; every feature is a
 * pure function of the row's cells in those columns, listed in FEATURES.
 */
import { DinhdanhError } from '../errors/index.js';
import { adminIndex, isDistrict, stripWard } from './_admin.js';
import { sharedInt32 } from './_shared.js';
import { canonical, foldCanonical } from './_vietnamese.js';

/** A parsed CSV (or any) table: header + rows of cells. */
export interface Table {
  /** File name or label used in error messages. */
  readonly source: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * Interned feature values: one integer id per distinct string, shared by
 * every feature of the tables of one job, so blocking keys and exact
 * agreement work on integers and each distinct string is stored once.
 */
export class FeatureDictionary {
  readonly #index = new Map<string, number>();
  /** Id → value. */
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.#index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.#index.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of a value already interned, or -1. */
  find(value: string): number {
    return this.#index.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

/** One derived feature over a whole table, dictionary-encoded. */
export interface FeatureColumn {
  /** Value id per row in `dictionary`; -1 = missing. */
  readonly ids: Int32Array;
  readonly dictionary: FeatureDictionary;
  /** The values as strings (null = missing), materialised on first read. */
  readonly values: readonly (string | null)[];
  /** yyyymmdd (year-only dates: yyyy0000); 0 when missing or not a date. */
  readonly nums: Int32Array | undefined;
}

/** A feature column over ids in `dictionary` (values are read back on demand). */
export function featureColumn(
  ids: Int32Array,
  dictionary: FeatureDictionary,
  nums: Int32Array | undefined,
): FeatureColumn {
  let values: (string | null)[] | undefined;
  return {
    ids,
    dictionary,
    nums,
    get values() {
      values ??= Array.from(ids, (id) => (id < 0 ? null : dictionary.values[id]!));
      return values;
    },
  };
}

/**
 * The features of `table` with ids in `dictionary`: the same columns when they
 * already use it, else re-encoded (per distinct id, not per row).
 */
export function inDictionary(
  table: ReadonlyMap<string, FeatureColumn>,
  dictionary: FeatureDictionary,
): ReadonlyMap<string, FeatureColumn> {
  const out = new Map<string, FeatureColumn>();
  const recoded = new Map<FeatureDictionary, Int32Array>();
  for (const [key, col] of table) {
    if (col.dictionary === dictionary) {
      out.set(key, col);
      continue;
    }
    let map = recoded.get(col.dictionary);
    if (map === undefined) {
      map = Int32Array.from(col.dictionary.values, (v) => dictionary.id(v));
      recoded.set(col.dictionary, map);
    }
    const m = map;
    out.set(
      key,
      featureColumn(
        Int32Array.from(col.ids, (id) => (id < 0 ? -1 : m[id]!)),
        dictionary,
        col.nums,
      ),
    );
  }
  return out;
}

/** The dictionary of a feature table (all its columns share one). */
export function dictionaryOf(table: ReadonlyMap<string, FeatureColumn>): FeatureDictionary {
  const first = table.values().next().value;
  return first === undefined ? new FeatureDictionary() : first.dictionary;
}

interface Parsed {
  s: string | null;
  n?: number;
}
type FeatureFn = (cells: readonly string[]) => Parsed;

// ---------- names ----------

export interface PersonName {
  readonly family: string;
  readonly middle: string;
  readonly given: string;
}

/** Splits a canonical Vietnamese full name: first word family, last word given, the rest middle. */
export function splitName(c: string): PersonName | null {
  if (c === '') return null;
  const w = c.split(' ');
  if (w.length === 1) return { family: '', middle: '', given: w[0]! };
  return { family: w[0]!, middle: w.slice(1, -1).join(' '), given: w[w.length - 1]! };
}

// ---------- dates ----------

const DMY = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/u;
const YMD = /^(\d{4})[/.\- ](\d{1,2})[/.\- ](\d{1,2})$/u;
const COMPACT = /^(\d{8})$/u;
const YEAR = /^(\d{4})$/u;

function daysIn(y: number, m: number): number {
  return [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][m - 1]!;
}

/** Parses a date to yyyymmdd (year only → yyyy0000); null when absent or impossible. */
export function parseDate(raw: string): number | null {
  const s = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  let r: RegExpExecArray | null;
  if ((r = DMY.exec(s))) [d, m, y] = [+r[1]!, +r[2]!, +r[3]!];
  else if ((r = YMD.exec(s))) [y, m, d] = [+r[1]!, +r[2]!, +r[3]!];
  else if ((r = COMPACT.exec(s))) {
    const v = r[1]!;
    // yyyymmdd when it starts with a plausible year, else ddmmyyyy (chip QR form).
    const head = +v.slice(0, 4);
    if (head >= 1800 && head <= 2200) [y, m, d] = [head, +v.slice(4, 6), +v.slice(6, 8)];
    else [d, m, y] = [+v.slice(0, 2), +v.slice(2, 4), +v.slice(4, 8)];
  } else if ((r = YEAR.exec(s))) {
    y = +r[1]!;
    return y >= 1800 && y <= 2200 ? y * 10000 : null;
  } else return null;
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return y * 10000 + m * 100 + d;
}

const iso = (n: number): string =>
  n % 10000 === 0
    ? String(n / 10000)
    : `${Math.floor(n / 10000)}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`;

// ---------- ID numbers ----------

export interface PersonalId {
  /** Pre-2025 province code of birth registration (001–096), or a country code. */
  readonly province: string;
  readonly sex: 'm' | 'f';
  readonly birthYear: number;
}

/**
 * Parses a 12-digit personal ID number `PPP G YY RRRRRR` (Circular 07/2016/TT-BCA
 * Art. 7): G = century and sex (even male, odd female; 0/1 → 1900s, 2/3 →
 * 2000s, …). Returns null when the string is not 12 digits.
 */
export function parsePersonalId(digits: string): PersonalId | null {
  if (!/^\d{12}$/u.test(digits)) return null;
  const g = +digits[3]!;
  const century = 1900 + Math.floor(g / 2) * 100;
  return {
    province: digits.slice(0, 3),
    sex: g % 2 === 0 ? 'm' : 'f',
    birthYear: century + +digits.slice(4, 6),
  };
}

/** True when a 12-digit ID agrees with a date of birth (yyyymmdd) and sex where those are known. */
export function idConsistent(id: PersonalId, dob: number | null, sex: 'm' | 'f' | null): boolean {
  if (dob !== null && Math.floor(dob / 10000) !== id.birthYear) return false;
  return sex === null || sex === id.sex;
}

const digitsOf = (s: string): string => s.replace(/\D+/gu, '');

// ---------- sex ----------

const SEX: Readonly<Record<string, 'm' | 'f'>> = {
  nam: 'm',
  m: 'm',
  male: 'm',
  '1': 'm',
  nu: 'f',
  f: 'f',
  female: 'f',
  '0': 'f',
  '2': 'f',
};

export function parseSex(raw: string): 'm' | 'f' | null {
  return SEX[foldCanonical(canonical(raw))] ?? null;
}

// ---------- addresses ----------

export interface Address {
  /** Canonical units, most specific first, district dropped, old units renamed. */
  readonly units: readonly string[];
  readonly ward: string | null;
  readonly province: string | null;
}

// The three address features of one column parse the same cells; keep the last results.
const addressCache = new Map<string, Address | null>();
const ADDRESS_CACHE_MAX = 100_000;

/** Splits "số 12, phường Phúc Xá, quận Ba Đình, Hà Nội" and maps old units to the 2025 ones. */
export function parseAddress(raw: string): Address | null {
  let a = addressCache.get(raw);
  if (a === undefined) {
    a = splitAddress(raw);
    if (addressCache.size >= ADDRESS_CACHE_MAX) addressCache.clear();
    addressCache.set(raw, a);
  }
  return a;
}

function splitAddress(raw: string): Address | null {
  const parts = raw
    .split(/[,;\n]/u)
    .map((p) => canonical(p))
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const admin = adminIndex();
  const last = foldCanonical(parts[parts.length - 1]!).replace(/^(tinh|thanh pho|tp)\s+/u, '');
  const province = admin.provinces.get(last) ?? null;
  const rest = province === null ? parts : parts.slice(0, -1);
  const units: string[] = [];
  let ward: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const f = foldCanonical(rest[i]!);
    if (isDistrict(f) && i > 0) continue;
    const mapped =
      province === null ? undefined : admin.wards.get(`${foldCanonical(province)}|${stripWard(f)}`);
    if (mapped !== undefined && ward === null) {
      ward = mapped;
      units.push(mapped);
    } else units.push(rest[i]!);
  }
  if (province !== null) units.push(province);
  return { units, ward, province };
}

// ---------- the feature table ----------

const nonEmpty = (s: string): string | null => (s === '' ? null : s);
const first = (cells: readonly string[]): string => cells.find((c) => c.trim() !== '') ?? '';

const name = (cells: readonly string[]) => splitName(canonical(first(cells)));
const date = (cells: readonly string[]): Parsed => {
  const n = parseDate(first(cells));
  return n === null ? { s: null } : { s: iso(n), n };
};

export const FEATURES: Readonly<Record<string, FeatureFn>> = {
  raw: (c) => ({ s: nonEmpty(first(c).trim()) }),
  canonical: (c) => ({ s: nonEmpty(canonical(first(c))) }),
  folded: (c) => ({ s: nonEmpty(foldCanonical(canonical(first(c)))) }),
  prefix3: (c) => ({
    s: nonEmpty(
      foldCanonical(canonical(first(c)))
        .replace(/ /gu, '')
        .slice(0, 3),
    ),
  }),
  digits: (c) => ({ s: nonEmpty(digitsOf(first(c))) }),
  name_family: (c) => ({ s: nonEmpty(foldCanonical(name(c)?.family ?? '')) }),
  name_given: (c) => ({ s: nonEmpty(foldCanonical(name(c)?.given ?? '')) }),
  name_fg: (c) => {
    const n = name(c);
    return { s: n === null ? null : foldCanonical(`${n.family} ${n.given}`.trim()) };
  },
  date,
  year: (c) => {
    const d = date(c);
    return d.n === undefined ? { s: null } : { s: String(Math.floor(d.n / 10000)) };
  },
  id12: (c) => ({ s: c.map(digitsOf).find((d) => d.length === 12) ?? null }),
  cmnd9: (c) => ({ s: c.map(digitsOf).find((d) => d.length === 9) ?? null }),
  sex: (c) => ({ s: parseSex(first(c)) }),
  address: (c) => {
    const a = parseAddress(first(c));
    return { s: a === null ? null : foldCanonical(a.units.join(', ')) };
  },
  address_ward: (c) => {
    const a = parseAddress(first(c));
    return { s: a?.ward == null || a.province === null ? null : foldCanonical(`${a.ward}, ${a.province}`) };
  },
  address_province: (c) => ({ s: nonEmpty(foldCanonical(parseAddress(first(c))?.province ?? '')) }),
};

export interface FeatureRef {
  readonly columns: readonly string[];
  readonly feature: string;
}

export const featureKey = (f: FeatureRef): string => `${f.columns.join('+')}:${f.feature}`;

/** Parses `col`, `col:feature` or `a+b:feature`. */
export function parseFeatureRef(expr: string, defaultFeature = 'canonical'): FeatureRef {
  const at = expr.lastIndexOf(':');
  const cols = at < 0 ? expr : expr.slice(0, at);
  return { columns: cols.split('+'), feature: at < 0 ? defaultFeature : expr.slice(at + 1) };
}

/** Column index per header name; missing columns are reported together, naming the file. */
export function columnIndex(table: Table, needed: Iterable<string>): Map<string, number> {
  const idx = new Map<string, number>();
  const missing: string[] = [];
  for (const c of needed) {
    const i = table.header.indexOf(c);
    if (i < 0) {
      if (!missing.includes(c)) missing.push(c);
    } else idx.set(c, i);
  }
  if (missing.length > 0) {
    throw new DinhdanhError(
      'DD_LINK_COLUMN_MISSING',
      `${table.source}: column(s) ${missing.map((m) => `'${m}'`).join(', ')} named in the settings are not in the header`,
      { details: { source: table.source, missing } },
    );
  }
  return idx;
}

/**
 * Checks that the table has every column and the features exist (throwing
 * before any work), and groups the features by the columns they read.
 */
export function featureGroups(
  table: Table,
  refs: readonly FeatureRef[],
): { idx: Map<string, number>; groups: Map<string, FeatureRef[]> } {
  const idx = columnIndex(
    table,
    refs.flatMap((r) => r.columns),
  );
  const groups = new Map<string, FeatureRef[]>();
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = featureKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    if (FEATURES[ref.feature] === undefined) throw new RangeError(`unknown feature ${ref.feature}`);
    const g = ref.columns.join('+');
    groups.set(g, [...(groups.get(g) ?? []), ref]);
  }
  return { idx, groups };
}

/**
 * Computes every requested feature over a table. Features over the same
 * columns are computed together, once per distinct cell value (names and
 * addresses repeat a lot), so cost follows distinct values, not rows × features;
 * every value is interned in `dictionary` (pass the same one for both tables
 * of a link job).
 */
export function normaliseTable(
  table: Table,
  refs: readonly FeatureRef[],
  dictionary: FeatureDictionary = new FeatureDictionary(),
): Map<string, FeatureColumn> {
  const { idx, groups } = featureGroups(table, refs);
  const out = new Map<string, FeatureColumn>();
  const n = table.rows.length;
  // Row → index of its distinct cell value within the current group.
  const distinctOf = new Int32Array(n);
  for (const group of groups.values()) {
    const fns = group.map((r) => FEATURES[r.feature]!);
    const nf = fns.length;
    const cols = group[0]!.columns.map((c) => idx.get(c)!);
    const single = cols.length === 1 ? cols[0]! : -1;
    const cache = new Map<string, number>();
    // Per distinct cell value: nf feature ids, then nf numbers.
    let ids = new Int32Array(nf * 1024);
    let nums = new Int32Array(nf * 1024);
    const hasNums = new Uint8Array(nf);
    let distinct = 0;
    for (let r = 0; r < n; r++) {
      const row = table.rows[r]!;
      const ck = single >= 0 ? (row[single] ?? '') : cols.map((c) => row[c] ?? '').join('\u0000');
      let d = cache.get(ck);
      if (d === undefined) {
        d = distinct++;
        if (distinct * nf > ids.length) {
          const more = new Int32Array(ids.length * 2);
          more.set(ids);
          ids = more;
          const moreNums = new Int32Array(nums.length * 2);
          moreNums.set(nums);
          nums = moreNums;
        }
        const cells = single >= 0 ? [ck] : cols.map((c) => row[c] ?? '');
        for (let f = 0; f < nf; f++) {
          const p = fns[f]!(cells);
          ids[d * nf + f] = p.s === null ? -1 : dictionary.id(p.s);
          if (p.n !== undefined) {
            nums[d * nf + f] = p.n;
            hasNums[f] = 1;
          }
        }
        cache.set(ck, d);
      }
      distinctOf[r] = d;
    }
    group.forEach((ref, f) => {
      const colIds = sharedInt32(n);
      const colNums = hasNums[f] ? sharedInt32(n) : undefined;
      for (let r = 0; r < n; r++) {
        const at = distinctOf[r]! * nf + f;
        colIds[r] = ids[at]!;
        if (colNums !== undefined) colNums[r] = nums[at]!;
      }
      out.set(featureKey(ref), featureColumn(colIds, dictionary, colNums));
    });
  }
  return out;
}
