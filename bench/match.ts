/**
 * `pnpm bench match`: record-linkage speed against the targets.
 *
 * 1. String kernels on the same name pairs: our Jaro-Winkler and Levenshtein
 *    (one batch call over columnar buffers) vs talisman's Jaro-Winkler and
 *    fastest-levenshtein (one JS call per pair).
 * 2. Pair scoring, vn-person preset (6 comparisons), on the blocked pairs of a
 *    synthetic dedupe: our kernel on one thread and on the worker pool vs the
 *    same levels written as Splink writes them — one SQL predict query on
 *    DuckDB (@duckdb/node-api) over the same pairs and the same normalised
 *    features — with 1 and 2 DuckDB threads.
 * 3. End to end (CSV → normalise → … → score) on the worker pool, each job in
 *    its own process: wall and CPU seconds, seconds per stage, peak RSS,
 *    load average, and precision / recall / F1 against the truth column.
 *
 * Peers run in the same process, warmed up, interleaved (ROUNDS rounds, each
 * running every task once in rotated order); a rate is the median over
 * rounds, a ratio the median of per-round ratios. Wall-clock time, and for
 * the scoring tasks also the process's CPU time (all threads); the machine's
 * load average is recorded with the results.
 *
 * Default ≈ 2–3 minutes. `--full` (or DINHDANH_BENCH_FULL=1) adds the
 * 1,000,000-record dedupe and the 1M × 1M link end to end.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  block,
  comparisonFeatures,
  csvLine,
  expectationMaximisation,
  kernelProgram,
  LinkagePool,
  levelFrequencies,
  type Model,
  normaliseTable,
  type PersonRecord,
  POPULATION_COLUMNS,
  population,
  prepareComparisons,
  randomPairs,
  resolveSettings,
  scoringProgram,
  type Table,
} from '@dinhdanh/core/linkage';
import { MatchKernel } from '@dinhdanh/wasm/match';
import { DuckDBInstance } from '@duckdb/node-api';
import { distance as fastLevenshtein } from 'fastest-levenshtein';
import talismanJw from 'talisman/metrics/jaro-winkler.js';

const FULL = process.env.DINHDANH_BENCH_FULL === '1' || process.argv.includes('--full');
const DEDUPE_N = Number(process.env.DINHDANH_BENCH_N ?? 25_000);
const ROUNDS = FULL ? 7 : 3;
const here = dirname(fileURLToPath(import.meta.url));
const jwTalisman =
  (talismanJw as unknown as { similarity?: (a: string, b: string) => number }).similarity ??
  (talismanJw as unknown as (a: string, b: string) => number);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Interleaved rounds; returns median seconds per task, median per-round ratios
 * vs `base`, and median CPU seconds of the whole process per task (every
 * thread: DuckDB's and the pool's workers run in this process) — on a shared
 * machine CPU time moves less with other load than wall time does.
 */
async function rounds(tasks: Record<string, () => unknown>, base: string) {
  const names = Object.keys(tasks);
  for (const n of names) await tasks[n]!(); // warm-up
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await tasks[n]!();
      times[n]!.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpu[n]!.push((c.user + c.system) / 1e6);
    }
  }
  const seconds = Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
  const cpuSeconds = Object.fromEntries(names.map((n) => [n, median(cpu[n]!)]));
  const ratio = Object.fromEntries(
    names.map((n) => [n, median(times[n]!.map((t, r) => t / times[base]![r]!))]),
  );
  return { seconds, ratio, cpuSeconds };
}

function log(s: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
}

// ---------- data ----------

function tableOf(rows: PersonRecord[], source: string): Table {
  return {
    source,
    header: [...POPULATION_COLUMNS],
    rows: rows.map((r) => POPULATION_COLUMNS.map((c) => r[c])),
  };
}

function synthetic(
  count: number,
  seed: number,
  opts: { duplicates?: number; registry?: string; overlap?: number },
) {
  const rows: Record<'a' | 'b', PersonRecord[]> = { a: [], b: [] };
  for (const { table, record } of population({ count, seed, ...opts })) rows[table].push(record);
  return { a: tableOf(rows.a, 'a'), b: tableOf(rows.b, 'b') };
}

