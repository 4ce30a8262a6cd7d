// Signature-verification kernel: Montgomery bignum arithmetic, the RSA
// public-key operation and ECDSA verification on short-Weierstrass curves.
// Memory contract: the loader owns everything above heapBase() (contexts,
// tables), copies inputs into ioPtr() and reads results back from it.
export { buildTable } from './_table';
export { ecdsaVerify } from './_ecdsa';
export { rsaInit, rsaPrepare, rsaPublic } from './_rsa';
import { IO } from './_mem';

export function ioPtr(): usize {
  return IO;
}

export function heapBase(): usize {
  return __heap_base;
}
