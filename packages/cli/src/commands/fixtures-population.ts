/**
 * `dinhdanh fixtures population --count N --seed S --out a.csv
 * [--registry tax|social-insurance|birth|telecom --overlap 0.8 --out-b b.csv]
 * [--extra 0.1] [--duplicates 0.1]`: a synthetic Vietnamese population with
 * a truth column, and optionally a second registry's corrupted copy.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { DinhdanhError } from '@dinhdanh/core/errors';
import { csvLine, POPULATION_COLUMNS, population, REGISTRIES } from '@dinhdanh/core/linkage';
import type { Command } from './index.js';

const usage =
  'dinhdanh fixtures population --count N [--seed S] --out a.csv [--duplicates 0.1]\n' +
  `    [--registry ${Object.keys(REGISTRIES).join('|')} [--overlap 0.8] [--extra 0.1] --out-b b.csv]`;

function share(name: string, raw: string | undefined, fallback: number): number {
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new DinhdanhError('DD_LINK_SETTINGS', `--${name} must be a number from 0 to 1`, {
      details: { errors: [{ path: `--${name}`, message: 'not in [0, 1]' }] },
    });
  }
  return v;
}

const write = (s: WriteStream, line: string): Promise<void> | undefined =>
  s.write(line) ? undefined : new Promise((resolve) => s.once('drain', resolve));

export const fixturesPopulation: Command = {
  path: ['fixtures', 'population'],
  summary: 'generate a synthetic Vietnamese population (and a corrupted registry copy)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        registry: { type: 'string' },
        overlap: { type: 'string' },
        extra: { type: 'string' },
        duplicates: { type: 'string' },
        'out-b': { type: 'string' },
      },
    });
    const count = Number(values.count);
    const seed = Number(values.seed ?? '1');
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || values.out === undefined) {
      console.error(`usage: ${usage}`);
      return 2;
    }
    if ((values.registry === undefined) !== (values['out-b'] === undefined)) {
      console.error(`--registry and --out-b go together\nusage: ${usage}`);
      return 2;
    }
    if (values.registry !== undefined && REGISTRIES[values.registry] === undefined) {
      console.error(`unknown registry '${values.registry}'\nusage: ${usage}`);
      return 2;
    }
    const a = createWriteStream(values.out);
    const b = values['out-b'] === undefined ? undefined : createWriteStream(values['out-b']);
    a.write(csvLine(POPULATION_COLUMNS));
    b?.write(csvLine(POPULATION_COLUMNS));
    const counts = { a: 0, b: 0 };
    for (const { table, record } of population({
      count,
      seed,
      registry: values.registry,
      overlap: share('overlap', values.overlap, 0.8),
      extra: share('extra', values.extra, 0),
      duplicates: share('duplicates', values.duplicates, 0),
    })) {
      counts[table]++;
      const wait = write(table === 'a' ? a : b!, csvLine(POPULATION_COLUMNS.map((c) => record[c])));
      if (wait) await wait;
    }
    await Promise.all([a, b].filter((s) => s !== undefined).map((s) => new Promise((r) => s.end(r))));
    console.error(
      `wrote ${counts.a} records to ${values.out}${b ? `, ${counts.b} to ${values['out-b']}` : ''}`,
    );
    return 0;
  },
};
