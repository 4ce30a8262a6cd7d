/**
 * One end-to-end linkage job in its own process, so its peak RSS is its own:
 * reads the CSV(s) as the CLI does, runs normalise → … → score on a worker
 * pool of 2, and prints one JSON line — wall and CPU seconds (all threads),
 * seconds per stage, peak RSS, load average, and pairwise precision / recall
 * / F1 of the pairs at or above the threshold against the `truth` column
 * (used only to score the output).
 *
 *   tsx bench/_match-e2e.ts <a.csv> [<b.csv>]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { LinkagePool, parseCsv, runLinkage, type Table } from '@dinhdanh/core/linkage';

const [aPath, bPath] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const load0 = loadavg();
const stages: Record<string, number> = {};
let last = t0;
let lastName = 'parse';
const mark = (next: string) => {
  const now = performance.now();
  stages[lastName] = (stages[lastName] ?? 0) + (now - last) / 1000;
  last = now;
  lastName = next;
};
const left = parseCsv(readFileSync(aPath!), aPath);
const right: Table | undefined = bPath === undefined ? undefined : parseCsv(readFileSync(bPath), bPath);
mark('start');
const pool = new LinkagePool({ threads: 2 });
const r = await runLinkage({
  settings: { preset: 'vn-person', link_type: right ? 'link_only' : 'dedupe_only' },
  left,
  right,
  scorer: pool,
  onStage: (s) => mark(s),
});
mark('end');
await pool.close();
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - t0) / 1000;

const truth = (t: Table) => {
  const at = t.header.indexOf('truth');
  return t.rows.map((row) => row[at]!);
};
const lt = truth(left);
const rt = right ? truth(right) : lt;
const count = new Map<string, number>();
for (const t of lt) count.set(t, (count.get(t) ?? 0) + 1);
let truePairs = 0;
if (right) for (const t of rt) truePairs += count.get(t) ?? 0;
else for (const c of count.values()) truePairs += (c * (c - 1)) / 2;
const minWeight = Math.log2(r.settings.threshold / (1 - r.settings.threshold));
let tp = 0;
let fp = 0;
for (let k = 0; k < r.weights.length; k++) {
  if (r.weights[k]! < minWeight) continue;
  if (lt[r.pairs[2 * k]!] === rt[r.pairs[2 * k + 1]!]) tp++;
  else fp++;
}
const precision = tp / Math.max(1, tp + fp);
const recall = tp / Math.max(1, truePairs);
delete stages.start;
delete stages.end;
for (const k of ['blocked', 'estimated']) if ((stages[k] ?? 1) < 0.05) delete stages[k];
console.log(
  JSON.stringify({
    records: right ? `${left.rows.length} × ${right.rows.length}` : String(left.rows.length),
    pairs: r.pairs.length >> 1,
    seconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadavgStart: load0,
    loadavgEnd: loadavg(),
    stages,
    accuracy: { precision, recall, f1: (2 * precision * recall) / Math.max(1e-12, precision + recall) },
  }),
);
