/**
 * `pnpm bench http`: load on loopback (127.0.0.1 only) with autocannon.
 * Targets run in a child process each, so the load generator and the server
 * do not share an event loop; the 2-core machine gives each one core.
 *
 * Scenarios, interleaved over rounds (median reported):
 *  - hello: bare Fastify, one JSON route — the ceiling;
 *  - the service's signed routes (see _http-scenarios.ts).
 * Each run is bounded in time and request count. BENCH_FULL=1 runs longer.
 * BENCH_HTTP_ONLY=batch,batch-json runs only those scenarios (and the hello
 * ceiling), e.g. to compare the batch route with its library peer quickly.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BulkVerifier } from '@dinhdanh/core/bulk';
import { TrustStore } from '@dinhdanh/core/chip';
import autocannon from 'autocannon';
import { type BenchKey, benchCard, type Scenario, scenarios } from './_http-scenarios.js';
import type { TargetConfig } from './_http-targets.js';

const here = dirname(fileURLToPath(import.meta.url));
const full = process.env.BENCH_FULL === '1';
const ROUNDS = full ? 3 : 2;
const DURATION_S = full ? 15 : 5;
const WARMUP_S = 1;
/**
 * Warm-up of a worker pool, the same for the library peer and the batch route: each thread loads
 * its task module and its JIT warms up, which takes seconds when run from sources. After 3 s the
 * service's pool was still compiling: in the next 5 s V8's helper threads used ~250 µs of CPU per
 * card, against ~25 µs once warm, so 8 s.
 */
const POOL_WARMUP_S = 8;
const MAX_REQUESTS = full ? 1_000_000 : 200_000;
const CONNECTIONS = 16;
const only = process.env.BENCH_HTTP_ONLY?.split(',').filter((x) => x !== '');
const selected = (key: BenchKey): Scenario[] =>
  scenarios(key).filter((s) => only === undefined || s.name === 'hello' || only.includes(s.name));

