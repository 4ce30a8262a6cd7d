/**
 * Loader for the `sig` kernel: Montgomery contexts, fixed-base point tables,
 * ECDSA verification and the RSA public-key operation. Inputs are copied
 * into the kernel's IO area and results copied out; no caller ever gets a
 * view into wasm memory. Long-lived data (modulus and curve contexts,
 * tables) lives in regions of the kernel's heap that this module allocates
 * and frees; memory grows on demand and views are rebuilt after growth.
 */
import { wasmBase64 } from './generated/sig.wasm.js';

// The ES2023 lib and @types/node 20 do not declare WebAssembly; this is the part used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
};

interface SigExports {
  readonly memory: WasmMemory;
  ioPtr(): number;
  heapBase(): number;
  buildTable(curve: number, src: number, w: number, d: number, out: number): void;
  ecdsaVerify(
    curve: number,
    gTable: number,
    gW: number,
    qTable: number,
    qW: number,
    dLen: number,
    rLen: number,
    sLen: number,
  ): number;
  rsaInit(ctx: number, k: number, limbs: number, limbBits: number): number;
  rsaPrepare(ctx: number, eLen: number): number;
  rsaPublic(ctx: number, k: number, eLen: number): number;
}

// IO offsets, as in assembly/sig/_ecdsa.ts and _rsa.ts.
const IN_DIGEST = 0;
const IN_R = 128;
const IN_S = 256;
const IN_Q = 512;
const RSA_SIG = 0;
const RSA_EXP = 1024;
const RSA_OUT = 2048;
const PAGE = 65536;

let ex: SigExports | undefined;
let u8: Uint8Array = new Uint8Array(0);
let io = 0;
let top = 0;
const free = new Map<number, number[]>();

function kernel(): SigExports {
  if (!ex) {
    const module = new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'));
    ex = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('sig kernel abort');
        },
      },
    }).exports as unknown as SigExports;
    io = ex.ioPtr();
    top = (ex.heapBase() + 63) & ~63;
  }
  return ex;
}

/** A byte view of kernel memory, rebuilt whenever growth replaced the buffer. */
function mem(): Uint8Array {
  const buf = kernel().memory.buffer;
  if (u8.buffer !== buf) u8 = new Uint8Array(buf);
  return u8;
}

/** A heap region of `size` bytes (rounded to 64); reuses freed regions of the same size. */
function alloc(size: number): number {
  const k = kernel();
  size = (size + 63) & ~63;
  const reuse = free.get(size)?.pop();
  if (reuse !== undefined) return reuse;
  const ptr = top;
  top += size;
  const need = top - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / PAGE));
  return ptr;
}

function release(ptr: number, size: number): void {
  size = (size + 63) & ~63;
  const list = free.get(size);
  if (list) list.push(ptr);
  else free.set(size, [ptr]);
}

const limbsFor = (x: bigint): number => Math.max(1, Math.ceil(x.toString(2).length / 32));

/** Writes x as `limbs` little-endian u32 limbs at ptr. */
function writeLimbs(ptr: number, x: bigint, limbs: number): void {
  const be = Buffer.from(x.toString(16).padStart(limbs * 8, '0'), 'hex');
  const m = mem();
  const len = limbs * 4;
  for (let i = 0; i < len; i++) m[ptr + i] = be[be.length - 1 - i]!;
}

/** Montgomery context for an odd modulus: m ‖ R ‖ R² ‖ R³ (mod m) ‖ −m⁻¹ mod 2^32, with R = 2^(32·limbs). */
function writeModulus(ptr: number, m: bigint, limbs: number, withR3: boolean): void {
  const R1 = (1n << BigInt(32 * limbs)) % m;
  const R2 = (R1 * R1) % m;
  writeLimbs(ptr, m, limbs);
  writeLimbs(ptr + 4 * limbs, R1, limbs);
  writeLimbs(ptr + 8 * limbs, R2, limbs);
  // R³ only serves field inversion on curves; skipping it keeps a cold RSA key cheap to load.
  writeLimbs(ptr + 12 * limbs, withR3 ? (R2 * R1) % m : 0n, limbs);
  // Newton iteration for m⁻¹ mod 2^32 (each step doubles the correct bits).
  const m0 = Number(m & 0xffffffffn) >>> 0;
  let inv = 1;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(m0, inv)) >>> 0;
  new DataView(mem().buffer).setUint32(ptr + 16 * limbs, -inv >>> 0, true);
}

const modulusBytes = (limbs: number): number => 16 * limbs + 4;