log(`generating ${DEDUPE_N} people + 10% duplicates`);
const { a: people } = synthetic(DEDUPE_N, 1, { duplicates: 0.1 });
const settings = resolveSettings({ preset: 'vn-person' });
// The preset's blocking yields few pairs per record (≈ 0.2 here); for a
// scoring workload of millions of pairs the bench adds family name + birth
// year, which proposes mostly non-matching pairs — the expensive case, as
// every string level then runs.
const benchRules = [
  ...settings.blockingRules,
  resolveSettings({ preset: 'vn-person', blocking_rules: [['ho_ten:name_family', 'ngay_sinh:year']] })
    .blockingRules[0]!,
];
const features = [...benchRules.flat(), ...comparisonFeatures(settings.comparisons)];
log('normalise + block');
const feats = normaliseTable(people, features);
const blocked = block({ linkType: 'dedupe_only', rules: benchRules, left: feats, maxPairs: 1e9 });
const nPairs = blocked.pairs.length >> 1;
log(`${nPairs} blocked pairs`);
const data = prepareComparisons(settings.comparisons, feats, feats);
const nComp = settings.comparisons.length;

// A fitted model (as runLinkage would fit it) so the scoring pass uses real weights.
const zeroKernel = new MatchKernel();
zeroKernel.loadJob(data.left, data.right, kernelProgram(data, new Float64Array(64)));
const u = levelFrequencies(
  zeroKernel.score(randomPairs(people.rows.length, people.rows.length, 'dedupe_only', 300_000, 1), 0).gammas,
  data.levelCounts,
);
const em = expectationMaximisation(zeroKernel.score(blocked.pairs, 0).gammas, data.levelCounts, u, {
  maxIterations: 30,
  tolerance: 1e-5,
});
const model: Model = {
  m: em.m,
  u,
  lambda: (em.lambdaBlocked * nPairs) / ((people.rows.length * (people.rows.length - 1)) / 2),
  lambdaBlocked: em.lambdaBlocked,
  iterations: em.iterations,
  converged: em.converged,
  implausible: [],
};
const { prior, program } = scoringProgram(data, model);

// ---------- 1. string kernels ----------

const col = (key: string) => data.columnOf.get(key)!;
const nameCol = data.left[col('ho_ten:folded')]!;
const dict = data.dictionary;
const STRING_PAIRS = Math.min(200_000, nPairs);
const namePairs = blocked.pairs.subarray(0, STRING_PAIRS * 2);
const strL: string[] = [];
const strR: string[] = [];
for (let k = 0; k < STRING_PAIRS; k++) {
  const a = nameCol.ids[namePairs[2 * k]!]!;
  const b = nameCol.ids[namePairs[2 * k + 1]!]!;
  strL.push(a < 0 ? '' : dict[a]!);
  strR.push(b < 0 ? '' : dict[b]!);
}
const strKernel = new MatchKernel();
const nameColumn = { offsets: nameCol.offsets, units: nameCol.units };
// Same pairs, same values: check agreement before timing.
const ours = strKernel.batch('jaroWinkler', nameColumn, nameColumn, namePairs);
let jwMismatch = 0;
let levMismatch = 0;
const oursLev = strKernel.batch('levenshtein', nameColumn, nameColumn, namePairs);
for (let k = 0; k < STRING_PAIRS; k++) {
  if (Math.abs(ours[k]! - jwTalisman(strL[k]!, strR[k]!)) > 1e-9) jwMismatch++;
  if (oursLev[k] !== fastLevenshtein(strL[k]!, strR[k]!)) levMismatch++;
}
log(
  `string kernels on ${STRING_PAIRS} name pairs (JW differs from talisman on ${jwMismatch}, Levenshtein on ${levMismatch})`,
);
let sink = 0;
const jw = await rounds(
  {
    'dinhdanh wasm Jaro-Winkler (batch)': () => {
      sink += strKernel.batch('jaroWinkler', nameColumn, nameColumn, namePairs)[0]!;
    },
    'talisman Jaro-Winkler': () => {
      for (let k = 0; k < STRING_PAIRS; k++) sink += jwTalisman(strL[k]!, strR[k]!);
    },
  },
  'dinhdanh wasm Jaro-Winkler (batch)',
);
const lev = await rounds(
  {
    'dinhdanh wasm Levenshtein (batch)': () => {
      sink += strKernel.batch('levenshtein', nameColumn, nameColumn, namePairs)[0]!;
    },
    'fastest-levenshtein': () => {
      for (let k = 0; k < STRING_PAIRS; k++) sink += fastLevenshtein(strL[k]!, strR[k]!);
    },
  },
  'dinhdanh wasm Levenshtein (batch)',
);

