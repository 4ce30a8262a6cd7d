/**
 * WebAssembly backend (`@dinhdanh/wasm/sig`). Curves are loaded once with
 * their generator table; prepared keys get a fixed-base table of their
 * public point, kept in an LRU bounded by bytes so a flood of keys cannot
 * exhaust memory (evicted tables are rebuilt on next use).
 */
import {
  buildPointTable,
  type CurveInput,
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
import { bigIntToBytes, byteLength } from './_bytes.js';
import type { SigKey } from './_key.js';
import { Lru } from './_lru.js';
import type { EcPublicKeyInfo, RsaPublicKeyInfo } from './_types.js';

/**
 * Window of a per-key table (2^(w−1) points per window, one addition per window). Up to
 * 256-bit fields 8 bits already beat native code (≈ 0.3 MB per key); larger fields use 10 bits
 * (P-384 ≈ 1.9 MB, brainpoolP512r1 ≈ 3.4 MB per key) to cut the additions by a fifth.
 */
const keyWindow = (fieldBits: number): number => (fieldBits <= 256 ? 8 : 10);
/** A key's table is built on its second verification, so a flood of one-off keys never pays for tables. */
const TABLE_AFTER_USES = 2;
const limits = { keyTableBytes: 128 * 1024 * 1024, explicitCurves: 16, rsaKeys: 1024 };
const uses = new WeakMap<SigKey, number>();

const namedCurves = new Map<CurveParams, WasmCurve>();
const explicitCurves = new Lru<CurveParams, WasmCurve>(limits.explicitCurves, Number.POSITIVE_INFINITY, (c) =>
  freeCurve(c),
);
const keyTables = new Lru<SigKey, WasmPointTable>(4096, limits.keyTableBytes, (t) => freePointTable(t));
const rsaKeys = new Lru<SigKey, WasmRsaKey>(limits.rsaKeys, Number.POSITIVE_INFINITY, (k) => freeRsaKey(k));

/** Bounds for the wasm backend's caches (bytes of per-key tables, counts of explicit curves and RSA keys). */
export function configureWasmCaches(opts: { keyTableBytes?: number }): void {
  if (opts.keyTableBytes !== undefined) keyTables.setBudget(opts.keyTableBytes);
}

function curveFor(c: CurveParams): WasmCurve {
  if (c.oid) {
    let w = namedCurves.get(c);
    if (!w) {
      w = loadCurve(c as CurveInput);
      namedCurves.set(c, w);
    }
    return w;
  }
  let w = explicitCurves.get(c);
  if (!w) {
    w = loadCurve(c as CurveInput);
    explicitCurves.set(c, w, 1);
  }
  return w;
}

export function wasmEcdsaVerify(
  key: SigKey,
  info: EcPublicKeyInfo,
  digest: Uint8Array,
  r: Uint8Array,
  s: Uint8Array,
): boolean {
  const curve = curveFor(info.curve);
  if (!key.prepared) return ecdsaVerify(curve, info, digest, r, s);
  let t = keyTables.get(key);
  if (!t) {
    const n = (uses.get(key) ?? 0) + 1;
    uses.set(key, n);
    if (n < TABLE_AFTER_USES) return ecdsaVerify(curve, info, digest, r, s);
    t = buildPointTable(curve, info.x, info.y, keyWindow(info.curve.p.toString(2).length));
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
    k = loadRsaKey(info.n, bigIntToBytes(info.e, byteLength(info.e)));
    rsaKeys.set(key, k, 1);
  }
  return rsaPublic(k, sig);
}
