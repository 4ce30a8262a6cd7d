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

/** Window of per-key tables: 2^(w−1) points per window; 8 halves the additions of a 4-bit window at 8× the memory. */
const KEY_W = 8;
const limits = { keyTableBytes: 64 * 1024 * 1024, explicitCurves: 16, rsaKeys: 1024 };

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
    t = buildPointTable(curve, info.x, info.y, KEY_W);
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
