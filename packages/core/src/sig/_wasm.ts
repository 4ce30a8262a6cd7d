/** WebAssembly backend (packages/wasm/assembly/sig). */
import { sigError } from './_errors.js';
import type { SigKey } from './_key.js';
import type { EcPublicKeyInfo, RsaPublicKeyInfo } from './_types.js';

export function wasmRsaPublic(
  _key: SigKey,
  _info: RsaPublicKeyInfo,
  _sig: Uint8Array,
): Uint8Array | undefined {
  throw sigError('DD_SIG_BACKEND_UNAVAILABLE', 'backend', 'the wasm backend is not built yet');
}

export function wasmEcdsaVerify(
  _key: SigKey,
  _info: EcPublicKeyInfo,
  _digest: Uint8Array,
  _r: bigint,
  _s: bigint,
): boolean {
  throw sigError('DD_SIG_BACKEND_UNAVAILABLE', 'backend', 'the wasm backend is not built yet');
}
