/**
 * Stage 2 — block. Each rule is a list of features that must all be present
 * and equal; a pair is proposed by the first rule that blocks it, so the
 * union over rules holds no duplicates (later rules skip pairs an earlier rule
 * already produced, as Splink does). The pair count per rule is computed from
 * group sizes before any pair is materialised, and a run that would exceed
 * the pair budget is refused with those counts.
 */
import { DinhdanhError } from '../errors/index.js';
import { PairBuffer } from './_pairs.js';
import { dictionaryOf, type FeatureColumn, type FeatureRef, featureKey, inDictionary } from './normalise.js';
import type { LinkType } from './settings.js';

export interface BlockingInput {
  readonly linkType: LinkType;
  readonly rules: readonly (readonly FeatureRef[])[];
  readonly left: ReadonlyMap<string, FeatureColumn>;
  /** Absent for dedupe. */
  readonly right?: ReadonlyMap<string, FeatureColumn> | undefined;
  readonly maxPairs: number;
}

export interface RuleCount {
  readonly rule: string;
  /** Pairs the rule proposes on its own. */
  readonly candidates: number;
  /** Pairs it adds after removing those of earlier rules (known after `block`). */
  readonly added: number;
}

export interface Blocked {
  /** [l0, r0, l1, r1, …]; for dedupe l < r, both index the one table. */
  readonly pairs: Int32Array;
  readonly counts: readonly RuleCount[];
}

