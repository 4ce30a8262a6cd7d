// Every self-issued CSCA in the German master list (RSA, RSA-PSS, ECDSA with
// explicit parameters, brainpool, SHA-1…SHA-512) must give the same outcome on
// the wasm and node backends, and verify exactly when OpenSSL's X509 verify
// says so (self-issued link certificates are signed by the previous key).
import { X509Certificate } from 'node:crypto';
import { DinhdanhError } from '@dinhdanh/core/errors';
import { prepareKey, signatureAlgorithmFromIdentifier, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { children, raw, readSingle, type Tlv, value } from '../../src/der/index.js';
import { fixture, splitCertificate } from './_helpers.js';

const ber = { ber: true } as const;

/** The certificates of a CSCA master list (ICAO 9303-12 §9: CMS SignedData over CscaMasterList). */
function masterListCertificates(ml: Uint8Array): Uint8Array[] {
  const contentInfo = children(readSingle(ml, ber), ber);
  const signedData = children(children(contentInfo[1]!, ber)[0]!, ber);
  const encap = children(signedData[2]!, ber);
  const octets = children(encap[1]!, ber)[0]!;
  const list = readSingle(value(octets), ber);
  const certSet = children(list, ber)[1]!;
  return children(certSet, ber).map((c: Tlv) => raw(c));
}

const outcome = (f: () => boolean): string => {
  try {
    return String(f());
  } catch (e) {
    if (e instanceof DinhdanhError) return e.code;
    throw e;
  }
};

describe('German CSCA master list', () => {
  it('self-issued CSCAs: wasm = node, and true exactly where OpenSSL verifies', () => {
    const certs = masterListCertificates(fixture('icao', 'masterlists', 'DE_ML_2026-05-28.ml'));
    expect(certs.length).toBeGreaterThan(500);
    const tally: Record<string, number> = {};
    let selfSigned = 0;
    for (const der of certs) {
      const c = splitCertificate(der);
      const tbs = children(readSingle(c.tbs));
      const off = tbs[0]!.tagClass === 'context' ? 1 : 0;
      if (Buffer.compare(raw(tbs[off + 2]!), raw(tbs[off + 4]!)) !== 0) continue; // not self-issued
      selfSigned++;
      const run = (backend: 'wasm' | 'node') =>
        outcome(() => {
          const alg = signatureAlgorithmFromIdentifier(c.sigAlg);
          return verifySignature({
            ...alg,
            key: prepareKey(c.spki),
            message: c.tbs,
            signature: c.signature,
            backend,
          });
        });
      const w = run('wasm');
      expect(w).toBe(run('node'));
      const x = new X509Certificate(Buffer.from(der));
      expect(w === 'true').toBe(x.verify(x.publicKey));
      tally[w] = (tally[w] ?? 0) + 1;
    }
    expect(selfSigned).toBeGreaterThan(500);
    expect(tally.true).toBeGreaterThan(370);
  });
});
