/**
 * `dinhdanh verify-bulk <in.ndjson | in.msgpack | dir> --trust <ml|cert|crl|dir>… --out results.ndjson
 *   [--workers N] [--at DATE] [--unordered] [--json]`
 * Verifies a stream of chip reads on all cores (`@dinhdanh/core/bulk`), writes one NDJSON result per
 * input card (check codes and reasons, never card content), shows progress on stderr and ends with a
 * summary: verified, rejected by reason, errors by code, throughput and peak memory. Exit 0 when every
 * card verified, 1 when any was rejected or could not be verified, 2 on bad arguments.
 */
import { once } from 'node:events';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CardResult, openCards, verifyMany } from '@dinhdanh/core/bulk';
import { firstFailure, TrustStore } from '@dinhdanh/core/chip';
import { parseOrUsage } from './_args.js';
import { Progress } from './_progress.js';
import type { Command } from './index.js';

const USAGE =
  'usage: dinhdanh verify-bulk <in.ndjson|in.msgpack|dir> --trust <ml|cert|crl|dir>… --out results.ndjson [--workers N] [--at DATE] [--unordered] [--json]';
const TRUST_EXT = /\.(ml|der|cer|crt|pem|crl)$/i;

function trustFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => TRUST_EXT.test(f))
    .sort()
    .map((f) => join(path, f));
}

/** One output line: what was decided and why, without personal data. */
function resultLine(r: CardResult): string {
  const rep = r.report;
  return JSON.stringify({
    index: r.index,
    ...(r.id === undefined ? {} : { id: r.id }),
    ...(r.source === undefined ? {} : { source: r.source }),
    verdict: r.verdict,
    ...(rep
      ? {
          failed: rep.checks.filter((c) => c.status === 'fail').map((c) => `${c.check}:${c.reason ?? ''}`),
          warnings: rep.checks.filter((c) => c.status === 'warn').map((c) => `${c.check}:${c.reason ?? ''}`),
          document: rep.document,
        }
      : {}),
    ...(r.error ? { error: r.error } : {}),
  });
}

export interface BulkSummary {
  cards: number;
  verified: number;
  rejected: number;
  errors: number;
  /** Rejected cards by their first failing check (`check:reason`). */
  rejectedBy: Record<string, number>;
  errorsBy: Record<string, number>;
  seconds: number;
  cardsPerSecond: number;
  workers: number;
  peakRssMB: number;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

function printSummary(s: BulkSummary): void {
  console.log(
    `${s.cards} cards: ${s.verified} verified, ${s.rejected} rejected, ${s.errors} errors in ${s.seconds.toFixed(1)} s (${s.cardsPerSecond.toFixed(0)} cards/s, ${s.workers} workers, peak RSS ${s.peakRssMB} MB)`,
  );
  const table = (title: string, m: Record<string, number>) => {
    const rows = Object.entries(m).sort((a, b) => b[1] - a[1]);
    if (rows.length === 0) return;
    console.log(title);
    for (const [k, n] of rows) console.log(`  ${String(n).padStart(8)}  ${k}`);
  };
  table('rejected by reason:', s.rejectedBy);
  table('errors by code:', s.errorsBy);
}

export const verifyBulk: Command = {
  path: ['verify-bulk'],
  summary:
    'verify many chip reads (NDJSON, msgpack or a directory) on all cores, with progress and a summary',
  usage: USAGE,
  async run(argv) {
    const parsed = parseOrUsage(() => parse(argv), USAGE);
    if (parsed === undefined) return 2;
    const { values, positionals } = parsed;
    const trustPaths = values.trust ?? [];
    if (positionals.length !== 1 || trustPaths.length === 0 || values.out === undefined) {
      console.error(USAGE);
      return 2;
    }
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 1024)) {
      console.error(`--workers: an integer from 1 to 1024\n${USAGE}`);
      return 2;
    }
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) {
      console.error(`--at: not a date\n${USAGE}`);
      return 2;
    }
    const trust = new TrustStore();
    for (const p of trustPaths) {
      for (const f of trustFiles(p)) trust.add(new Uint8Array(readFileSync(f)), basename(f));
    }
    let read = 0;
    const source = await openCards(positionals[0]!, {
      onBytes: (n) => {
        read = n;
      },
    });
    const out = createWriteStream(values.out);
    try {
      await once(out, 'open'); // rejects on an 'error' event
    } catch (e) {
      console.error(`--out: cannot write ${values.out} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return 2;
    }
    const s: BulkSummary = {
      cards: 0,
      verified: 0,
      rejected: 0,
      errors: 0,
      rejectedBy: {},
      errorsBy: {},
      seconds: 0,
      cardsPerSecond: 0,
      workers: workers ?? 0,
      peakRssMB: 0,
    };
    const progress = new Progress(() => {
      if (source.format === 'dir') return { done: s.cards, total: source.size, estimated: false };
      const total = read > 0 && s.cards > 0 ? Math.round((s.cards * source.size) / read) : undefined;
      return { done: s.cards, total, estimated: true };
    });
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const t0 = performance.now();
    try {
      for await (const r of verifyMany(source.items, {
        trust,
        at,
        ordered: !values.unordered,
        signal: ac.signal,
        ...(workers === undefined ? {} : { workers }),
      })) {
        s.cards++;
        if (r.verdict === 'verified') s.verified++;
        else if (r.verdict === 'rejected') {
          s.rejected++;
          const f = firstFailure(r.report!);
          bump(s.rejectedBy, f ? `${f.check}:${f.reason ?? ''}` : 'required check not passed');
        } else {
          s.errors++;
          bump(s.errorsBy, r.error!.code);
        }
        if (!out.write(`${resultLine(r)}\n`)) await once(out, 'drain');
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
      progress.stop();
      out.end();
      await once(out, 'close').catch(() => {});
    }
    s.seconds = (performance.now() - t0) / 1000;
    s.cardsPerSecond = s.seconds > 0 ? s.cards / s.seconds : 0;
    // maxRSS covers the whole process, worker threads included (KiB on Linux).
    s.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    s.workers = workers ?? (await import('node:os')).availableParallelism();
    if (values.json) console.log(JSON.stringify(s, null, 2));
    else printSummary(s);
    return s.rejected + s.errors === 0 ? 0 : 1;
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      trust: { type: 'string', multiple: true },
      out: { type: 'string' },
      workers: { type: 'string' },
      at: { type: 'string' },
      unordered: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
}
