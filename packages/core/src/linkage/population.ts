/**
 * Synthetic Vietnamese population for tests and benchmarks (synthetic people
 * only). Family names follow the published frequencies (DOMAIN.md §3), given
 * names come from duyet/vietnamese-namedb, 12-digit ID numbers agree with
 * date of birth, sex and the province of birth registration (Circular
 * 07/2016/TT-BCA Art. 7), addresses are real 2025 wards. A second registry
 * copies part of the population through a per-registry corruption profile
 * (diacritics dropped, tone-placement variant, typos, middle name dropped,
 * day-month swap, CMND instead of ID, pre-2025 address units, missing values).
 */

import { mulberry32 } from './_random.js';
import { foldCanonical } from './_vietnamese.js';
import { adminTsv } from './generated/admin-data.js';
import { givenNames } from './generated/names-data.js';

export const POPULATION_COLUMNS = [
  'id',
  'so_dinh_danh',
  'so_cmnd',
  'ho_ten',
  'ngay_sinh',
  'gioi_tinh',
  'que_quan',
  'noi_thuong_tru',
  'truth',
] as const;
export type PersonRecord = Record<(typeof POPULATION_COLUMNS)[number], string>;

// Shares in percent (DOMAIN.md §3); the remainder spread over the tail list.
const FAMILY: readonly [string, number][] = [
  ['Nguyễn', 35],
  ['Trần', 10.5],
  ['Lê', 9.2],
  ['Phạm', 6.5],
  ['Hoàng', 2.6],
  ['Huỳnh', 2.4],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 2],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];
const FAMILY_TAIL = [
  'Đinh',
  'Trương',
  'Lâm',
  'Mai',
  'Tô',
  'Hà',
  'Cao',
  'Lưu',
  'Trịnh',
  'Đào',
  'Đoàn',
  'Lương',
  'Tạ',
  'Chu',
  'Kiều',
  'La',
];
const MIDDLE_M = ['Văn', 'Văn', 'Văn', 'Đức', 'Hữu', 'Minh', 'Quang', 'Công', 'Xuân', 'Thành'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Phương', 'Hồng'];

export interface CorruptionProfile {
  readonly dropDiacritics: number;
  readonly toneVariant: number;
  readonly typo: number;
  readonly dropMiddle: number;
  readonly swapDayMonth: number;
  readonly dobOffByOne: number;
  readonly yearOnly: number;
  readonly cmndInsteadOfId: number;
  readonly oldAddress: number;
  readonly missing: number;
}

export const REGISTRIES: Readonly<Record<string, CorruptionProfile>> = {
  tax: {
    dropDiacritics: 0.3,
    toneVariant: 0.1,
    typo: 0.05,
    dropMiddle: 0.05,
    swapDayMonth: 0.02,
    dobOffByOne: 0.01,
    yearOnly: 0,
    cmndInsteadOfId: 0.1,
    oldAddress: 0.5,
    missing: 0.05,
  },
  'social-insurance': {
    dropDiacritics: 0.1,
    toneVariant: 0.2,
    typo: 0.05,
    dropMiddle: 0.1,
    swapDayMonth: 0.03,
    dobOffByOne: 0.01,
    yearOnly: 0,
    cmndInsteadOfId: 0.2,
    oldAddress: 0.6,
    missing: 0.05,
  },
  birth: {
    dropDiacritics: 0.05,
    toneVariant: 0.2,
    typo: 0.03,
    dropMiddle: 0.02,
    swapDayMonth: 0.01,
    dobOffByOne: 0.01,
    yearOnly: 0,
    cmndInsteadOfId: 0,
    oldAddress: 0.3,
    missing: 0.1,
  },
  telecom: {
    dropDiacritics: 0.6,
    toneVariant: 0.1,
    typo: 0.08,
    dropMiddle: 0.15,
    swapDayMonth: 0.05,
    dobOffByOne: 0.02,
    yearOnly: 0.05,
    cmndInsteadOfId: 0.3,
    oldAddress: 0.7,
    missing: 0.15,
  },
};

interface Ward {
  readonly oldProvinceId: string;
  readonly oldWard: string;
  readonly oldProvince: string;
  readonly newWard: string;
  readonly newProvince: string;
}

let wardsCache: Ward[] | undefined;
function wards(): Ward[] {
  if (wardsCache) return wardsCache;
  const prov = new Map<string, [string, string]>();
  const out: Ward[] = [];
  for (const line of adminTsv.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'P') prov.set(f[1]!, [f[2]!, f[4]!]);
    else if (f[0] === 'W') {
      const p = prov.get(f[1]!)!;
      const newWard = f[4]!.split('|')[0]!.split(':')[1]!;
      out.push({ oldProvinceId: f[1]!, oldWard: f[3]!, oldProvince: p[0], newWard, newProvince: p[1] });
    }
  }
  wardsCache = out;
  return out;
}

