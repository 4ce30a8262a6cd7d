/**
 * WebAssembly backend (`@dinhdanh/wasm/sig`). Curves are loaded once with
 * their generator table; prepared keys get a fixed-base table of their
 * public point, kept in an LRU bounded by bytes so a flood of keys cannot
 * exhaust memory (evicted tables are rebuilt on next use).
 */
import {
  buildPointTable,
  ecdsaVerify,
  freeCurve,
  freePointTable,
  freeRsaKey,
  loadCurve,
  loadRsaKey,
  rsaPublic,
  type WasmCurve,
  type WasmPointTable,
  type WasmRsaKey,
} from '@dinhdanh/wasm/sig';
import type { CurveParams } from '../curves/index.js';
import { bigIntToBytes } from '../der/index.js';
import { byteLength } from './_bytes.js';
import { type Minus3Image, minus3Image } from './_isomorphism.js';
import type { SigKey } from './_key.js';
import { Lru } from './_lru.js';
import type { EcPublicKeyInfo, RsaPublicKeyInfo } from './_types.js';

/**
 * Window of a per-key table (2^(w−1) points per window, one addition per window). Up to
 * 256-bit fields 8 bits already beat native code (≈ 0.3 MB per key); up to 384 bits 10 bits
 * (P-384 ≈ 1.9 MB per key), above that 11 bits (brainpoolP512r1 ≈ 6.2 MB, P-521 ≈ 6.5 MB).
 */
const keyWindow = (fieldBits: number): number => (fieldBits <= 256 ? 8 : fieldBits <= 384 ? 10 : 11);
/**
 * Generator tables are shared by every key on a curve: 10-bit windows, 12 above 384-bit fields
 * (11 MB for brainpoolP512r1, 12 MB for P-521, built once per process in about a quarter of a
 * second), where the wider window saves a tenth of u1·G's additions.
 */
const generatorWindow = (fieldBits: number): number => (fieldBits <= 384 ? 10 : 12);
/** A key's table is built on its second verification, so a flood of one-off keys never pays for tables. */
const TABLE_AFTER_USES = 2;
const limits = { keyTableBytes: 128 * 1024 * 1024, explicitCurves: 16, rsaKeys: 1024 };

const uses = new WeakMap<SigKey, number>();

/** A curve as loaded in the kernel: itself, or its a = −3 image with the point map. */
interface Loaded {
  readonly w: WasmCurve;
  readonly map: Minus3Image | undefined;
}

const namedCurves = new Map<CurveParams, Loaded>();
const explicitCurves = new Lru<CurveParams, Loaded>(limits.explicitCurves, Number.POSITIVE_INFINITY, (c) =>
  freeCurve(c.w),
);
const keyTables = new Lru<SigKey, WasmPointTable>(4096, limits.keyTableBytes, (t) => freePointTable(t));
const rsaKeys = new Lru<SigKey, WasmRsaKey>(limits.rsaKeys, Number.POSITIVE_INFINITY, (k) => freeRsaKey(k));

/** Sets the byte budget of the wasm backend's per-key tables (default 128 MiB); returns the tables held. */
export function configureKeyTables(opts: { maxBytes: number }): number {
  if (!Number.isFinite(opts.maxBytes) || opts.maxBytes < 0)
    throw new RangeError('maxBytes must be a non-negative number');
  keyTables.setBudget(opts.maxBytes);
  return keyTables.size;
}

function load(c: CurveParams): Loaded {
  const map = minus3Image(c);
  return { w: loadCurve(map ? map.curve : c, generatorWindow(c.p.toString(2).length)), map };
}

function curveFor(c: CurveParams): Loaded {
  if (c.oid) {
    let l = namedCurves.get(c);
    if (!l) {
      l = load(c);
      namedCurves.set(c, l);
    }
    return l;
  }
  let l = explicitCurves.get(c);
  if (!l) {
    l = load(c);
    explicitCurves.set(c, l, 1);
  }
  return l;
}

/** The public point as the kernel's curve sees it. */
const kernelPoint = (l: Loaded, info: EcPublicKeyInfo): { x: bigint; y: bigint } =>
  l.map ? { x: (l.map.u2 * info.x) % info.curve.p, y: (l.map.u3 * info.y) % info.curve.p } : info;

export function wasmEcdsaVerify(
  key: SigKey,
  info: EcPublicKeyInfo,
  digest: Uint8Array,
  r: Uint8Array,
  s: Uint8Array,
): boolean {
  const loaded = curveFor(info.curve);
  const curve = loaded.w;
  if (!key.prepared) return ecdsaVerify(curve, kernelPoint(loaded, info), digest, r, s);
  let t = keyTables.get(key);
  if (!t) {
    const n = (uses.get(key) ?? 0) + 1;
    uses.set(key, n);
    const q = kernelPoint(loaded, info);
    if (n < TABLE_AFTER_USES) return ecdsaVerify(curve, q, digest, r, s);
    t = buildPointTable(curve, q.x, q.y, keyWindow(info.curve.p.toString(2).length));
    keyTables.set(key, t, t.bytes);
  }
  return ecdsaVerify(curve, t, digest, r, s);
}

export function wasmRsaPublic(key: SigKey, info: RsaPublicKeyInfo, sig: Uint8Array): Uint8Array | undefined {
  if (!key.prepared) {
    const k = loadRsaKey(info.n, bigIntToBytes(info.e, byteLength(info.e)));
    try {
      return rsaPublic(k, sig);
    } finally {
      freeRsaKey(k);
    }
  }
  let k = rsaKeys.get(key);
  if (!k) {
    k = loadRsaKey(info.n, bigIntToBytes(info.e, byteLength(info.e)), true);
    rsaKeys.set(key, k, 1);
  }
  return rsaPublic(k, sig);
}
