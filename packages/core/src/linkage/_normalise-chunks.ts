/**
 * Normalisation split over row chunks (the worker pool runs one chunk per
 * task): a chunk's features come back with ids in a chunk-local dictionary,
 * and merging re-interns each chunk's distinct values — not its rows — into
 * the job's dictionary, chunk by chunk in row order, so the result does not
 * depend on which worker finished first.
 */

import { sharedInt32 } from './_shared.js';
import {
  type FeatureColumn,
  FeatureDictionary,
  type FeatureRef,
  featureColumn,
  normaliseTable,
  type Table,
} from './normalise.js';

/** One chunk's features (what a worker returns; plain data, cheap to clone). */
export interface NormalisedChunk {
  readonly rows: number;
  readonly keys: readonly string[];
  readonly ids: readonly Int32Array[];
  readonly nums: readonly (Int32Array | undefined)[];
  /** Chunk-local id → value. */
  readonly values: readonly string[];
}

export function normaliseChunk(table: Table, refs: readonly FeatureRef[]): NormalisedChunk {
  const dictionary = new FeatureDictionary();
  const cols = normaliseTable(table, refs, dictionary);
  return {
    rows: table.rows.length,
    keys: [...cols.keys()],
    ids: [...cols.values()].map((c) => c.ids),
    nums: [...cols.values()].map((c) => c.nums),
    values: dictionary.values,
  };
}

/** Concatenates chunks (in row order) into full columns with ids in `dictionary`. */
export function mergeChunks(
  chunks: readonly NormalisedChunk[],
  dictionary: FeatureDictionary,
): Map<string, FeatureColumn> {
  const n = chunks.reduce((a, c) => a + c.rows, 0);
  const keys = chunks[0]?.keys ?? [];
  const ids = keys.map(() => sharedInt32(n));
  const nums = keys.map((_, f) => (chunks.some((c) => c.nums[f] !== undefined) ? sharedInt32(n) : undefined));
  let at = 0;
  for (const c of chunks) {
    const global = Int32Array.from(c.values, (v) => dictionary.id(v));
    c.keys.forEach((key, i) => {
      const f = keys.indexOf(key);
      const src = c.ids[i]!;
      const dst = ids[f]!;
      for (let r = 0; r < c.rows; r++) {
        const id = src[r]!;
        dst[at + r] = id < 0 ? -1 : global[id]!;
      }
      const cn = c.nums[i];
      if (cn !== undefined) nums[f]!.set(cn, at);
    });
    at += c.rows;
  }
  return new Map(keys.map((key, f) => [key, featureColumn(ids[f]!, dictionary, nums[f])]));
}
