/**
 * `pnpm bench cardgen`: how fast the synthetic card generator builds the bulk
 * verification workload — brainpoolP384r1 DSCs signing 1,000 cards each,
 * SHA-256 DG hashes, an 18,000-byte DG2, msgpack-encoded — in four modes:
 *
 *   reproducible  noble ECDSA (RFC 6979), 1 thread       (the default)
 *   fast          node:crypto ECDSA (random k), 1 thread
 *   fast ×2       node:crypto ECDSA, 2 worker threads
 *   fast ×2 P-256 as fast ×2 with a P-256 instead of a brainpoolP256r1 AA key
 *
 * Modes run interleaved in ROUNDS rounds of the same card range; a mode's rate
 * is its median over rounds, a ratio the median of per-round ratios (of the
 * whole run, thread start-up included). Times are wall-clock (threads work in
 * parallel). "Sustained" is the rate after the first batch arrived; the
 * projection to 20,000 cards is first-batch time + the rest at that rate.
 * DINHDANH_BENCH_FULL=1 uses longer rounds and also times real 20,000-card runs.
 * Writes bench/results/cardgen.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEncodedCards, type CardFactoryOptions } from '@dinhdanh/core/cardgen';

const FULL = process.env.DINHDANH_BENCH_FULL === '1';
const CARDS = FULL ? 4000 : 1500;
const ROUNDS = 3;
const here = dirname(fileURLToPath(import.meta.url));

interface Mode {
  readonly name: string;
  readonly options: Omit<CardFactoryOptions, 'seed'>;
  readonly workers: number;
}

const base = { alg: 'brainpoolP384r1', cardsPerDsc: 1000, dg2Size: 18_000, dgHash: 'sha256' } as const;
const MODES: readonly Mode[] = [
  { name: 'reproducible', options: { ...base }, workers: 1 },
  { name: 'fast', options: { ...base, fast: true }, workers: 1 },
  { name: 'fast ×2', options: { ...base, fast: true }, workers: 2 },
  { name: 'fast ×2 P-256 AA', options: { ...base, fast: true, aaKey: 'p256' }, workers: 2 },
];

const BATCH = 200;

/**
 * Builds `count` cards; returns total seconds, seconds to the first batch
 * (thread start-up included), bytes, and the process's CPU milliseconds
 * (all threads) — the one figure a shared machine barely distorts.
 */
interface Run {
  readonly seconds: number;
  readonly firstSeconds: number;
  readonly bytes: number;
  /** Process CPU ms (all threads) until the first batch arrived, and in total. */
  readonly firstCpuMs: number;
  readonly cpuMs: number;
}

async function build(mode: Mode, count: number, seed: string): Promise<Run> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const cpuMs = (): number => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  let first = 0;
  let firstCpuMs = 0;
  let bytes = 0;
  for await (const chunk of buildEncodedCards({
    options: { seed, ...mode.options },
    count,
    format: 'msgpack',
    workers: mode.workers,
    batchSize: BATCH,
  })) {
    if (bytes === 0) {
      first = performance.now() - t0;
      firstCpuMs = cpuMs();
    }
    bytes += chunk.length;
  }
  return {
    seconds: (performance.now() - t0) / 1000,
    firstSeconds: first / 1000,
    bytes,
    firstCpuMs,
    cpuMs: cpuMs(),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const loadBefore = loadavg();
for (const m of MODES) await build(m, 50, 'warm-up');

const rates = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
/** Rate after the first batch arrived: what a long run sustains once threads are up. */
const steady = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
const firstBatch = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
const cpuPerCard = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
const firstCpu = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
const ratios = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
let bytesPerCard = 0;
for (let r = 0; r < ROUNDS; r++) {
  const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]!);
  const roundRate = new Map<string, number>();
  for (const m of order) {
    const run = await build(m, CARDS, `round-${r}`);
    const { seconds: s, firstSeconds: first, bytes } = run;
    cpuPerCard.get(m.name)!.push((run.cpuMs - run.firstCpuMs) / (CARDS - BATCH));
    firstCpu.get(m.name)!.push(run.firstCpuMs);
    bytesPerCard = bytes / CARDS;
    roundRate.set(m.name, CARDS / s);
    rates.get(m.name)!.push(CARDS / s);
    steady.get(m.name)!.push((CARDS - BATCH) / (s - first));
    firstBatch.get(m.name)!.push(first);
  }
  for (const m of MODES) ratios.get(m.name)!.push(roundRate.get(m.name)! / roundRate.get('reproducible')!);
}

const full: { mode: string; cards: number; seconds: number }[] = [];
if (FULL) {
  for (const m of MODES.slice(2)) {
    const run = await build(m, 20_000, 'full');
    full.push({ mode: m.name, cards: 20_000, seconds: Number(run.seconds.toFixed(1)) });
  }
}

const rows = MODES.map((m) => {
  const rate = median(rates.get(m.name)!);
  const sustained = median(steady.get(m.name)!);
  const first = median(firstBatch.get(m.name)!);
  const cpu = median(cpuPerCard.get(m.name)!);
  return {
    mode: m.name,
    workers: m.workers,
    cardsPerSecond: Number(rate.toFixed(1)),
    sustainedCardsPerSecond: Number(sustained.toFixed(1)),
    firstBatchSeconds: Number(first.toFixed(2)),
    vsReproducible: Number(median(ratios.get(m.name)!).toFixed(2)),
    projected20kSeconds: Number((first + (20_000 - BATCH) / sustained).toFixed(1)),
    cpuMsPerCard: Number(cpu.toFixed(2)),
    /** 20,000 cards with every thread on its own idle core: (start-up CPU + per-card CPU) / threads. */
    idle20kSeconds: Number(
      (
        (median(firstCpu.get(m.name)!) + cpu * (20_000 - BATCH)) /
        1000 /
        Math.min(m.workers, availableParallelism())
      ).toFixed(1),
    ),
  };
});
const results = {
  benchmark: 'cardgen',
  workload: `${CARDS} cards per mode per round, ${ROUNDS} rounds; brainpoolP384r1 DSC (1,000 cards each), SHA-256 DG hashes, DG2 18,000 B, msgpack`,
  bytesPerCard: Math.round(bytesPerCard),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, availableParallelism: availableParallelism() },
  node: process.version,
  loadavg: { before: loadBefore, after: loadavg() },
  rows,
  full,
};

const md = [
  `| mode | threads | cards/s (${CARDS}) | sustained cards/s | first ${BATCH} cards | × reproducible | 20,000 cards (projected) | CPU ms/card (sustained) | 20,000 cards, idle cores |`,
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.mode} | ${r.workers} | ${r.cardsPerSecond} | ${r.sustainedCardsPerSecond} | ${r.firstBatchSeconds} s | ${r.vsReproducible} | ${r.projected20kSeconds} s | ${r.cpuMsPerCard} | ${r.idle20kSeconds} s |`,
  ),
  '',
  ...full.map((f) => `Measured: ${f.cards} cards, ${f.mode}: ${f.seconds} s.`),
  `Workload: ${results.workload}; ${results.bytesPerCard} bytes per card.`,
  `Load average before/after: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${results.loadavg.after
    .map((x) => x.toFixed(2))
    .join(' ')} on ${results.machine.cpus} CPUs.`,
].join('\n');
console.log(md);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'cardgen.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results', 'cardgen.md'), `${md}\n`);