interface Started {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

async function startChild(config: TargetConfig): Promise<Started> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, join(here, '_http-target.ts'), JSON.stringify(config)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`target exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** utime + stime of a process (all threads), µs; /proc counts clock ticks of 10 ms (Linux). */
function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

interface Sample {
  readonly reqPerSec: number;
  /** CPU of the target process per completed request, µs. */
  readonly serverCpuUs: number;
  /** CPU of the load generator (this process) per completed request, µs. */
  readonly clientCpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly requests: number;
}

async function load(target: Started, s: Scenario, durationS: number): Promise<Sample> {
  const server0 = processCpuUs(target.pid);
  const client0 = process.cpuUsage();
  const r = await autocannon({
    url: target.url,
    connections: s.connections ?? CONNECTIONS,
    duration: durationS,
    amount: undefined,
    maxOverallRequests: MAX_REQUESTS,
    requests: [s.request],
  } as autocannon.Options);
  // Completed requests over the run's wall time: exact for slow routes, where autocannon's
  // per-second average rounds whole seconds without a completion down to zero.
  const client = process.cpuUsage(client0);
  return {
    reqPerSec: r.requests.total / r.duration,
    serverCpuUs: (processCpuUs(target.pid) - server0) / r.requests.total,
    clientCpuUs: (client.user + client.system) / r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    requests: r.requests.total,
  };
}

/**
 * The library peer for the batch route: `verifyMany` on a pool with as many
 * workers as the service's (the machine's available parallelism), the same
 * dev trust store and the same fixture card, in runs of 200 cards.
 */
async function libraryCardsPerSecond(
  verifier: BulkVerifier,
  durationMs: number,
): Promise<{ cardsPerSec: number; cpuUsPerCard: number }> {
  const card = {
    sod: new Uint8Array(benchCard.sod),
    dataGroups: Object.fromEntries(
      Object.entries(benchCard.dataGroups).map(([k, v]) => [Number(k), new Uint8Array(v)]),
    ),
  };
  const start = performance.now();
  const cpu0 = processCpuUs(process.pid);
  let n = 0;
  while (performance.now() < start + durationMs) {
    for await (const r of verifier.verifyMany(Array.from({ length: 200 }, () => card))) {
      if (r.verdict !== 'verified') throw new Error('fixture card did not verify');
      n++;
    }
  }
  return {
    cardsPerSec: n / ((performance.now() - start) / 1000),
    cpuUsPerCard: (processCpuUs(process.pid) - cpu0) / n,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const loadBefore = loadavg();
const dataDir = mkdtempSync(join(tmpdir(), 'dinhdanh-bench-'));
const secret = randomBytes(32).toString('base64url');
const targets: Record<Scenario['target'], Started> = {
  hello: await startChild({ kind: 'hello' }),
  service: await startChild({ kind: 'service', dataDir, secret }),
};
const samples = new Map<string, Sample[]>();
const library: number[] = [];
/** CPU of this process (all threads: the pool's workers included) per card of the library peer, µs. */
const libraryCpu: number[] = [];
const trust = new TrustStore();
trust.add(new Uint8Array(readFileSync(join(here, '../fixtures/icao/openssl-cccd/csca.der'))), 'fixture CSCA');
const verifier = new BulkVerifier({ trust });
const poolThreads = verifier.stats.threads;
try {
  await libraryCardsPerSecond(verifier, POOL_WARMUP_S * 1000); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const lib = await libraryCardsPerSecond(verifier, DURATION_S * 1000);
    library.push(lib.cardsPerSec);
    libraryCpu.push(lib.cpuUsPerCard);
    console.error(`round ${round + 1} library verifyMany: ${library.at(-1)!.toFixed(0)} cards/s`);
    for (const s of selected({ keyId: 'bench', secret })) {
      const target = targets[s.target];
      if (round === 0) await load(target, s, s.unit === 'cards' ? POOL_WARMUP_S : WARMUP_S);
      const sample = await load(target, s, DURATION_S);
      samples.set(s.name, [...(samples.get(s.name) ?? []), sample]);
      console.error(
        `round ${round + 1} ${s.name}: ${sample.reqPerSec.toFixed(0)} req/s, p99 ${sample.p99} ms`,
      );
    }
  }
} finally {
  await verifier.close();
  await Promise.all(Object.values(targets).map((t) => t.stop()));
  rmSync(dataDir, { recursive: true, force: true });
}

const list = selected({ keyId: 'bench', secret });
const ceiling = median(samples.get('hello')!.map((x) => x.reqPerSec));
const rows = list.map((s) => {
  const xs = samples.get(s.name)!;
  const rps = median(xs.map((x) => x.reqPerSec));
  return {
    name: s.name,
    description: s.description,
    reqPerSec: Math.round(rps),
    unitsPerSec: Math.round(rps * (s.unitsPerRequest ?? 1)),
    unit: s.unit ?? 'req',
    p50Ms: median(xs.map((x) => x.p50)),
    p99Ms: median(xs.map((x) => x.p99)),
    serverCpuUsPerReq: Math.round(median(xs.map((x) => x.serverCpuUs))),
    clientCpuUsPerReq: Math.round(median(xs.map((x) => x.clientCpuUs))),
    ofCeiling: rps / ceiling,
    non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
    errors: xs.reduce((a, x) => a + x.errors, 0),
    requests: xs.reduce((a, x) => a + x.requests, 0),
  };
});

const libraryCards = median(library);
const libraryCpuPerCard = median(libraryCpu);
const batchRow = rows.find((r) => r.name === 'batch');
const batchVsLibrary = batchRow === undefined ? undefined : batchRow.unitsPerSec / libraryCards;
/** Every scenario that counts cards (the batch route in msgpack and in JSON) against the library peer. */
const cardRows = rows.filter((r) => r.unit === 'cards');
const cardsVsLibrary = Object.fromEntries(cardRows.map((r) => [r.name, r.unitsPerSec / libraryCards]));
/**
 * The same comparison in CPU per card, which load from other processes distorts less than
 * throughput: the library's CPU per card over the route's (server and load generator together).
 * On an otherwise idle machine both saturate the same cores, so the two ratios agree.
 */
const cpuPerCard = (r: (typeof rows)[number]): number =>
  (r.serverCpuUsPerReq + r.clientCpuUsPerReq) / (r.unitsPerSec / r.reqPerSec);
const cpuVsLibrary = Object.fromEntries(cardRows.map((r) => [r.name, libraryCpuPerCard / cpuPerCard(r)]));

const result = {
  benchmark: 'http',
  command: 'npx -y pnpm@12.4.2 bench http',
  date: new Date().toISOString(),
  node: process.version,
  full,
  rounds: ROUNDS,
  durationSeconds: DURATION_S,
  poolWarmupSeconds: POOL_WARMUP_S,
  connections: CONNECTIONS,
  loadavgBefore: loadBefore,
  loadavgAfter: loadavg(),
  rows,
  library: {
    description: 'verifyMany on the fixture card, pool of availableParallelism() workers',
    cardsPerSec: Math.round(libraryCards),
    cpuUsPerCard: Math.round(libraryCpuPerCard),
  },
  batchVsLibrary,
  cardsVsLibrary,
  cpuVsLibrary,
};
const md = [
  `| scenario | req/s | units/s | p50 ms | p99 ms | of hello ceiling | non-2xx | server CPU µs/req | load generator CPU µs/req |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.reqPerSec} | ${r.unitsPerSec} ${r.unit} | ${r.p50Ms} | ${r.p99Ms} | ${(100 * r.ofCeiling).toFixed(1)}% | ${r.non2xx} | ${r.serverCpuUsPerReq} | ${r.clientCpuUsPerReq} |`,
  ),
  '',
  `Library peer: verifyMany on a pool of ${poolThreads} workers ${Math.round(libraryCards)} cards/s; ${cardRows.map((r) => `${r.name} ${r.unitsPerSec} cards/s = ${(100 * cardsVsLibrary[r.name]!).toFixed(1)}%`).join('; ')} of it.`,
  `CPU per card: library ${Math.round(libraryCpuPerCard)} µs; ${cardRows.map((r) => `${r.name} ${Math.round(cpuPerCard(r))} µs (server + load generator) = ${(100 * cpuVsLibrary[r.name]!).toFixed(1)}% of the library's efficiency`).join('; ')}.`,
  '',
  `Node ${process.version}, ${ROUNDS} rounds × ${DURATION_S} s, ${CONNECTIONS} connections, loopback; both worker pools (library peer, batch route) warmed for ${POOL_WARMUP_S} s first; loadavg before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${result.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}.`,
].join('\n');
console.log(md);
writeFileSync(join(here, 'results/http.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(here, 'results/http.md'), `${md}\n`);