// ---------- 2. pair scoring vs DuckDB ----------

const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-bench-'));
const recPath = join(dir, 'rec.csv');
const pairsPath = join(dir, 'pairs.csv');
{
  const f = (key: string, i: number) => {
    const id = data.left[col(key)]!.ids[i]!;
    return id < 0 ? '' : dict[id]!;
  };
  const tfName = program[1]!.levels[1]!.tf!;
  const lines: string[] = [
    csvLine([
      'idx',
      'id12',
      'cmnd9',
      'name',
      'name_fold',
      'name_fg',
      'fam',
      'giv',
      'dob',
      'sex',
      'qq',
      'qq_ward',
      'qq_prov',
      'tt',
      'tt_ward',
      'tt_prov',
      'tf_name',
    ]),
  ];
  const dob = data.left[col('ngay_sinh:date')]!;
  const nameIds = data.left[col('ho_ten:canonical')]!.ids;
  for (let i = 0; i < people.rows.length; i++) {
    lines.push(
      csvLine([
        i,
        f('so_dinh_danh+so_cmnd:id12', i),
        f('so_dinh_danh+so_cmnd:cmnd9', i),
        f('ho_ten:canonical', i),
        f('ho_ten:folded', i),
        f('ho_ten:name_fg', i),
        f('ho_ten:name_family', i),
        f('ho_ten:name_given', i),
        dob.ids[i]! < 0 ? '' : dob.nums[i]!,
        f('gioi_tinh:sex', i),
        f('que_quan:address', i),
        f('que_quan:address_ward', i),
        f('que_quan:address_province', i),
        f('noi_thuong_tru:address', i),
        f('noi_thuong_tru:address_ward', i),
        f('noi_thuong_tru:address_province', i),
        nameIds[i]! < 0 ? 0 : tfName[nameIds[i]!]!,
      ]),
    );
  }
  writeFileSync(recPath, lines.join(''));
  const pl: string[] = ['l,r\n'];
  for (let k = 0; k < nPairs; k++) pl.push(`${blocked.pairs[2 * k]},${blocked.pairs[2 * k + 1]}\n`);
  writeFileSync(pairsPath, pl.join(''));
}

// Level weights as literals, exactly as Splink inlines its fitted m/u into the predict SQL.
const W = program.map((c) => c.levels.map((l) => l.weight));
const caseWeight = (c: number, g: string) =>
  `CASE ${g} ${W[c]!.map((w, l) => (l === 0 ? '' : `WHEN ${l} THEN ${w}`)).join(' ')} ELSE 0 END`;
const near = (a: string, b: string) =>
  `(${a} % 100 <> 0 AND ${b} % 100 <> 0 AND (` +
  `(abs(${a} // 10000 - ${b} // 10000) = 1 AND (${a} // 100) % 100 = (${b} // 100) % 100 AND ${a} % 100 = ${b} % 100) OR ` +
  `(${a} // 10000 = ${b} // 10000 AND abs((${a} // 100) % 100 - (${b} // 100) % 100) = 1 AND ${a} % 100 = ${b} % 100) OR ` +
  `(${a} // 10000 = ${b} // 10000 AND (${a} // 100) % 100 = (${b} // 100) % 100 AND abs(${a} % 100 - ${b} % 100) = 1)))`;
const address = (p: string) => `CASE WHEN l.${p} IS NULL OR r.${p} IS NULL THEN -1
      WHEN l.${p} = r.${p} THEN 1 WHEN l.${p}_ward = r.${p}_ward THEN 2 WHEN l.${p}_prov = r.${p}_prov THEN 3
      WHEN jaro_winkler_similarity(l.${p}, r.${p}) >= 0.9 THEN 4 ELSE 5 END`;
