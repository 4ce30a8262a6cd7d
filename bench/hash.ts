/**
 * `pnpm bench hash`: SHA-256 at 64 B, 100 B, 500 B, 20 KB and 1 MB, and
 * SHA-1/224/384/512 at the same sizes, across our WASM kernel (one-shot and
 * batch), node:crypto (createHash and crypto.hash), @noble/hashes, hash-wasm
 * and @chainsafe/as-sha256 (its batch calls too), plus the core API on each
 * backend and on `auto`.
 *
 * Every task hashes the same `count` messages per call, so all rates are
 * messages per second (and MB/s) of the same work. For each algorithm and
 * size the tasks run in one process, warmed up, and interleaved: ROUNDS
 * rounds, each running every task once (in a fresh random order). A task's rate
 * is its median over rounds; a ratio between two tasks is the median of
 * their per-round ratios, which cancels most of the drift of a shared,
 * noisy machine. Time is process CPU time (see cpuNow).
 *
 * Writes bench/results/hash.{json,md} and regenerates the `auto` table in
 * packages/core/src/hash/_auto-table.ts from these numbers.
 * DINHDANH_BENCH_FULL=1: longer rounds (≈ 4× the time) for a quiet machine.
 */

import { createHash, hash as cryptoHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asSha256 from '@chainsafe/as-sha256';
import { digest as coreDigest, digestMany as coreDigestMany } from '@dinhdanh/core/hash';
import { digest as wasmDigest, digestBatch as wasmDigestBatch } from '@dinhdanh/wasm/hash';
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import {
  sha224 as nobleSha224,
  sha256 as nobleSha256,
  sha384 as nobleSha384,
  sha512 as nobleSha512,
} from '@noble/hashes/sha2.js';
import { createSHA1, createSHA224, createSHA256, createSHA384, createSHA512, type IHasher } from 'hash-wasm';
import { Bench } from 'tinybench';
import { coreTask, type HashBenchResults, type HashBenchRow, writeAutoTable } from './_hash-auto-table.js';

type Alg = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
const ALGS: readonly Alg[] = ['sha256', 'sha1', 'sha224', 'sha384', 'sha512'];
const SIZES = [64, 100, 500, 20_000, 1_048_576] as const;
/** Messages per task call: enough that one call lasts far longer than the timer's resolution. */
const COUNT: Readonly<Record<number, number>> = { 64: 256, 100: 256, 500: 256, 20000: 16, 1048576: 4 };
/** Peers run for SHA-256 at every size and for the other algorithms at 20 KB (the DG2 size). */
const PEER_SIZE_OTHER_ALGS = 20_000;
const FULL = process.env.DINHDANH_BENCH_FULL === '1';
const ROUNDS = FULL ? 61 : 21;
const TASK_MS = FULL ? 10 : 4;

const here = dirname(fileURLToPath(import.meta.url));
const NOBLE = {
  sha1: nobleSha1,
  sha224: nobleSha224,
  sha256: nobleSha256,
  sha384: nobleSha384,
  sha512: nobleSha512,
};
const HASH_WASM: Record<Alg, IHasher> = {
  sha1: await createSHA1(),
  sha224: await createSHA224(),
  sha256: await createSHA256(),
  sha384: await createSHA384(),
  sha512: await createSHA512(),
};

let sink = 0;
const keep = (d: Uint8Array): void => {
  sink ^= d[0]!;
};

function tasksFor(alg: Alg, size: number, messages: Uint8Array[]): Record<string, () => void> {
  const flat = new Uint8Array(size * messages.length);
  for (const [i, m] of messages.entries()) flat.set(m, i * size);
  const offsets = Uint32Array.from(messages, (_, i) => i * size);
  const lengths = new Uint32Array(messages.length).fill(size);
  const t: Record<string, () => void> = {};
  const peers = alg === 'sha256' || size === PEER_SIZE_OTHER_ALGS;
  if (peers) {
    t['dinhdanh wasm one-shot'] = () => {
      for (const m of messages) keep(wasmDigest(alg, m));
    };
    t['dinhdanh wasm batch (flat, one crossing)'] = () => keep(wasmDigestBatch(alg, flat, offsets, lengths));
    t['node:crypto createHash'] = () => {
      for (const m of messages) keep(createHash(alg).update(m).digest());
    };
    t['node:crypto crypto.hash'] = () => {
      for (const m of messages) keep(cryptoHash(alg, m, 'buffer') as unknown as Uint8Array);
    };
    t['@noble/hashes'] = () => {
      for (const m of messages) keep(NOBLE[alg](m));
    };
    const hw = HASH_WASM[alg];
    t['hash-wasm'] = () => {
      for (const m of messages) {
        hw.init();
        hw.update(m);
        keep(hw.digest('binary'));
      }
    };
  }
  if (alg === 'sha256') {
    t['@chainsafe/as-sha256 digest'] = () => {
      for (const m of messages) keep(asSha256.digest(m));
    };
    if (size === 64) {
      // Its batch calls take 64-byte messages only.
      const out = new Uint8Array(32 * messages.length);
      t['@chainsafe/as-sha256 hashInto (batch)'] = () => {
        asSha256.hashInto(flat, out);
        keep(out);
      };
      t['@chainsafe/as-sha256 batchHash4UintArray64s'] = () => {
        for (let i = 0; i < messages.length; i += 4)
          keep(asSha256.batchHash4UintArray64s(messages.slice(i, i + 4))[0]!);
      };
    }
  }
  for (const backend of ['wasm', 'node', 'noble'] as const) {
    t[coreTask('digest', backend)] = () => {
      for (const m of messages) keep(coreDigest(alg, m, { backend }));
    };
    t[coreTask('digestMany', backend)] = () => keep(coreDigestMany(alg, messages, { backend })[0]!);
  }
  t[coreTask('digest', 'auto')] = () => {
    for (const m of messages) keep(coreDigest(alg, m));
  };
  t[coreTask('digestMany', 'auto')] = () => keep(coreDigestMany(alg, messages)[0]!);
  return t;
}

/**
 * The clock: this process's CPU time in ms (µs resolution on Linux). On a
 * shared machine the scheduler takes the CPU away for whole time slices;
 * CPU time does not count those gaps, wall time does.
 */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

interface Row extends HashBenchRow {
  /** Messages/s in each round, in round order. */
  readonly rounds: readonly number[];
}

/** Deterministic PRNG (mulberry32), so runs shuffle alike. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(0x5a17);

function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function measure(alg: Alg, size: number): Promise<Row[]> {
  const count = COUNT[size]!;
  const messages = Array.from({ length: count }, () => new Uint8Array(randomBytes(size)));
  const tasks = tasksFor(alg, size, messages);
  const names = Object.keys(tasks);
  const perRound: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // Round −1 warms every task up (JIT tiers, wasm memory growth) and is not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    // A fresh random order each round: a task's neighbours change, so no
    // task keeps paying for the garbage another leaves behind.
    const order = shuffled(names, random);
    const bench =
      round < 0
        ? new Bench({ now: cpuNow, time: 25, warmupTime: 25, iterations: 1 })
        : new Bench({ now: cpuNow, time: TASK_MS, warmup: false, iterations: 1 });
    for (const n of order) bench.add(n, tasks[n]!);
    await bench.run();
    if (round < 0) continue;
    for (const task of bench.tasks) {
      const r = task.result as { period?: number };
      if (r.period === undefined || !(r.period > 0))
        throw new Error(`${alg} ${size} ${task.name}: no result`);
      perRound[task.name]!.push((1000 / r.period) * count);
    }
  }
  return names.map((task) => {
    const rounds = perRound[task]!;
    const messagesPerSec = median(rounds);
    return { alg, size, task, messagesPerSec, mbPerSec: (messagesPerSec * size) / 1e6, rounds };
  });
}

const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sizeLabel = (n: number): string =>
  n >= 1 << 20 ? `${n / (1 << 20)} MB` : n >= 1000 ? `${n / 1000} KB` : `${n} B`;

const loadavgBefore = loadavg();
const started = Date.now();
const rows: Row[] = [];
for (const alg of ALGS) {
  for (const size of SIZES) {
    rows.push(...(await measure(alg, size)));
    process.stderr.write(`.`);
  }
}
process.stderr.write('\n');

const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  node: process.versions.node,
  os: `${platform()} ${release()}`,
  date: new Date().toISOString(),
  loadavgBefore,
  loadavgAfter: loadavg(),
  seconds: Math.round((Date.now() - started) / 1000),
  settings: { rounds: ROUNDS, taskMs: TASK_MS, full: FULL, count: COUNT },
};

const row = (alg: Alg, size: number, task: string): Row | undefined =>
  rows.find((r) => r.alg === alg && r.size === size && r.task === task);
const speed = (alg: Alg, size: number, task: string): number =>
  row(alg, size, task)?.messagesPerSec ?? Number.NaN;
/** Median over rounds of ours / best of theirs in the same round. */
function roundRatio(alg: Alg, size: number, ours: string, theirs: readonly string[]): number {
  const a = row(alg, size, ours);
  const bs = theirs.map((t) => row(alg, size, t)).filter((r): r is Row => r !== undefined);
  if (a === undefined || bs.length === 0) return Number.NaN;
  return median(a.rounds.map((x, i) => x / Math.max(...bs.map((b) => b.rounds[i]!))));
}

interface Target {
  readonly what: string;
  readonly ratio: number;
  readonly goal: number;
}
const targets: Target[] = [];
const ratio = (what: string, value: number, goal: number): void => {
  targets.push({ what, ratio: value, goal });
};
for (const size of [20_000, 1_048_576]) {
  ratio(
    `WASM SHA-256 one-shot vs hash-wasm, ${sizeLabel(size)}`,
    roundRatio('sha256', size, 'dinhdanh wasm one-shot', ['hash-wasm']),
    1.0,
  );
}
for (const alg of ['sha384', 'sha512'] as const) {
  ratio(
    `WASM ${alg.toUpperCase()} one-shot vs hash-wasm, 20 KB`,
    roundRatio(alg, 20_000, 'dinhdanh wasm one-shot', ['hash-wasm']),
    1.0,
  );
}
for (const size of [64, 100]) {
  const batch = 'dinhdanh wasm batch (flat, one crossing)';
  ratio(
    `WASM batch SHA-256 vs crypto.hash, ${size} B`,
    roundRatio('sha256', size, batch, ['node:crypto crypto.hash']),
    1.5,
  );
  const asTasks =
    size === 64
      ? ['@chainsafe/as-sha256 hashInto (batch)', '@chainsafe/as-sha256 batchHash4UintArray64s']
      : ['@chainsafe/as-sha256 digest'];
  const asName = size === 64 ? 'best batch call' : 'digest (it has no batch call for 100 B)';
  ratio(
    `WASM batch SHA-256 vs @chainsafe/as-sha256 ${asName}, ${size} B`,
    roundRatio('sha256', size, batch, asTasks),
    1.3,
  );
}
// `auto` against the backend with the best median rate for that algorithm,
// size and call (not the best of three in each round, which noise inflates).
for (const alg of ALGS) {
  for (const size of SIZES) {
    for (const op of ['digest', 'digestMany'] as const) {
      const backends = (['wasm', 'node', 'noble'] as const).map((b) => coreTask(op, b));
      const best = backends.reduce((a, b) => (speed(alg, size, b) > speed(alg, size, a) ? b : a));
      ratio(
        `auto vs best backend (${best.slice(best.indexOf('(') + 1, -1)}), ${alg} ${op}, ${sizeLabel(size)}`,
        roundRatio(alg, size, coreTask(op, 'auto'), [best]),
        0.9,
      );
    }
  }
}

// Markdown: one table per algorithm and size.
const md: string[] = [
  '# Hash benchmark',
  '',
  `\`npx -y pnpm@12.4.2 bench hash\` — ${machine.date}, ${machine.cpu}, Node ${machine.node}, ${machine.os};`,
  `load average ${loadavgBefore.map((x) => x.toFixed(2)).join(' / ')} before, ${machine.loadavgAfter.map((x) => x.toFixed(2)).join(' / ')} after;`,
  `${ROUNDS} interleaved rounds of ${TASK_MS} ms CPU time per task (process.cpuUsage, so time slices lost to other processes do not count);`,
  'rates are medians over rounds, in messages/s; target ratios are medians of per-round ratios.',
  'The ratio column is against node:crypto `crypto.hash` (core rows: against the fastest core backend).',
  '',
  '## Targets',
  '',
  '| target | ratio | goal | met |',
  '|---|---:|---:|:-:|',
  ...targets
    .filter((t) => !t.what.startsWith('auto'))
    .map(
      (t) =>
        `| ${t.what} | ${t.ratio.toFixed(2)}× | ≥ ${t.goal.toFixed(1)}× | ${t.ratio >= t.goal ? '✓' : '✗'} |`,
    ),
];
const autoTargets = targets.filter((t) => t.what.startsWith('auto'));
const worstAuto = autoTargets.reduce((a, b) => (b.ratio < a.ratio ? b : a));
md.push(
  `| auto vs best core backend, worst of ${autoTargets.length} (${worstAuto.what.replace('auto vs ', '')}) | ${worstAuto.ratio.toFixed(2)}× | ≥ 0.9× | ${worstAuto.ratio >= 0.9 ? '✓' : '✗'} |`,
  '',
  '## `auto` against the best single backend (median of per-round ratios)',
  '',
  `| algorithm | ${SIZES.map(sizeLabel).join(' | ')} |`,
  `|---|${SIZES.map(() => '---:').join('|')}|`,
);
for (const alg of ALGS) {
  for (const op of ['digest', 'digestMany'] as const) {
    const cells = SIZES.map((size) => {
      const t = autoTargets.find((x) => x.what.endsWith(`, ${alg} ${op}, ${sizeLabel(size)}`))!;
      const best = /\(([a-z]+)\)/.exec(t.what)![1]!;
      return `${t.ratio.toFixed(2)}× (${best})`;
    });
    md.push(`| ${alg} ${op} | ${cells.join(' | ')} |`);
  }
}
md.push('');
for (const alg of ALGS) {
  for (const size of SIZES) {
    const group = rows.filter((r) => r.alg === alg && r.size === size);
    const ref = speed(alg, size, 'node:crypto crypto.hash');
    const bestCore = (op: string): number =>
      Math.max(
        ...group
          .filter((r) => r.task.startsWith(`core ${op} (`) && !r.task.includes('auto'))
          .map((r) => r.messagesPerSec),
      );
    md.push(`## ${alg.toUpperCase()}, ${sizeLabel(size)} × ${COUNT[size]} messages`, '');
    md.push('| task | messages/s | MB/s | ratio |', '|---|---:|---:|---:|');
    for (const r of group) {
      const core = /^core (digest|digestMany) /.exec(r.task);
      const base = core ? bestCore(core[1]!) : ref;
      const against = Number.isNaN(base) ? '' : `${(r.messagesPerSec / base).toFixed(2)}×`;
      md.push(
        `| ${r.task} | ${fmt(r.messagesPerSec)} | ${fmt((r.messagesPerSec * size) / 1e6, 1)} | ${against} |`,
      );
    }
    md.push('');
  }
}

const results: HashBenchResults & { targets: Target[] } = { machine, rows, targets };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'hash.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results', 'hash.md'), `${md.join('\n')}\n`);
const tablePath = writeAutoTable(results);
console.log(md.join('\n'));
console.log(`\nwrote bench/results/hash.json, bench/results/hash.md and ${tablePath} (sink ${sink & 1})`);
