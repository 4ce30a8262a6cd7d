/**
 * Shared by `dinhdanh link` and `dinhdanh dedupe`: reads the CSVs and the
 * settings, runs the pipeline with a progress line on stderr, and writes the
 * explanation report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DinhdanhError } from '@dinhdanh/core/errors';
import {
  explainer,
  LinkagePool,
  type LinkageResult,
  type LinkType,
  parseCsv,
  probability,
  resolveSettings,
  type Table,
} from '@dinhdanh/core/linkage';

export const linkageOptions = {
  settings: { type: 'string' },
  preset: { type: 'string' },
  out: { type: 'string' },
  explain: { type: 'string' },
  threshold: { type: 'string' },
  workers: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export function readTable(path: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new DinhdanhError('DD_LINK_CSV_EMPTY', `${path}: cannot read the file`, {
      details: { source: path },
      cause,
    });
  }
  return parseCsv(bytes, path);
}

export function readSettings(
  path: string | undefined,
  preset: string | undefined,
  linkType: LinkType,
  threshold?: string,
) {
  let authored: Record<string, unknown> = {};
  if (path !== undefined) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new DinhdanhError('DD_LINK_SETTINGS', `${path}: cannot read the settings file`, {
        details: { source: path, errors: [{ path: '$', message: 'unreadable' }] },
        cause,
      });
    }
    try {
      authored = JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      throw new DinhdanhError('DD_LINK_SETTINGS', `${path}: not valid JSON`, {
        details: { source: path, errors: [{ path: '$', message: 'invalid JSON' }] },
        cause,
      });
    }
  }
  const merged: Record<string, unknown> = { ...authored, link_type: linkType };
  if (preset !== undefined) merged.preset = preset;
  if (threshold !== undefined) merged.threshold = Number(threshold);
  return resolveSettings(merged, path ?? `preset ${preset ?? 'generic'}`);
}

export function progressReporter(quiet: boolean) {
  const started = Date.now();
  let last = 0;
  const tty = process.stderr.isTTY === true;
  return {
    stage(name: string, info?: Record<string, unknown>) {
      const implausible = info?.implausible as string[] | undefined;
      if (implausible !== undefined && implausible.length > 0) {
        process.stderr.write(
          `warning: in the fitted model, matches agree exactly on ${implausible.join(', ')} less often than they ` +
            'disagree entirely; EM may have fitted something other than matches (few or no true matches among the ' +
            'blocked pairs?). Check --explain, or set probability_two_random_records_match / provide labels.\n',
        );
      }
      if (quiet) return;
      const extra =
        info?.pairs !== undefined
          ? ` ${Number(info.pairs).toLocaleString('en')} pairs`
          : info?.lambda !== undefined
            ? ` λ=${Number(info.lambda).toExponential(3)} after ${String(info.iterations)} EM iterations`
            : '';
      process.stderr.write(
        `${tty ? '\r\x1b[K' : ''}[${((Date.now() - started) / 1000).toFixed(1)}s] ${name}${extra}\n`,
      );
      const counts = info?.counts as { rule: string; candidates: number; added: number }[] | undefined;
      for (const c of counts ?? []) {
        process.stderr.write(
          `    ${c.rule}: ${c.candidates.toLocaleString('en')} candidates, ${c.added.toLocaleString('en')} new\n`,
        );
      }
    },
    progress(done: number, total: number) {
      if (quiet) return;
      const now = Date.now();
      if (now - last < 250 && done < total) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} pairs, ${Math.round(rate).toLocaleString('en')} pairs/s`;
      process.stderr.write(
        tty ? `\r\x1b[K${line}${done >= total ? '\n' : ''}` : done >= total ? `${line}\n` : '',
      );
    },
  };
}

export function workerCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 256) {
    throw new DinhdanhError(
      'DD_LINK_SETTINGS',
      '--workers must be an integer from 0 (calling thread) to 256',
      {
        details: { errors: [{ path: '--workers', message: 'not an integer in [0, 256]' }] },
      },
    );
  }
  return n;
}

/** A pool unless --workers 0 asks for the calling thread. */
export function makeScorer(workers: number | undefined): LinkagePool | undefined {
  return workers === 0 ? undefined : new LinkagePool(workers === undefined ? {} : { threads: workers });
}

/** Pairs at or above the threshold, in pair order. */
export function selected(result: LinkageResult): number[] {
  const minWeight = Math.log2(result.settings.threshold / (1 - result.settings.threshold));
  const out: number[] = [];
  for (let k = 0; k < result.weights.length; k++) if (result.weights[k]! >= minWeight) out.push(k);
  return out;
}

/** Writes the reconciliation report: model, blocking, per-pair waterfalls and a tally of differences. */
export function writeExplain(path: string, result: LinkageResult, pairs: readonly number[]): void {
  const tally = new Map<string, number>();
  const explain = explainer(result);
  const explained = pairs.map((k) => {
    const e = explain(k);
    for (const d of e.differences) tally.set(d, (tally.get(d) ?? 0) + 1);
    return {
      left_id: result.leftIds[result.pairs[2 * k]!],
      right_id: result.rightIds[result.pairs[2 * k + 1]!],
      match_probability: probability(result.weights[k]!),
      ...e,
    };
  });
  const model = result.settings.comparisons.map((c, i) => ({
    comparison: c.name,
    levels: c.levels.slice(1).map((l, j) => ({
      label: l.label,
      m: result.model.m[i]![j + 1],
      u: result.model.u[i]![j + 1],
      weight: Math.log2(result.model.m[i]![j + 1]! / result.model.u[i]![j + 1]!),
    })),
  }));
  const report = {
    blocking: result.blocking,
    model: {
      lambda: result.model.lambda,
      em_iterations: result.model.iterations,
      em_converged: result.model.converged,
      implausible_comparisons: result.model.implausible,
      comparisons: model,
    },
    differences: Object.fromEntries([...tally].sort((a, b) => b[1] - a[1])),
    pairs: explained,
  };
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