const predictSql = `CREATE OR REPLACE TEMP TABLE predictions AS
WITH g AS (
  SELECT p.l, p.r, l.tf_name AS tf_l, r.tf_name AS tf_r,
    CASE WHEN (l.id12 IS NULL OR r.id12 IS NULL) AND (l.cmnd9 IS NULL OR r.cmnd9 IS NULL) THEN -1
      WHEN l.id12 = r.id12 THEN 1 WHEN damerau_levenshtein(l.id12, r.id12) <= 1 THEN 2
      WHEN l.cmnd9 = r.cmnd9 THEN 3 WHEN damerau_levenshtein(l.cmnd9, r.cmnd9) <= 1 THEN 4 ELSE 5 END AS g_id,
    CASE WHEN l.name IS NULL OR r.name IS NULL THEN -1
      WHEN l.name = r.name THEN 1 WHEN l.name_fold = r.name_fold THEN 2 WHEN l.name_fg = r.name_fg THEN 3
      WHEN l.fam = r.giv AND l.giv = r.fam AND l.fam <> r.fam THEN 4
      WHEN jaro_winkler_similarity(l.name_fold, r.name_fold) >= 0.92 THEN 5
      WHEN jaro_winkler_similarity(l.name_fold, r.name_fold) >= 0.8 THEN 6 ELSE 7 END AS g_name,
    CASE WHEN l.dob IS NULL OR r.dob IS NULL THEN -1 WHEN l.dob = r.dob THEN 1
      WHEN l.dob // 10000 = r.dob // 10000 AND l.dob % 100 = (r.dob // 100) % 100 AND (l.dob // 100) % 100 = r.dob % 100
        AND l.dob % 100 <> (l.dob // 100) % 100 AND l.dob % 100 <> 0 THEN 2
      WHEN ${near('l.dob', 'r.dob')} THEN 3
      WHEN l.dob // 10000 = r.dob // 10000 THEN 4 ELSE 5 END AS g_dob,
    CASE WHEN l.sex IS NULL OR r.sex IS NULL THEN -1 WHEN l.sex = r.sex THEN 1 ELSE 2 END AS g_sex,
    ${address('qq')} AS g_qq,
    ${address('tt')} AS g_tt
  FROM pairs p JOIN rec l ON p.l = l.idx JOIN rec r ON p.r = r.idx
)
SELECT l, r, g_id, g_name, g_dob, g_sex, g_qq, g_tt, mw AS match_weight, pow(2, mw) / (1 + pow(2, mw)) AS match_probability
FROM (SELECT *, ${prior} + ${caseWeight(0, 'g_id')} + ${caseWeight(1, 'g_name')} + ${caseWeight(2, 'g_dob')}
  + ${caseWeight(3, 'g_sex')} + ${caseWeight(4, 'g_qq')} + ${caseWeight(5, 'g_tt')}
  + CASE WHEN g_name = 1 THEN least(tf_l, tf_r) ELSE 0 END AS mw FROM g)`;

async function duck(threads: number) {
  const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await inst.connect();
  await conn.run(`CREATE TABLE rec AS SELECT * FROM read_csv('${recPath}', header = true, all_varchar = false,
    types = {'id12': 'VARCHAR', 'cmnd9': 'VARCHAR', 'dob': 'INTEGER', 'tf_name': 'DOUBLE', 'idx': 'INTEGER'})`);
  await conn.run(
    `CREATE TABLE pairs AS SELECT * FROM read_csv('${pairsPath}', header = true, types = {'l': 'INTEGER', 'r': 'INTEGER'})`,
  );
  return conn;
}
log('loading DuckDB');
const duck1 = await duck(1);
const duck2 = await duck(2);
// Agreement of levels between the SQL and the kernel on the same pairs.
await duck1.run(predictSql);
const check = await duck1.runAndReadAll(
  'SELECT l, r, g_id, g_name, g_dob, g_sex, g_qq, g_tt, match_weight FROM predictions',
);
const rows = check.getRowsJS() as unknown as (number | bigint)[][];
const scoreKernel = new MatchKernel();
scoreKernel.loadJob(data.left, data.right, program);
const ourScore = scoreKernel.score(blocked.pairs, prior);
const index = new Map<string, number>();
for (let k = 0; k < nPairs; k++) index.set(`${blocked.pairs[2 * k]},${blocked.pairs[2 * k + 1]}`, k);
let levelAgree = 0;
let weightAgree = 0;
for (const row of rows) {
  const k = index.get(`${row[0]},${row[1]}`)!;
  let same = true;
  for (let c = 0; c < nComp; c++) {
    const g = Number(row[2 + c]);
    const ourG = ourScore.gammas[k * nComp + c]!;
    if ((g === -1 ? 255 : g) !== ourG) same = false;
  }
  if (same) levelAgree++;
  if (Math.abs(Number(row[8]) - ourScore.weights[k]!) < 1e-6) weightAgree++;
}
log(`DuckDB vs kernel: levels agree on ${levelAgree}/${rows.length} pairs, weights on ${weightAgree}`);

