/** DG15 (ICAO 9303-10 §4.7.15): 0x6F { SubjectPublicKeyInfo } — the active-authentication public key. */
import { expect } from '../der/index.js';
import { kids, single } from './_asn1.js';
import { chipError } from './_fail.js';
import { parseSpki, type SubjectPublicKeyInfo } from './x509.js';

export interface Dg15 {
  readonly publicKey: SubjectPublicKeyInfo;
}

export function parseDg15(buf: Uint8Array): Dg15 {
  const path = 'DG15';
  const top = expect(single(buf, path, true), 'application', 15, path, true);
  const inner = kids(top, path, true);
  if (inner.length !== 1) throw chipError('DD_CHIP_BAD_STRUCTURE', path, 'expected one SubjectPublicKeyInfo');
  return { publicKey: parseSpki(inner[0]!, `${path}.SubjectPublicKeyInfo`) };
}
