/**
 * Stage 6 — cluster. Dedupe: connected components of the pairs at or above
 * the probability threshold (union–find with path halving). Link: optionally
 * one-to-one, greedily keeping the most probable pair of each record.
 */

/** Cluster id per record (the smallest record index in its component). */
export function connectedComponents(n: number, pairs: Int32Array, keep: (k: number) => boolean): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let k = 0; k < pairs.length >> 1; k++) {
    if (!keep(k)) continue;
    const a = find(pairs[2 * k]!);
    const b = find(pairs[2 * k + 1]!);
    if (a !== b) {
      if (a < b) parent[b] = a;
      else parent[a] = b;
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = find(i);
  return out;
}

/**
 * Indices of pairs kept by a greedy one-to-one assignment: pairs in
 * decreasing weight, each left and right record used at most once.
 */
export function oneToOne(pairs: Int32Array, weights: Float64Array, candidates: readonly number[]): number[] {
  const order = [...candidates].sort((a, b) => weights[b]! - weights[a]!);
  const usedL = new Set<number>();
  const usedR = new Set<number>();
  const kept: number[] = [];
  for (const k of order) {
    const l = pairs[2 * k]!;
    const r = pairs[2 * k + 1]!;
    if (usedL.has(l) || usedR.has(r)) continue;
    usedL.add(l);
    usedR.add(r);
    kept.push(k);
  }
  return kept.sort((a, b) => a - b);
}