const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Hùng Vương',
];
// Tone-placement variants (DOMAIN.md §3): old-style and new-style spellings.
const TONE_VARIANTS: readonly [string, string][] = [
  ['oà', 'òa'],
  ['oá', 'óa'],
  ['oả', 'ỏa'],
  ['oã', 'õa'],
  ['oạ', 'ọa'],
  ['uỳ', 'ùy'],
  ['uý', 'úy'],
  ['uỷ', 'ủy'],
  ['uỹ', 'ũy'],
  ['uỵ', 'ụy'],
  ['oè', 'òe'],
  ['oé', 'óe'],
  ['oẻ', 'ỏe'],
];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export interface Person {
  readonly index: number;
  readonly family: string;
  readonly middle: string;
  readonly given: string;
  readonly sex: 'm' | 'f';
  readonly dob: { y: number; m: number; d: number };
  readonly id12: string;
  readonly cmnd: string;
  readonly home: Ward;
  readonly residence: Ward;
  readonly street: string;
}

export class PopulationGenerator {
  readonly #rnd: () => number;
  readonly #familyCdf: number[];

  constructor(seed: number) {
    this.#rnd = mulberry32(seed);
    const weights = [...FAMILY.map(([, w]) => w), ...FAMILY_TAIL.map(() => 15.7 / FAMILY_TAIL.length)];
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.#familyCdf = weights.map((w) => (acc += w / total));
  }