const pool = new LinkagePool({ threads: 2 });
const scoring = await rounds(
  {
    'dinhdanh kernel, 1 thread': () => {
      sink += scoreKernel.score(blocked.pairs, prior).weights[0]!;
    },
    'dinhdanh pool, 2 threads': async () => {
      sink += (await pool.score({ left: data.left, right: data.right, program, prior, nComp }, blocked.pairs))
        .weights[0]!;
    },
    'DuckDB SQL (Splink-style), 1 thread': () => duck1.run(predictSql),
    'DuckDB SQL (Splink-style), 2 threads': () => duck2.run(predictSql),
  },
  'dinhdanh kernel, 1 thread',
);
await pool.close();
duck1.closeSync();
duck2.closeSync();
rmSync(dir, { recursive: true, force: true });

// ---------- 3. end to end ----------
// Each job runs in its own process (bench/_match-e2e.ts) on CSV files written
// by `dinhdanh fixtures population`, as a user would run it, so its peak RSS
// and CPU seconds are its own.

interface EndToEnd {
  readonly job: string;
  readonly records: string;
  readonly pairs: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly loadavgStart: number[];
  readonly loadavgEnd: number[];
  readonly stages: Record<string, number>;
  readonly accuracy: { precision: number; recall: number; f1: number };
}
const e2e: EndToEnd[] = [];
const root = join(here, '..');
const tsx = (args: string[]): string => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};
const generate = (args: string[]) => tsx(['packages/cli/dist/main.js', 'fixtures', 'population', ...args]);
function endToEnd(job: string, files: string[]) {
  log(`${job}: running`);
  const out = JSON.parse(
    tsx([join(here, '_match-e2e.ts'), ...files])
      .trim()
      .split('\n')
      .at(-1)!,
  );
  e2e.push({ job, ...out });
  log(`${job}: ${out.seconds.toFixed(1)} s, ${out.cpuSeconds.toFixed(1)} CPU s, ${out.peakRssMb} MB`);
}
const e2eDir = mkdtempSync(join(tmpdir(), 'dinhdanh-e2e-'));
try {
  const p = (f: string) => join(e2eDir, f);
  generate(['--count', String(DEDUPE_N), '--seed', '1', '--duplicates', '0.1', '--out', p('small.csv')]);
  endToEnd(`dedupe ${DEDUPE_N} + 10% duplicates`, [p('small.csv')]);
  if (FULL) {
    // 909,091 people + 10% re-entered duplicates ≈ 1,000,000 records.
    generate(['--count', '909091', '--seed', '7', '--duplicates', '0.1', '--out', p('dedupe.csv')]);
    endToEnd('dedupe 1M (10% duplicates)', [p('dedupe.csv')]);
    rmSync(p('dedupe.csv'));
    const link = ['--count', '1000000', '--seed', '8', '--registry', 'tax', '--overlap', '1'];
    generate([...link, '--out', p('a.csv'), '--out-b', p('b.csv')]);
    endToEnd('link 1M × 1M (tax registry)', [p('a.csv'), p('b.csv')]);
  }
} finally {
  rmSync(e2eDir, { recursive: true, force: true });
}

// ---------- report ----------