interface RuleKeys {
  readonly name: string;
  /** Interned key per row (-1 = some feature missing), left and right in one id space. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly nKeys: number;
}

const ruleName = (rule: readonly FeatureRef[]): string => rule.map(featureKey).join(' & ');

/**
 * Dense ids for (a, b) couples of non-negative integers: open addressing over
 * typed arrays, so a million blocking keys cost no string or object each.
 */
class PairInterner {
  #a: Int32Array;
  #b: Int32Array;
  #id: Int32Array;
  #mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.#a = new Int32Array(cap).fill(-1);
    this.#b = new Int32Array(cap);
    this.#id = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  id(a: number, b: number): number {
    if (this.size * 2 >= this.#mask) this.#grow();
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.#mask;
    for (;;) {
      const x = this.#a[h]!;
      if (x === -1) break;
      if (x === a && this.#b[h] === b) return this.#id[h]!;
      h = (h + 1) & this.#mask;
    }
    this.#a[h] = a;
    this.#b[h] = b;
    this.#id[h] = this.size;
    return this.size++;
  }

  #grow(): void {
    const [a, b, id] = [this.#a, this.#b, this.#id];
    this.#a = new Int32Array(a.length * 2).fill(-1);
    this.#b = new Int32Array(a.length * 2);
    this.#id = new Int32Array(a.length * 2);
    this.#mask = a.length * 2 - 1;
    for (let h = 0; h < a.length; h++) {
      if (a[h] === -1) continue;
      let k = (Math.imul(a[h]!, 0x9e3779b1) ^ Math.imul(b[h]! + 0x7f4a7c15, 0x85ebca77)) & this.#mask;
      while (this.#a[k] !== -1) k = (k + 1) & this.#mask;
      this.#a[k] = a[h]!;
      this.#b[k] = b[h]!;
      this.#id[k] = id[h]!;
    }
  }
}

/**
 * Dense key per row for one rule over dictionary-encoded features: a single
 * feature's ids are renumbered densely; a tuple is folded couple by couple
 * through one interner shared by both tables.
 */
function ruleKeys(
  rule: readonly FeatureRef[],
  left: ReadonlyMap<string, FeatureColumn>,
  right: ReadonlyMap<string, FeatureColumn>,
): RuleKeys {
  const cols = (t: ReadonlyMap<string, FeatureColumn>) => rule.map((r) => t.get(featureKey(r))!.ids);
  const lc = cols(left);
  const rc = right === left ? lc : cols(right);
  const nRows = lc[0]!.length + (right === left ? 0 : rc[0]!.length);
  const dictSize = left.get(featureKey(rule[0]!))!.dictionary.size;
  const dense = new Int32Array(dictSize).fill(-1);
  let nKeys = 0;
  const first = (ids: Int32Array): Int32Array =>
    Int32Array.from(ids, (id) => {
      if (id < 0) return -1;
      if (dense[id] === -1) dense[id] = nKeys++;
      return dense[id]!;
    });
  // One interner per folding step: step f maps (key of features < f, id of f) to a new key.
  const steps = rule.slice(1).map(() => new PairInterner(nRows));
  const keysOf = (c: readonly Int32Array[]): Int32Array => {
    const out = first(c[0]!);
    steps.forEach((step, s) => {
      const ids = c[s + 1]!;
      for (let i = 0; i < out.length; i++) {
        const k = out[i]!;
        out[i] = k < 0 || ids[i]! < 0 ? -1 : step.id(k, ids[i]!);
      }
    });
    return out;
  };
  const l = keysOf(lc);
  const r = right === left ? l : keysOf(rc);
  return { name: ruleName(rule), left: l, right: r, nKeys: steps.at(-1)?.size ?? nKeys };
}

/** Rows per key id, as CSR (start offsets + row indices). */
function groups(keys: Int32Array, nKeys: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(nKeys + 1);
  for (const k of keys) if (k >= 0) start[k + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, nKeys);
  const rows = new Int32Array(start[nKeys]!);
  keys.forEach((k, i) => {
    if (k >= 0) rows[fill[k]!++] = i;
  });
  return { start, rows };
}

/** The right table's features in the left table's dictionary (the left table itself for dedupe). */
function sameDictionary(input: BlockingInput): ReadonlyMap<string, FeatureColumn> {
  if (input.right === undefined || input.right === input.left) return input.left;
  return inDictionary(input.right, dictionaryOf(input.left));
}

/** Candidate pairs per rule, before anything is generated. */
export function countPairs(input: BlockingInput): RuleCount[] {
  const right = sameDictionary(input);
  return input.rules.map((rule) => {
    const k = ruleKeys(rule, input.left, right);
    return { rule: k.name, candidates: countFor(k, input.linkType), added: 0 };
  });
}

function countFor(k: RuleKeys, linkType: LinkType): number {
  const nl = new Float64Array(k.nKeys);
  for (const x of k.left) if (x >= 0) nl[x]!++;
  let total = 0;
  if (linkType === 'dedupe_only') {
    for (const c of nl) total += (c * (c - 1)) / 2;
  } else {
    const nr = new Float64Array(k.nKeys);
    for (const x of k.right) if (x >= 0) nr[x]!++;
    for (let i = 0; i < k.nKeys; i++) total += nl[i]! * nr[i]!;
  }
  return total;
}

/** Generates the union of all rules' pairs, refusing first when the count exceeds the budget. */
export function block(input: BlockingInput): Blocked {
  const right = sameDictionary(input);
  const dedupe = input.linkType === 'dedupe_only';
  const keys = input.rules.map((rule) => ruleKeys(rule, input.left, right));
  const candidates = keys.map((k) => countFor(k, input.linkType));
  const total = candidates.reduce((a, b) => a + b, 0);
  if (total > input.maxPairs) {
    const counts = keys.map((k, i) => ({ rule: k.name, candidates: candidates[i]! }));
    throw new DinhdanhError(
      'DD_LINK_PAIR_BUDGET',
      `blocking would produce ${total} candidate pairs, above max_pairs = ${input.maxPairs}; ` +
        `per rule: ${counts.map((c) => `${c.rule} → ${c.candidates}`).join('; ')}`,
      { status: 413, details: { total, maxPairs: input.maxPairs, counts } },
    );
  }
  const out = new PairBuffer(Math.min(total, 1 << 24) + 1);
  const counts: RuleCount[] = [];
  keys.forEach((k, ri) => {
    const before = out.length;
    const earlier = keys.slice(0, ri);
    const seen = (a: number, b: number): boolean => {
      for (const e of earlier) {
        const x = e.left[a]!;
        if (x >= 0 && x === e.right[b]) return true;
      }
      return false;
    };
    const gl = groups(k.left, k.nKeys);
    const gr = dedupe ? gl : groups(k.right, k.nKeys);
    for (let g = 0; g < k.nKeys; g++) {
      const l0 = gl.start[g]!;
      const l1 = gl.start[g + 1]!;
      const r0 = gr.start[g]!;
      const r1 = gr.start[g + 1]!;
      for (let i = l0; i < l1; i++) {
        const a = gl.rows[i]!;
        for (let j = dedupe ? i + 1 : r0; j < r1; j++) {
          const b = gr.rows[j]!;
          if (!seen(a, b)) out.push(a, b);
        }
      }
    }
    counts.push({ rule: k.name, candidates: candidates[ri]!, added: out.length - before });
  });
  return { pairs: out.toArray(), counts };
}
