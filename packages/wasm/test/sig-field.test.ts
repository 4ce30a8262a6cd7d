// Field arithmetic of the sig kernel against bigint: Montgomery multiplication and squaring
// (the NIST primes' multiplication-free reduction, the unrolled generic sizes) and the batched
// binary-GCD inversion, on edge values (0, 1, p − 1, (p ± 1)/2, R mod p, values with long runs
// of ones or zeros) and random values. Compiles assembly/sig/_test-field.ts with asc.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
};
interface FieldExports {
  readonly memory: WasmMemory;
  io(): number;
  heapBase(): number;
  mul(ctx: number, n: number): void;
  sqr(ctx: number, n: number): void;
  inv(ctx: number, n: number): number;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let ex: FieldExports;
let ctx = 0;

beforeAll(() => {
  const out = join(mkdtempSync(join(tmpdir(), 'dinhdanh-field-')), 'field.wasm');
  execFileSync(
    join(root, 'node_modules', '.bin', 'asc'),
    ['assembly/sig/_test-field.ts', '-o', out, '-O3', '--runtime', 'stub', '--noAssert'],
    { cwd: root, stdio: 'inherit' },
  );
  const module = new WebAssembly.Module(readFileSync(out));
  ex = new WebAssembly.Instance(module, { env: { abort: () => {} } }).exports as FieldExports;
  ctx = (ex.heapBase() + 63) & ~63;
  if (ex.memory.buffer.byteLength < ctx + 4096) ex.memory.grow(1);
});

const view = () => new DataView(ex.memory.buffer);
function write(ptr: number, x: bigint, n: number): void {
  for (let i = 0; i < n; i++)
    view().setUint32(ptr + 4 * i, Number((x >> BigInt(32 * i)) & 0xffffffffn), true);
}
function read(ptr: number, n: number): bigint {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 32n) | BigInt(view().getUint32(ptr + 4 * i, true));
  return x;
}
function pow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/** Writes the loader's context layout: m ‖ R ‖ R² ‖ R³ (mod m) ‖ −m⁻¹ mod 2^32, R = 2^(32n). */
function useModulus(m: bigint): number {
  const n = Math.ceil(m.toString(2).length / 32);
  const R = 1n << BigInt(32 * n);
  write(ctx, m, n);
  write(ctx + 4 * n, R % m, n);
  write(ctx + 8 * n, (R * R) % m, n);
  write(ctx + 12 * n, (R * R * R) % m, n);
  const minv = pow(m, (1n << 31n) - 1n, 1n << 32n); // m⁻¹ mod 2^32 (the unit group has order 2^31)
  view().setUint32(ctx + 16 * n, Number((1n << 32n) - minv), true);
  return n;
}

const MODULI: Record<string, bigint> = {
  'P-256 (special reduction)': (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n,
  'P-384 (special reduction)': (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
  'P-521 (special reduction)': (1n << 521n) - 1n,
  'brainpoolP256r1 p': 0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377n,
  'brainpoolP512r1 p':
    0xaadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3n,
  'P-384 order n':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

describe('sig kernel field arithmetic agrees with bigint', () => {
  for (const [name, m] of Object.entries(MODULI)) {
    it(name, () => {
      const n = useModulus(m);
      const io = ex.io();
      const R = 1n << BigInt(32 * n);
      const rInv = pow(R, m - 2n, m);
      const edge = [0n, 1n, 2n, m - 1n, m - 2n, (m - 1n) / 2n, (m + 1n) / 2n, R % m, (R - 1n) % m];
      edge.push((1n << BigInt(32 * n - 32)) - 1n, m - (1n << 32n), m - (1n << 96n), m >> 1n);
      const values = [...edge];
      for (let i = 0; i < 400; i++) values.push(BigInt(`0x${randomBytes(4 * n).toString('hex')}`) % m);
      let checks = 0;
      for (const x of values) {
        for (const y of [...edge, values[(checks * 7) % values.length]!]) {
          write(io, x, n);
          write(io + 1024, y, n);
          ex.mul(ctx, n);
          expect(read(io + 2048, n)).toBe((x * y * rInv) % m);
          checks++;
        }
        ex.sqr(ctx, n);
        expect(read(io + 2048, n)).toBe((x * x * rInv) % m);
        if (x === 0n) {
          expect(ex.inv(ctx, n)).toBe(0);
        } else {
          expect(ex.inv(ctx, n)).toBe(1);
          expect((read(io + 2048, n) * x) % m).toBe(1n);
        }
      }
      expect(checks).toBeGreaterThan(5000);
    });
  }
});
