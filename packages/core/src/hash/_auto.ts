/**
 * The `auto` backend: for each algorithm and message size, the backends
 * ranked by measured speed (AUTO_TABLE, generated from the benchmark), and
 * the first of them available here.
 */
import type { HashAlgorithm } from './_algorithms.js';
import { AUTO_TABLE } from './_auto-table.js';
import type { HashBackend, HashBackendName } from './_backend.js';

export interface AutoRule {
  /** Applies to messages of at most this many bytes. */
  readonly upTo: number;
  /** Fastest first. */
  readonly rank: readonly HashBackendName[];
}

export interface AutoTable {
  /** Which bench run produced the table. */
  readonly source: string;
  /** One message at a time (digest, streaming). */
  readonly digest: Readonly<Record<HashAlgorithm, readonly AutoRule[]>>;
  /** Many messages, by their mean length (digestMany). */
  readonly batch: Readonly<Record<HashAlgorithm, readonly AutoRule[]>>;
}

export type BackendLookup = (name: HashBackendName) => HashBackend | undefined;

/** Precomputed choice per rule, so a call is a short scan over sizes. */
interface Choice {
  readonly upTo: number;
  readonly backend: HashBackend;
}

function resolve(rules: readonly AutoRule[], lookup: BackendLookup, fallback: HashBackend): Choice[] {
  return rules.map((r) => {
    for (const name of r.rank) {
      const b = lookup(name);
      if (b !== undefined) return { upTo: r.upTo, backend: b };
    }
    return { upTo: r.upTo, backend: fallback };
  });
}

export class AutoChooser {
  readonly #digest: Map<HashAlgorithm, Choice[]>;
  readonly #batch: Map<HashAlgorithm, Choice[]>;

  constructor(table: AutoTable, lookup: BackendLookup, fallback: HashBackend) {
    const build = (
      rules: Readonly<Record<HashAlgorithm, readonly AutoRule[]>>,
    ): Map<HashAlgorithm, Choice[]> =>
      new Map(
        (Object.keys(rules) as HashAlgorithm[]).map((alg) => [alg, resolve(rules[alg], lookup, fallback)]),
      );
    this.#digest = build(table.digest);
    this.#batch = build(table.batch);
  }

  static fromTable(lookup: BackendLookup, fallback: HashBackend): AutoChooser {
    return new AutoChooser(AUTO_TABLE, lookup, fallback);
  }

  #pick(choices: Choice[], bytes: number): HashBackend {
    for (const c of choices) if (bytes <= c.upTo) return c.backend;
    return choices[choices.length - 1]!.backend;
  }

  forDigest(alg: HashAlgorithm, bytes: number): HashBackend {
    return this.#pick(this.#digest.get(alg)!, bytes);
  }

  forBatch(alg: HashAlgorithm, meanBytes: number): HashBackend {
    return this.#pick(this.#batch.get(alg)!, meanBytes);
  }

  /** Streaming: the total is unknown, so the choice for large inputs. */
  forStream(alg: HashAlgorithm): HashBackend {
    return this.#pick(this.#digest.get(alg)!, Number.POSITIVE_INFINITY);
  }
}
