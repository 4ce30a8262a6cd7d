/**
 * Settings: the authoring form (JSON, snake_case like Splink's settings
 * dictionary, every field optional when a preset supplies it) and the
 * resolved form the pipeline runs (defaults applied, comparisons expanded to
 * ordered levels: missing, most similar … else). Validation gathers every
 * problem, then throws once.
 */
import { Op, type OpCode } from '@dinhdanh/wasm/match';
import { DinhdanhError } from '../errors/index.js';
import { FEATURES, type FeatureRef, parseFeatureRef } from './normalise.js';

export type LinkType = 'link_only' | 'dedupe_only';
export type ComparisonKind =
  | 'exact'
  | 'jaro_winkler'
  | 'levenshtein'
  | 'damerau_levenshtein'
  | 'date'
  | 'id'
  | 'vn_id'
  | 'vn_name'
  | 'address'
  | 'sex';

export interface ComparisonSettings {
  /** Output label; defaults to the column names. */
  readonly name?: string;
  readonly column?: string;
  readonly columns?: readonly string[];
  readonly kind: ComparisonKind;
  /** Similarity floors (jaro_winkler) or distance ceilings (levenshtein, damerau_levenshtein). */
  readonly thresholds?: readonly number[];
  /** Term-frequency adjustment on the exact level: agreeing on a common value is weaker evidence. */
  readonly term_frequency?: boolean;
}

/** A blocking rule: feature expressions (`col`, `col:feature`) whose values must all agree. */
export type BlockingRule = string | readonly string[];

export interface LinkageSettings {
  readonly preset?: 'vn-person' | 'generic';
  readonly link_type?: LinkType;
  readonly unique_id_column?: string;
  /** Renames preset columns: `{ "ho_ten": "full_name" }`. */
  readonly column_names?: Readonly<Record<string, string>>;
  readonly blocking_rules?: readonly BlockingRule[];
  readonly comparisons?: readonly ComparisonSettings[];
  /** Match probability at or above which a pair is reported / clustered. */
  readonly threshold?: number;
  /** Refuse to run when blocking would produce more pairs than this. */
  readonly max_pairs?: number;
  /** Overrides the estimated prior probability that two random records match. */
  readonly probability_two_random_records_match?: number;
  /** Random pairs used to estimate u. */
  readonly u_sample_size?: number;
  readonly em_max_iterations?: number;
  readonly em_tolerance?: number;
  readonly seed?: number;
  /** Linking only: keep each record in at most one pair (greedy by probability). */
  readonly one_to_one?: boolean;
}

export interface ResolvedLevel {
  readonly label: string;
  /** How the records differ at this level, for the reconciliation report (null: they agree). */
  readonly reason: string | null;
  readonly op: OpCode;
  readonly a: FeatureRef;
  readonly b: FeatureRef;
  readonly param: number;
  readonly tf: boolean;
}

export interface ResolvedComparison {
  readonly name: string;
  readonly kind: ComparisonKind;
  /** levels[0] is the missing-value test. */
  readonly levels: readonly ResolvedLevel[];
}

export interface ResolvedSettings {
  readonly linkType: LinkType;
  readonly uniqueIdColumn: string;
  readonly blockingRules: readonly (readonly FeatureRef[])[];
  readonly comparisons: readonly ResolvedComparison[];
  readonly threshold: number;
  readonly maxPairs: number;
  readonly prior: number | undefined;
  readonly uSampleSize: number;
  readonly emMaxIterations: number;
  readonly emTolerance: number;
  readonly seed: number;
  readonly oneToOne: boolean;
}

export const DEFAULTS = {
  link_type: 'dedupe_only',
  unique_id_column: 'id',
  threshold: 0.9,
  max_pairs: 50_000_000,
  u_sample_size: 1_000_000,
  em_max_iterations: 30,
  em_tolerance: 1e-5,
  seed: 42,
  one_to_one: false,
} as const;

/** Vietnamese person records (columns as in the national population database exports). */
export const vnPerson: LinkageSettings = {
  unique_id_column: 'id',
  blocking_rules: [
    ['so_dinh_danh+so_cmnd:id12'],
    ['so_dinh_danh+so_cmnd:cmnd9'],
    ['ho_ten:name_fg', 'ngay_sinh:year'],
    ['ho_ten:name_given', 'ngay_sinh:date'],
    ['ngay_sinh:date', 'noi_thuong_tru:address_province'],
    ['ho_ten:name_fg', 'noi_thuong_tru:address_ward'],
  ],
  comparisons: [
    { name: 'id', columns: ['so_dinh_danh', 'so_cmnd'], kind: 'vn_id' },
    { name: 'name', column: 'ho_ten', kind: 'vn_name', term_frequency: true },
    { name: 'dob', column: 'ngay_sinh', kind: 'date' },
    { name: 'sex', column: 'gioi_tinh', kind: 'sex' },
    { name: 'home town', column: 'que_quan', kind: 'address' },
    { name: 'residence', column: 'noi_thuong_tru', kind: 'address' },
  ],
  threshold: 0.9,
};