const perSecond = (s: number, n: number) => Math.round(n / s);
const oursOne = perSecond(scoring.seconds['dinhdanh kernel, 1 thread']!, nPairs);
const oursOneCpu = perSecond(scoring.cpuSeconds['dinhdanh kernel, 1 thread']!, nPairs);
const results = {
  date: new Date().toISOString(),
  loadavg: loadavg(),
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  full: FULL,
  rounds: ROUNDS,
  strings: {
    pairs: STRING_PAIRS,
    jwMismatchVsTalisman: jwMismatch,
    levMismatchVsFastest: levMismatch,
    jw,
    lev,
  },
  scoring: { pairs: nPairs, comparisons: nComp, levelAgreement: levelAgree / rows.length, ...scoring },
  endToEnd: e2e,
};
const x = (r: number) => `${r.toFixed(2)}×`;
const md = [
  `# match benchmark (${results.date}, load average ${results.loadavg.map((l) => l.toFixed(2)).join(' ')}, ${results.cpus} CPUs, ${ROUNDS} rounds)`,
  '',
  `Command: \`npx -y pnpm@12.4.2 bench match${FULL ? ' --full' : ''}\`.`,
  '',
  `## String kernels (${STRING_PAIRS} blocked name pairs, folded)`,
  '',
  '| task | ns / pair | ratio (peer time / ours) |',
  '|---|---:|---:|',
  ...Object.entries(jw.seconds).map(
    ([n, s]) => `| ${n} | ${((s / STRING_PAIRS) * 1e9).toFixed(0)} | ${x(jw.ratio[n]!)} |`,
  ),
  ...Object.entries(lev.seconds).map(
    ([n, s]) => `| ${n} | ${((s / STRING_PAIRS) * 1e9).toFixed(0)} | ${x(lev.ratio[n]!)} |`,
  ),
  '',
  `Results differ from talisman on ${jwMismatch} pairs and from fastest-levenshtein on ${levMismatch}.`,
  '',
  `## Pair scoring, vn-person (6 comparisons), ${nPairs} blocked pairs`,
  '',
  '| task | pairs / s | pairs / CPU s | time vs ours on 1 thread |',
  '|---|---:|---:|---:|',
  ...Object.entries(scoring.seconds).map(
    ([n, s]) =>
      `| ${n} | ${perSecond(s, nPairs).toLocaleString('en')} | ${perSecond(scoring.cpuSeconds[n]!, nPairs).toLocaleString('en')} | ${x(scoring.ratio[n]!)} |`,
  ),
  '',
  `Ours on one thread: ${oursOne.toLocaleString('en')} scored pairs/s, ${oursOneCpu.toLocaleString('en')} per CPU second (target ≥ 2,000,000); ` +
    `DuckDB on one thread takes ${x(scoring.ratio['DuckDB SQL (Splink-style), 1 thread']!)} our time per pair (median of per-round ratios; target ≥ 5×), ` +
    `on two threads ${x(scoring.ratio['DuckDB SQL (Splink-style), 2 threads']! / scoring.ratio['dinhdanh pool, 2 threads']!)} our pool's. ` +
    `Comparison levels agree on ${((levelAgree / rows.length) * 100).toFixed(3)}% of pairs.`,
  '',
  '## End to end (CSV → normalise → block → compare → estimate → score), worker pool of 2',
  '',
  'Each job in its own process; CPU seconds count every thread; load average (1 min) at start → end.',
  '',
  '| job | records | blocked pairs | seconds | CPU s | load avg | peak RSS (MB) | F1 | stages (s) |',
  '|---|---|---:|---:|---:|---|---:|---:|---|',
  ...e2e.map(
    (e) =>
      `| ${e.job} | ${e.records} | ${e.pairs.toLocaleString('en')} | ${e.seconds.toFixed(1)} | ${e.cpuSeconds.toFixed(1)} | ${e.loadavgStart[0]!.toFixed(1)} → ${e.loadavgEnd[0]!.toFixed(1)} | ${e.peakRssMb} | ${e.accuracy.f1.toFixed(4)} | ${Object.entries(
        e.stages,
      )
        .filter(([, v]) => v >= 0.05)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')} |`,
  ),
  '',
].join('\n');
console.log(md);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'match.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results', 'match.md'), md);
if (sink === 0.5) console.log('');
