/** DG1 (ICAO 9303-10 §4.7.1): tag 0x61 { 5F1F MRZ }. */
import { expect, value } from '../der/index.js';
import { kids, single } from './_asn1.js';
import { chipError } from './_fail.js';
import { type Mrz, parseMrz } from './mrz.js';

export interface Dg1 {
  readonly mrz: Mrz;
}

export function parseDg1(buf: Uint8Array): Dg1 {
  const path = 'DG1';
  const top = expect(single(buf, path, true), 'application', 1, path, true);
  const mrzT = kids(top, path, true).find((c) => c.tag === 0x5f1f);
  if (!mrzT) throw chipError('DD_CHIP_BAD_STRUCTURE', path, 'no MRZ element (5F1F)');
  return { mrz: parseMrz(new TextDecoder('latin1').decode(value(mrzT))) };
}