/** No columns: defaults only; the file names its own comparisons and blocking rules. */
export const generic: LinkageSettings = {};

export const presets: Readonly<Record<string, LinkageSettings>> = { 'vn-person': vnPerson, generic };

// ---------- level tables per kind ----------

type Builder = (cols: readonly string[], c: ComparisonSettings, n: string) => ResolvedLevel[];

const f = (cols: readonly string[], feature: string): FeatureRef => ({ columns: cols, feature });
const lvl = (
  label: string,
  reason: string | null,
  op: OpCode,
  a: FeatureRef,
  param = 0,
  b: FeatureRef = a,
  tf = false,
): ResolvedLevel => ({ label, reason, op, a, b, param, tf });
const missing = (a: FeatureRef, b: FeatureRef = a): ResolvedLevel =>
  lvl('missing on either side', null, a === b ? Op.null : Op.null2, a, 0, b);
const otherwise = (n: string, a: FeatureRef): ResolvedLevel => lvl('all other', `${n} differs`, Op.else, a);

const KINDS: Readonly<Record<ComparisonKind, { defaults: readonly number[]; build: Builder }>> = {
  exact: {
    defaults: [],
    build: (cols, c, n) => {
      const a = f(cols, 'canonical');
      return [missing(a), lvl('exact', null, Op.eq, a, 0, a, !!c.term_frequency), otherwise(n, a)];
    },
  },
  sex: {
    defaults: [],
    build: (cols, _c, n) => {
      const a = f(cols, 'sex');
      return [missing(a), lvl('exact', null, Op.eq, a), otherwise(n, a)];
    },
  },
  jaro_winkler: {
    defaults: [0.92, 0.8],
    build: (cols, c, n) => {
      const a = f(cols, 'canonical');
      const fo = f(cols, 'folded');
      return [
        missing(a),
        lvl('exact', null, Op.eq, a, 0, a, !!c.term_frequency),
        ...(c.thresholds ?? [0.92, 0.8]).map((t) =>
          lvl(`Jaro-Winkler ≥ ${t}`, `${n} similar (Jaro-Winkler ≥ ${t})`, Op.jwGe, fo, t),
        ),
        otherwise(n, a),
      ];
    },
  },
  levenshtein: {
    defaults: [1, 2],
    build: (cols, c, n) => distance(cols, c, n, Op.levLe, 'Levenshtein'),
  },
  damerau_levenshtein: {
    defaults: [1, 2],
    build: (cols, c, n) => distance(cols, c, n, Op.osaLe, 'Damerau-Levenshtein'),
  },
  date: {
    defaults: [],
    build: (cols, _c, n) => {
      const a = f(cols, 'date');
      return [
        missing(a),
        lvl('exact', null, Op.eq, a),
        lvl('day-month swap', `${n} day-month swap`, Op.dateSwap, a),
        lvl('±1 day, month or year', `${n} off by one day, month or year`, Op.dateNear, a),
        lvl('same year', `${n}: only the year agrees`, Op.numEqDiv, a, 10000),
        otherwise(n, a),
      ];
    },
  },
  id: {
    defaults: [],
    build: (cols, c, n) => {
      const a = f(cols, 'digits');
      return [
        missing(a),
        lvl('exact', null, Op.eq, a, 0, a, !!c.term_frequency),
        lvl('one substitution or transposition', `${n} one digit wrong or two swapped`, Op.osaLe, a, 1),
        otherwise(n, a),
      ];
    },
  },
  vn_id: {
    defaults: [],
    build: (cols, _c, n) => {
      const id = f(cols, 'id12');
      const cmnd = f(cols, 'cmnd9');
      return [
        missing(id, cmnd),
        lvl('12-digit ID exact', null, Op.eq, id),
        lvl('12-digit ID one substitution or transposition', `${n}: 12-digit ID typo`, Op.osaLe, id, 1),
        lvl('CMND exact', `${n}: only the old 9-digit CMND agrees`, Op.eq, cmnd),
        lvl('CMND one substitution or transposition', `${n}: CMND typo`, Op.osaLe, cmnd, 1),
        otherwise(n, id),
      ];
    },
  },
  vn_name: {
    defaults: [0.92, 0.8],
    build: (cols, c, n) => {
      const a = f(cols, 'canonical');
      const fo = f(cols, 'folded');
      return [
        missing(a),
        lvl('exact', null, Op.eq, a, 0, a, !!c.term_frequency),
        lvl('exact without diacritics', `${n} differs only in diacritics or tone placement`, Op.eq, fo),
        lvl(
          'family and given agree',
          `${n} without (or with another) middle name`,
          Op.eq,
          f(cols, 'name_fg'),
        ),
        lvl(
          'family and given swapped',
          `${n} with family and given names swapped`,
          Op.eqCross,
          f(cols, 'name_family'),
          0,
          f(cols, 'name_given'),
        ),
        ...(c.thresholds ?? [0.92, 0.8]).map((t) =>
          lvl(`Jaro-Winkler ≥ ${t}`, `${n} similar (Jaro-Winkler ≥ ${t})`, Op.jwGe, fo, t),
        ),
        otherwise(n, a),
      ];
    },
  },
  address: {
    defaults: [],
    build: (cols, _c, n) => {
      const a = f(cols, 'address');
      return [
        missing(a),
        lvl('exact after mapping to 2025 units', null, Op.eq, a),
        lvl(
          'same ward and province',
          `${n}: same ward, other details differ`,
          Op.eq,
          f(cols, 'address_ward'),
        ),
        lvl('same province', `${n}: same province only`, Op.eq, f(cols, 'address_province')),
        lvl('Jaro-Winkler ≥ 0.9', `${n} similar text`, Op.jwGe, a, 0.9),
        otherwise(n, a),
      ];
    },
  },
};