  #pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.#rnd() * xs.length)]!;
  }

  #chance(p: number): boolean {
    return this.#rnd() < p;
  }

  chanceOf(p: number): boolean {
    return this.#rnd() < p;
  }

  person(index: number): Person {
    const r = this.#rnd();
    const fi = this.#familyCdf.findIndex((c) => r < c);
    const family = fi < FAMILY.length ? FAMILY[fi]![0] : (FAMILY_TAIL[fi - FAMILY.length] ?? 'Nguyễn');
    const sex = this.#chance(0.5) ? 'm' : 'f';
    let middle: string;
    let given: string;
    if (this.#chance(0.5)) {
      const full = this.#pick(sex === 'm' ? givenNames.boyFull : givenNames.girlFull).split(' ');
      given = full.pop()!;
      middle = full.join(' ') || this.#pick(sex === 'm' ? MIDDLE_M : MIDDLE_F);
    } else {
      given = this.#pick(sex === 'm' ? givenNames.boy : givenNames.girl);
      middle = this.#pick(sex === 'm' ? MIDDLE_M : MIDDLE_F);
    }
    const y = 1930 + Math.floor(this.#rnd() * 90);
    const m = 1 + Math.floor(this.#rnd() * 12);
    const d = 1 + Math.floor(this.#rnd() * 28);
    const home = this.#pick(wards());
    const residence = this.#chance(0.6) ? home : this.#pick(wards());
    const g = (Math.floor((y - 1900) / 100) * 2 + (sex === 'f' ? 1 : 0)) % 10;
    const id12 = `0${home.oldProvinceId}${g}${pad(y % 100, 2)}${pad(Math.floor(this.#rnd() * 1e6), 6)}`;
    const cmnd = y < 2000 && this.#chance(0.7) ? pad(Math.floor(this.#rnd() * 1e9), 9) : '';
    const street = `${1 + Math.floor(this.#rnd() * 200)} ${this.#pick(STREETS)}`;
    return { index, family, middle, given, sex, dob: { y, m, d }, id12, cmnd, home, residence, street };
  }

  /** The record as the population database holds it (2025 units, full data). */
  clean(p: Person, id: string): PersonRecord {
    return {
      id,
      so_dinh_danh: p.id12,
      so_cmnd: p.cmnd,
      ho_ten: `${p.family} ${p.middle} ${p.given}`,
      ngay_sinh: `${pad(p.dob.d, 2)}/${pad(p.dob.m, 2)}/${p.dob.y}`,
      gioi_tinh: p.sex === 'm' ? 'Nam' : 'Nữ',
      que_quan: `${p.home.newWard}, ${p.home.newProvince}`,
      noi_thuong_tru: `${p.street}, ${p.residence.newWard}, ${p.residence.newProvince}`,
      truth: `p${p.index}`,
    };
  }

  #typo(s: string): string {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(this.#rnd() * (s.length - 2));
    const op = Math.floor(this.#rnd() * 3);
    if (op === 0) return s.slice(0, i) + s.slice(i + 1);
    if (op === 1) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    return s.slice(0, i) + this.#pick([...'aeiounhtgc']) + s.slice(i + 1);
  }

  /** The record as another registry holds it, corrupted by `profile`. */
  corrupted(p: Person, id: string, profile: CorruptionProfile): PersonRecord {
    const c = this.clean(p, id);
    let name = c.ho_ten;
    if (this.#chance(profile.dropMiddle)) name = `${p.family} ${p.given}`;
    if (this.#chance(profile.toneVariant)) {
      for (const [a, b] of TONE_VARIANTS) name = name.replaceAll(b, a);
    }
    if (this.#chance(profile.typo)) {
      const parts = name.split(' ');
      const k = Math.floor(this.#rnd() * parts.length);
      parts[k] = this.#typo(parts[k]!);
      name = parts.join(' ');
    }
    if (this.#chance(profile.dropDiacritics))
      name = foldCanonical(name.normalize('NFC')).replace(/(^| )(\p{L})/gu, (x) => x.toUpperCase());
    const y = p.dob.y;
    let { m, d } = p.dob;
    if (this.#chance(profile.swapDayMonth) && d <= 12) [d, m] = [m, d];
    if (this.#chance(profile.dobOffByOne)) d = d === 28 ? 27 : d + 1;
    let dob = this.#chance(0.5) ? `${pad(d, 2)}/${pad(m, 2)}/${y}` : `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    if (this.#chance(profile.yearOnly)) dob = String(y);
    let id12 = c.so_dinh_danh;
    let cmnd = c.so_cmnd;
    if (p.cmnd !== '' && this.#chance(profile.cmndInsteadOfId)) id12 = '';
    else if (this.#chance(0.5)) cmnd = '';
    if (this.#chance(profile.typo / 2) && id12 !== '') id12 = this.#typo(id12);
    const old = this.#chance(profile.oldAddress);
    const place = (w: Ward) => (old ? `${w.oldWard}, ${w.oldProvince}` : `${w.newWard}, ${w.newProvince}`);
    const miss = (v: string) => (this.#chance(profile.missing) ? '' : v);
    return {
      id,
      so_dinh_danh: miss(id12),
      so_cmnd: miss(cmnd),
      ho_ten: name,
      ngay_sinh: miss(dob),
      gioi_tinh: miss(c.gioi_tinh),
      que_quan: miss(place(p.home)),
      noi_thuong_tru: miss(`${p.street}, ${place(p.residence)}`),
      truth: c.truth,
    };
  }
}

export interface PopulationOptions {
  readonly count: number;
  readonly seed: number;
  /** Share of extra records in table A that are corrupted duplicates of other A records (dedupe tests). */
  readonly duplicates?: number;
  /** Registry profile for table B. */
  readonly registry?: string;
  /** Share of A's people that appear in B. */
  readonly overlap?: number;
  /** Records in B of people not in A, as a share of A's count. */
  readonly extra?: number;
}

/** Generates table A (and B when a registry is named); records in file order. */
export function* population(opts: PopulationOptions): Generator<{ table: 'a' | 'b'; record: PersonRecord }> {
  const gen = new PopulationGenerator(opts.seed);
  const profile = opts.registry === undefined ? undefined : REGISTRIES[opts.registry];
  if (opts.registry !== undefined && profile === undefined)
    throw new RangeError(`unknown registry ${opts.registry}`);
  const people: Person[] = [];
  let aId = 0;
  for (let i = 0; i < opts.count; i++) {
    const p = gen.person(i);
    if (profile !== undefined) people.push(p);
    yield { table: 'a', record: gen.clean(p, `a${aId++}`) };
    // A duplicate follows its original, entered again with registry-style errors.
    if (opts.duplicates !== undefined && gen.chanceOf(opts.duplicates)) {
      yield { table: 'a', record: gen.corrupted(p, `a${aId++}`, REGISTRIES['social-insurance']!) };
    }
  }
  if (profile === undefined) return;
  const overlap = opts.overlap ?? 0.8;
  let bId = 0;
  for (const p of people)
    if (gen.chanceOf(overlap)) yield { table: 'b', record: gen.corrupted(p, `b${bId++}`, profile) };
  const extra = Math.round(opts.count * (opts.extra ?? 0));
  for (let i = 0; i < extra; i++) {
    yield { table: 'b', record: gen.corrupted(gen.person(opts.count + i), `b${bId++}`, profile) };
  }
}
