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
import { type FeatureColumn, type FeatureRef, featureKey } from './normalise.js';
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

function ruleKeys(
  rule: readonly FeatureRef[],
  left: ReadonlyMap<string, FeatureColumn>,
  right: ReadonlyMap<string, FeatureColumn>,
): RuleKeys {
  const ids = new Map<string, number>();
  const keysOf = (t: ReadonlyMap<string, FeatureColumn>): Int32Array => {
    const cols = rule.map((r) => t.get(featureKey(r))!.values);
    const n = cols[0]!.length;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let k = '';
      let ok = true;
      for (const c of cols) {
        const v = c[i];
        if (v === null || v === undefined) {
          ok = false;
          break;
        }
        k += `${v}\u0001`;
      }
      if (!ok) {
        out[i] = -1;
        continue;
      }
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const l = keysOf(left);
  const r = right === left ? l : keysOf(right);
  return { name: ruleName(rule), left: l, right: r, nKeys: ids.size };
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

/** Candidate pairs per rule, before anything is generated. */
export function countPairs(input: BlockingInput): RuleCount[] {
  const right = input.right ?? input.left;
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
  const right = input.right ?? input.left;
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
