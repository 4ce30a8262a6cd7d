/**
 * The chip area's one call into signature verification (`@dinhdanh/core/sig`).
 * Keys seen more than once (CSCAs, DSCs shared by many cards) are prepared
 * once and kept in a bounded cache, so bulk verification reuses per-key state.
 */
import { isDinhdanhError } from '../errors/index.js';
import { prepareKey, type SigKey, type SignatureAlgorithm, verifySignature } from '../sig/index.js';
import { toHex } from './_asn1.js';
import type { SubjectPublicKeyInfo } from './x509.js';

export interface SigInput {
  readonly alg: SignatureAlgorithm;
  readonly key: SubjectPublicKeyInfo;
  /** The signed bytes exactly as received. */
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export type SigOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'invalid' | 'unsupported-key' };

const CACHE_MAX = 1024;
const seen = new Map<string, SigKey | null>();
/** Keys of SPKI objects met before (parsed certificates are shared by encoding): no re-encoding of the id. */
const byObject = new WeakMap<SubjectPublicKeyInfo, SigKey>();

function keyFor(spki: SubjectPublicKeyInfo): SigKey | undefined {
  const noted = byObject.get(spki);
  if (noted) return noted;
  const id = toHex(spki.raw);
  const hit = seen.get(id);
  if (hit) {
    byObject.set(spki, hit);
    return hit;
  }
  if (hit === null) {
    // Second sighting: prepare once, keep (Map order gives FIFO eviction).
    const k = prepareKey(spki.raw);
    seen.set(id, k);
    byObject.set(spki, k);
    return k;
  }
  if (seen.size >= CACHE_MAX) seen.delete(seen.keys().next().value!);
  seen.set(id, null);
  return undefined;
}

export function verifyWith(input: SigInput): SigOutcome {
  const { alg } = input;
  try {
    const key = keyFor(input.key);
    const ok = verifySignature({
      scheme: alg.scheme,
      hash: alg.hash,
      ...(key ? { key } : { spki: input.key.raw }),
      message: input.message,
      signature: input.signature,
      ...(alg.scheme === 'ecdsa' ? { encoding: alg.encoding ?? 'der' } : {}),
      ...(alg.scheme === 'rsa-pss' && alg.pss ? { pss: alg.pss } : {}),
    });
    return ok ? { ok: true } : { ok: false, reason: 'invalid' };
  } catch (e) {
    // Malformed or unsupported keys and parameters (DD_SIG_*, DD_CURVE_*): the signature cannot be checked.
    if (isDinhdanhError(e)) return { ok: false, reason: 'unsupported-key' };
    throw e;
  }
}
