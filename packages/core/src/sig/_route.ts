/** Backend choice for 'auto'. */
import type { SigKey } from './_key.js';
import type { Backend } from './_types.js';

export function chooseBackend(backend: Backend, _key: SigKey): 'wasm' | 'node' {
  return backend === 'auto' ? 'node' : backend;
}
