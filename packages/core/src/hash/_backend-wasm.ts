/** Our AssemblyScript kernel: runs everywhere WebAssembly does; batches use four SIMD lanes. */
import { createHashState, digest, digestMany } from '@dinhdanh/wasm/hash';
import type { HashBackend } from './_backend.js';

export const wasmBackend: HashBackend = {
  name: 'wasm',
  digest,
  digestMany,
  createHasher: createHashState,
};