export interface CurveInput {
  readonly p: bigint;
  readonly a: bigint;
  readonly n: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  /** Factor applied to x before comparing with r (u² when the caller maps the curve by (x, y) ↦ (u²x, u³y)); default 1. */
  readonly xScale?: bigint;
}

/** A curve loaded into the kernel with its generator's fixed-base table. */
export interface WasmCurve {
  readonly ptr: number;
  readonly limbs: number;
  readonly nBits: number;
  readonly gTable: number;
  readonly gW: number;
  readonly bytes: number;
}

/** Fixed-base window count for an order of nBits bits and window w. */
const windows = (nBits: number, w: number): number => Math.floor(nBits / w) + 1;
export const tableBytes = (limbs: number, nBits: number, w: number): number =>
  windows(nBits, w) * (1 << (w - 1)) * 8 * limbs;

/**
 * Generator tables are shared by every key on a curve, so they use a wider
 * window than per-key tables: 10 bits cuts the additions for u1·G by a
 * fifth against 8 bits, for 0.8–3.7 MB per curve.
 */
export function loadCurve(c: CurveInput, gW = 10): WasmCurve {
  if (gW < 2 || gW > 12) throw new RangeError('window must be 2–12 bits');
  kernel();
  const limbs = Math.max(limbsFor(c.p), limbsFor(c.n));
  if (limbs > 20) throw new RangeError('curve too large for the sig kernel');
  const nBits = c.n.toString(2).length;
  const curveBytes = 32 + 8 * limbs;
  const pCtx = alloc(modulusBytes(limbs));
  const nCtx = alloc(modulusBytes(limbs));
  const ptr = alloc(curveBytes);
  writeModulus(pCtx, c.p, limbs, true);
  writeModulus(nCtx, c.n, limbs, true);
  const a = ((c.a % c.p) + c.p) % c.p;
  const aKind = a === c.p - 3n ? 1 : a === 0n ? 2 : 0;
  const dv = new DataView(mem().buffer);
  dv.setUint32(ptr, pCtx, true);
  dv.setUint32(ptr + 4, nCtx, true);
  dv.setUint32(ptr + 8, limbs, true);
  dv.setUint32(ptr + 12, aKind, true);
  dv.setUint32(ptr + 16, nBits, true);
  const R = 1n << BigInt(32 * limbs);
  writeLimbs(ptr + 32, (a * R) % c.p, limbs);
  writeLimbs(ptr + 32 + 4 * limbs, ((c.xScale ?? 1n) * R) % c.p, limbs);
  const bytes = tableBytes(limbs, nBits, gW);
  const gTable = alloc(bytes);
  buildInto(ptr, limbs, nBits, c.gx, c.gy, gW, gTable);
  return { ptr, limbs, nBits, gTable, gW, bytes: bytes + curveBytes + 2 * modulusBytes(limbs) };
}

/** Releases a curve loaded with loadCurve (its contexts and generator table). */
export function freeCurve(c: WasmCurve): void {
  const dv = new DataView(mem().buffer);
  release(dv.getUint32(c.ptr, true), modulusBytes(c.limbs));
  release(dv.getUint32(c.ptr + 4, true), modulusBytes(c.limbs));
  release(c.ptr, 32 + 8 * c.limbs);
  release(c.gTable, tableBytes(c.limbs, c.nBits, c.gW));
}

function buildInto(
  curve: number,
  limbs: number,
  nBits: number,
  x: bigint,
  y: bigint,
  w: number,
  out: number,
): void {
  const k = kernel();
  writeLimbs(io + IN_Q, x, limbs);
  writeLimbs(io + IN_Q + 4 * limbs, y, limbs);
  k.buildTable(curve, io + IN_Q, w, windows(nBits, w), out);
}

/** A public point's fixed-base table, to be released with freePointTable. */
export interface WasmPointTable {
  readonly ptr: number;
  readonly w: number;
  readonly bytes: number;
}

export function buildPointTable(curve: WasmCurve, x: bigint, y: bigint, w = 8): WasmPointTable {
  if (w < 2 || w > 12) throw new RangeError('window must be 2–12 bits');
  const bytes = tableBytes(curve.limbs, curve.nBits, w);
  const ptr = alloc(bytes);
  buildInto(curve.ptr, curve.limbs, curve.nBits, x, y, w, ptr);
  return { ptr, w, bytes };
}

export function freePointTable(t: WasmPointTable): void {
  release(t.ptr, t.bytes);
}

/**
 * Cold keys: width-5 NAF (odd digits |d| < 2^4) over the 8 odd multiples Q … 15Q, built per
 * call with one inversion; 16 multiples cost more to build than their fewer additions save.
 */
const COLD_W = 4;

