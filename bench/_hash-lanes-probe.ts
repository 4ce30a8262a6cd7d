/**
 * Where the four-lane batch starts to pay: the kernel's one-by-one `batch`
 * against `batchLanes` for 1–4 messages, called directly (no loader), timed
 * in process CPU time, median of 15 interleaved pairs. Sets LANES_MIN_COUNT
 * in packages/wasm/src/hash.ts.
 *
 *   npx tsx bench/_hash-lanes-probe.ts
 */
import { readFileSync } from 'node:fs';

interface Kernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  inputBase(): number;
  batch(alg: number, base: number, desc: number, count: number, out: number): void;
  batchLanes(alg: number, base: number, desc: number, count: number, out: number): void;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
};

const wasm = readFileSync(new URL('../packages/wasm/build/hash.wasm', import.meta.url));
const x = (await WebAssembly.instantiate(wasm, {})).instance.exports as Kernel;
const base = x.inputBase();
x.memory.grow(200);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const SHA256 = 2;
for (const size of [64, 1000, 20_000]) {
  for (const count of [1, 2, 3, 4]) {
    const desc = base + (1 << 20);
    const out = desc + 4096;
    const words = new Uint32Array(x.memory.buffer, desc, count * 2);
    for (let i = 0; i < count; i++) {
      words[2 * i] = i * size;
      words[2 * i + 1] = size;
    }
    const reps = Math.max(200, Math.floor(2e6 / (size * count)));
    const ratios: number[] = [];
    for (let r = 0; r < 15; r++) {
      let t = cpu();
      for (let i = 0; i < reps; i++) x.batch(SHA256, base, desc, count, out);
      const oneByOne = cpu() - t;
      t = cpu();
      for (let i = 0; i < reps; i++) x.batchLanes(SHA256, base, desc, count, out);
      ratios.push(oneByOne / (cpu() - t));
    }
    ratios.sort((a, b) => a - b);
    console.log(`SHA-256 ${count} × ${size} B: four lanes ${ratios[7]!.toFixed(2)}× one-by-one`);
  }
}
