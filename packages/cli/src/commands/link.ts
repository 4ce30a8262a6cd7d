/**
 * `dinhdanh link <left.csv> <right.csv> --settings s.json --out pairs.csv`:
 * links two registries; writes left_id,right_id,match_probability,match_weight
 * for pairs at or above the threshold (one-to-one when the settings ask).
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { csvLine, oneToOne, probability, runLinkage } from '@dinhdanh/core/linkage';
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
  'dinhdanh link <left.csv> <right.csv> (--settings s.json | --preset vn-person) --out pairs.csv\n' +
  '              [--explain report.json] [--threshold p] [--workers n] [--quiet]';

export const link: Command = {
  path: ['link'],
  summary: 'link two CSV registries (probabilistic record linkage)',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: linkageOptions,
      allowPositionals: true,
    });
    if (
      positionals.length !== 2 ||
      values.out === undefined ||
      (values.settings ?? values.preset) === undefined
    ) {
      console.error(`usage: ${usage}`);
      return 2;
    }
    const settings = readSettings(values.settings, values.preset, 'link_only', values.threshold);
    const left = readTable(positionals[0]!);
    const right = readTable(positionals[1]!);
    const report = progressReporter(values.quiet === true);
    const scorer = makeScorer(workerCount(values.workers));
    try {
      const result = await runLinkage({
        settings,
        left,
        right,
        scorer,
        onStage: report.stage,
        onProgress: report.progress,
      });
      let keep = selected(result);
      if (settings.oneToOne) keep = oneToOne(result.pairs, result.weights, keep);
      const out = createWriteStream(values.out);
      out.write(csvLine(['left_id', 'right_id', 'match_probability', 'match_weight']));
      for (const k of keep) {
        const w = result.weights[k]!;
        out.write(
          csvLine([
            result.leftIds[result.pairs[2 * k]!]!,
            result.rightIds[result.pairs[2 * k + 1]!]!,
            probability(w).toFixed(6),
            w.toFixed(4),
          ]),
        );
      }
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      if (values.explain !== undefined) writeExplain(values.explain, result, keep);
      report.stage(`wrote ${keep.length} linked pairs`);
      return 0;
    } finally {
      await scorer?.close();
    }
  },
};
