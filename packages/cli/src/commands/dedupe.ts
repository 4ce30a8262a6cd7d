/**
 * `dinhdanh dedupe <in.csv> --settings s.json --out clusters.csv`: finds
 * duplicate records; writes id,cluster_id (connected components of pairs at
 * or above the threshold; cluster_id = the first record's id), and with
 * --pairs the scored pairs.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectedComponents, csvLine, probability, runLinkage } from '@dinhdanh/core/linkage';
import {
  linkageOptions,
  makeScorer,
  progressReporter,
  readSettings,
  readTable,
  selected,
  workerCount,
  writeExplain,
} from './_linkage-run.js';
import type { Command } from './index.js';

const usage =
  'dinhdanh dedupe <in.csv> (--settings s.json | --preset vn-person) --out clusters.csv\n' +
  '                [--pairs pairs.csv] [--explain report.json] [--threshold p] [--workers n] [--quiet]';

const finish = (s: WriteStream) =>
  new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));

export const dedupe: Command = {
  path: ['dedupe'],
  summary: 'find duplicate records in one CSV and cluster them',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...linkageOptions, pairs: { type: 'string' } },
      allowPositionals: true,
    });
    if (
      positionals.length !== 1 ||
      values.out === undefined ||
      (values.settings ?? values.preset) === undefined
    ) {
      console.error(`usage: ${usage}`);
      return 2;
    }
    const settings = readSettings(values.settings, values.preset, 'dedupe_only', values.threshold);
    const table = readTable(positionals[0]!);
    const report = progressReporter(values.quiet === true);
    const scorer = makeScorer(workerCount(values.workers));
    try {
      const result = await runLinkage({
        settings,
        left: table,
        scorer,
        onStage: report.stage,
        onProgress: report.progress,
      });
      const keep = selected(result);
      const kept = new Uint8Array(result.weights.length);
      for (const k of keep) kept[k] = 1;
      const cluster = connectedComponents(table.rows.length, result.pairs, (k) => kept[k] === 1);
      const out = createWriteStream(values.out);
      out.write(csvLine(['id', 'cluster_id']));
      for (let i = 0; i < cluster.length; i++)
        out.write(csvLine([result.leftIds[i]!, result.leftIds[cluster[i]!]!]));
      await finish(out);
      if (values.pairs !== undefined) {
        const p = createWriteStream(values.pairs);
        p.write(csvLine(['left_id', 'right_id', 'match_probability', 'match_weight']));
        for (const k of keep) {
          const w = result.weights[k]!;
          p.write(
            csvLine([
              result.leftIds[result.pairs[2 * k]!]!,
              result.leftIds[result.pairs[2 * k + 1]!]!,
              probability(w).toFixed(6),
              w.toFixed(4),
            ]),
          );
        }
        await finish(p);
      }
      if (values.explain !== undefined) writeExplain(values.explain, result, keep);
      const clusters = new Set(cluster).size;
      report.stage(
        `wrote ${table.rows.length} records in ${clusters} clusters (${keep.length} pairs ≥ threshold)`,
      );
      return 0;
    } finally {
      await scorer?.close();
    }
  },
};