function distance(cols: readonly string[], c: ComparisonSettings, n: string, op: OpCode, what: string) {
  const a = f(cols, 'canonical');
  const fo = f(cols, 'folded');
  return [
    missing(a),
    lvl('exact', null, Op.eq, a, 0, a, !!c.term_frequency),
    ...(c.thresholds ?? [1, 2]).map((t) => lvl(`${what} ≤ ${t}`, `${n} within ${what} ${t}`, op, fo, t)),
    otherwise(n, a),
  ];
}

export const comparisonKinds = Object.keys(KINDS) as ComparisonKind[];

// ---------- resolve + validate ----------

export interface SettingsProblem {
  readonly path: string;
  readonly message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const KNOWN_KEYS = new Set([
  'preset',
  'link_type',
  'unique_id_column',
  'column_names',
  'blocking_rules',
  'comparisons',
  'threshold',
  'max_pairs',
  'probability_two_random_records_match',
  'u_sample_size',
  'em_max_iterations',
  'em_tolerance',
  'seed',
  'one_to_one',
]);

/**
 * Merges the preset (explicit `preset`, else 'generic'), renames columns,
 * checks every field and expands comparisons into levels. Throws
 * DD_LINK_SETTINGS once with all problems in `details.errors`.
 */
export function resolveSettings(input: unknown, source = 'settings'): ResolvedSettings {
  const errors: SettingsProblem[] = [];
  const bad = (path: string, message: string) => errors.push({ path, message });
  if (!isObject(input)) {
    throw new DinhdanhError('DD_LINK_SETTINGS', `${source}: settings must be a JSON object`, {
      details: { source, errors: [{ path: '$', message: 'not an object' }] },
    });
  }
  for (const k of Object.keys(input)) if (!KNOWN_KEYS.has(k)) bad(k, 'unknown setting');
  const presetName = input.preset ?? 'generic';
  const preset = typeof presetName === 'string' ? presets[presetName] : undefined;
  if (preset === undefined) bad('preset', `unknown preset; use ${Object.keys(presets).join(' or ')}`);
  const s = { ...DEFAULTS, ...(preset ?? {}), ...input } as Record<string, unknown>;

  const renames = isObject(s.column_names) ? s.column_names : {};
  if (s.column_names !== undefined && !isObject(s.column_names)) bad('column_names', 'must be an object');
  const col = (c: string): string => (typeof renames[c] === 'string' ? (renames[c] as string) : c);

  const linkType = s.link_type;
  if (linkType !== 'link_only' && linkType !== 'dedupe_only')
    bad('link_type', "must be 'link_only' or 'dedupe_only'");
  const uid = s.unique_id_column;
  if (typeof uid !== 'string' || uid === '') bad('unique_id_column', 'must be a non-empty string');

  const num = (k: string, lo: number, hi: number, integer = false): number => {
    const v = s[k];
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < lo ||
      v > hi ||
      (integer && !Number.isInteger(v))
    ) {
      bad(k, `must be ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
      return lo;
    }
    return v;
  };
  const threshold = num('threshold', 0, 1);
  const maxPairs = num('max_pairs', 1, 2 ** 31 - 1, true);
  const uSampleSize = num('u_sample_size', 100, 1e8, true);
  const emMaxIterations = num('em_max_iterations', 1, 10_000, true);
  const emTolerance = num('em_tolerance', 0, 1);
  const seed = num('seed', 0, 2 ** 32 - 1, true);
  let prior: number | undefined;
  if (s.probability_two_random_records_match !== undefined) {
    prior = num('probability_two_random_records_match', Number.MIN_VALUE, 1);
    if (prior >= 1) bad('probability_two_random_records_match', 'must be below 1');
  }
  if (typeof s.one_to_one !== 'boolean') bad('one_to_one', 'must be true or false');

  const featureCheck = (path: string, expr: unknown): FeatureRef | undefined => {
    if (typeof expr !== 'string' || expr === '') {
      bad(path, 'must be a column name or "column:feature"');
      return undefined;
    }
    const ref = parseFeatureRef(expr);
    if (FEATURES[ref.feature] === undefined) {
      bad(path, `unknown feature '${ref.feature}'; known: ${Object.keys(FEATURES).join(', ')}`);
      return undefined;
    }
    return { columns: ref.columns.map(col), feature: ref.feature };
  };

  const blockingRules: FeatureRef[][] = [];
  if (!Array.isArray(s.blocking_rules) || s.blocking_rules.length === 0) {
    bad('blocking_rules', 'must be a non-empty list of rules (each a list of columns or "column:feature")');
  } else {
    s.blocking_rules.forEach((rule: unknown, i: number) => {
      const parts = typeof rule === 'string' ? [rule] : rule;
      if (!Array.isArray(parts) || parts.length === 0) {
        bad(`blocking_rules[${i}]`, 'must be a column, "column:feature", or a non-empty list of them');
        return;
      }
      const refs = parts.map((p: unknown, j: number) => featureCheck(`blocking_rules[${i}][${j}]`, p));
      if (refs.every((r) => r !== undefined)) blockingRules.push(refs as FeatureRef[]);
    });
  }

  const comparisons: ResolvedComparison[] = [];
  if (!Array.isArray(s.comparisons) || s.comparisons.length === 0) {
    bad('comparisons', 'must be a non-empty list');
  } else {
    s.comparisons.forEach((c: unknown, i: number) => {
      const path = `comparisons[${i}]`;
      if (!isObject(c)) {
        bad(path, 'must be an object');
        return;
      }
      const kind = c.kind as ComparisonKind;
      const spec = KINDS[kind];
      if (spec === undefined)
        bad(`${path}.kind`, `unknown kind '${String(c.kind)}'; known: ${comparisonKinds.join(', ')}`);
      const cols =
        typeof c.column === 'string'
          ? [c.column]
          : Array.isArray(c.columns) && c.columns.length > 0 && c.columns.every((x) => typeof x === 'string')
            ? (c.columns as string[])
            : undefined;
      if (cols === undefined) bad(path, 'needs "column" or a non-empty "columns" list');
      if (c.thresholds !== undefined) {
        const t = c.thresholds;
        if (!Array.isArray(t) || !t.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
          bad(`${path}.thresholds`, 'must be a list of non-negative numbers');
        }
      }
      if (c.term_frequency !== undefined && typeof c.term_frequency !== 'boolean') {
        bad(`${path}.term_frequency`, 'must be true or false');
      }
      if (spec === undefined || cols === undefined) return;
      const name = typeof c.name === 'string' ? c.name : cols.join('+');
      const levels = spec.build(cols.map(col), c as unknown as ComparisonSettings, name);
      if (levels.length > 254) bad(path, 'too many levels');
      comparisons.push({ name, kind, levels });
    });
  }

  if (errors.length > 0) {
    const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new DinhdanhError('DD_LINK_SETTINGS', `${source}: ${errors.length} problem(s): ${list}`, {
      details: { source, errors },
    });
  }
  return {
    linkType: linkType as LinkType,
    uniqueIdColumn: col(uid as string),
    blockingRules,
    comparisons,
    threshold,
    maxPairs,
    prior,
    uSampleSize,
    emMaxIterations,
    emTolerance,
    seed,
    oneToOne: s.one_to_one as boolean,
  };
}