/**
 * ECDSA verification. `r` and `s` are big-endian unsigned integers (any
 * length); `digest` is Hash(M). `key` is a point table or the plain point,
 * which must be a validated public key (on the curve, of order n).
 */
export function ecdsaVerify(
  curve: WasmCurve,
  key: WasmPointTable | { readonly x: bigint; readonly y: bigint },
  digest: Uint8Array,
  r: Uint8Array,
  s: Uint8Array,
): boolean {
  const k = kernel();
  if (digest.length > 128 || r.length > 128 || s.length > 256) return false;
  const m = mem();
  m.set(digest, io + IN_DIGEST);
  m.set(r, io + IN_R);
  m.set(s, io + IN_S);
  let qPtr = 0;
  let qW = -COLD_W;
  if ('ptr' in key) {
    qPtr = key.ptr;
    qW = key.w;
  } else {
    writeLimbs(io + IN_Q, key.x, curve.limbs);
    writeLimbs(io + IN_Q + 4 * curve.limbs, key.y, curve.limbs);
  }
  return k.ecdsaVerify(curve.ptr, curve.gTable, curve.gW, qPtr, qW, digest.length, r.length, s.length) === 1;
}

/** An RSA modulus loaded into the kernel. */
export interface WasmRsaKey {
  readonly ctx: number;
  readonly k: number;
  readonly e: Uint8Array;
  readonly bytes: number;
}

/**
 * RSA limb layout (assembly/sig/_rsa-mont.ts): 29-bit limbs while a 64-bit
 * lane can sum a column (up to 112 limbs, 3246-bit moduli), 28-bit above;
 * 2 spare bits so that 4n < R = 2^(bits·limbs).
 */
function rsaLimbs(modulusBits: number): { limbs: number; limbBits: number } {
  const limbs29 = Math.ceil((modulusBits + 2) / 29);
  if (limbs29 <= 112) return { limbs: limbs29, limbBits: 29 };
  return { limbs: Math.ceil((modulusBits + 2) / 28), limbBits: 28 };
}
const rsaCtxBytes = (limbs: number): number => 16 + 3 * 4 * (limbs + 8);

/** Big-endian bytes of a value given as hex digits (at most 2·len) written at ptr. */
function writeHex(ptr: number, hex: string, len: number): void {
  mem().set(Buffer.from(hex.padStart(2 * len, '0'), 'hex'), ptr);
}

/**
 * Loads an odd modulus of up to 8192 bits with its public exponent. R² mod n
 * comes from BigInt division, cheaper here than building it in the kernel.
 * `prepare` also computes R^e mod n (about one verification's work), which
 * saves one Montgomery product in every later rsaPublic: worth it for keys
 * that verify more than once.
 */
export function loadRsaKey(n: bigint, e: Uint8Array, prepare = false): WasmRsaKey {
  const k = kernel();
  const hex = n.toString(16);
  const bits = 4 * hex.length - Math.clz32(Number.parseInt(hex[0]!, 16)) + 28;
  if (n <= 0n || bits > 8192 || e.length > 1024) throw new RangeError('RSA modulus must be in [1, 2^8192)');
  const { limbs, limbBits } = rsaLimbs(bits);
  const bytes = rsaCtxBytes(limbs);
  const ctx = alloc(bytes);
  const len = (bits + 7) >> 3;
  writeHex(io + RSA_SIG, hex, len);
  writeHex(io + RSA_OUT, ((1n << BigInt(2 * limbBits * limbs)) % n).toString(16), len);
  if (k.rsaInit(ctx, len, limbs, limbBits) !== 1) {
    release(ctx, bytes);
    throw new RangeError('RSA modulus must be odd and greater than 1');
  }
  if (prepare) {
    mem().set(e, io + RSA_EXP);
    k.rsaPrepare(ctx, e.length);
  }
  return { ctx, k: len, e: e.slice(), bytes };
}

export function freeRsaKey(key: WasmRsaKey): void {
  release(key.ctx, key.bytes);
}

/** s^e mod n as k bytes, or undefined when s ≥ n. `sig` must have k bytes. */
export function rsaPublic(key: WasmRsaKey, sig: Uint8Array): Uint8Array | undefined {
  const k = kernel();
  if (sig.length !== key.k) throw new RangeError('signature length differs from the modulus length');
  const m = mem();
  m.set(sig, io + RSA_SIG);
  m.set(key.e, io + RSA_EXP);
  if (k.rsaPublic(key.ctx, key.k, key.e.length) !== 1) return undefined;
  return mem().slice(io + RSA_OUT, io + RSA_OUT + key.k);
}

/** Bytes of kernel memory currently in use by contexts and tables (for cache accounting). */
export function heapTop(): number {
  kernel();
  return top;
}
