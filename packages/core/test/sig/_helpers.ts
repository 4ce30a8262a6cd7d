import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DinhdanhError } from '@dinhdanh/core/errors';
import { children, expectSequence, raw, readBitString, readSingle, type Tlv } from '../../src/der/index.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures');
export const fixture = (...p: string[]): Uint8Array => Uint8Array.from(readFileSync(join(FIXTURES, ...p)));
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

export const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DinhdanhError ? e.code : `untyped: ${String(e)}`;
  }
  return undefined;
};

/** X.509 Certificate (RFC 5280 §4.1) split into the parts a signature check needs, as received. */
export function splitCertificate(der: Uint8Array): {
  tbs: Uint8Array;
  sigAlg: Tlv;
  signature: Uint8Array;
  spki: Uint8Array;
} {
  const [tbs, sigAlg, sig] = children(expectSequence(readSingle(der)));
  const f = children(tbs!);
  const off = f[0]!.tagClass === 'context' ? 1 : 0; // [0] version is optional
  return { tbs: raw(tbs!), sigAlg: sigAlg!, signature: readBitString(sig!), spki: raw(f[off + 5]!) };
}
