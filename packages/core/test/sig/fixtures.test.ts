// Real and independently made chip PKI data: self-signed CSCAs and a DSC with
// explicit brainpool parameters, an active-authentication response in P1363.
import { curveByName } from '@dinhdanh/core/curves';
import { parseSpki, prepareKey, signatureAlgorithmFromIdentifier, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { children, readSingle, value } from '../../src/der/index.js';
import { fixture, splitCertificate } from './_helpers.js';

const BACKENDS = ['node', 'wasm', 'auto'] as const;

function verifyCert(cert: Uint8Array, issuerSpki: Uint8Array, backend: (typeof BACKENDS)[number]): boolean {
  const c = splitCertificate(cert);
  const alg = signatureAlgorithmFromIdentifier(c.sigAlg);
  return verifySignature({ ...alg, spki: issuerSpki, message: c.tbs, signature: c.signature, backend });
}

describe('chip PKI fixtures', () => {
  const vnCsca = fixture('icao', 'masterlists', 'VN_CSCA_ePassport_from_DE_ML.der');
  const csca = fixture('icao', 'openssl-cccd', 'csca.der');
  const dsc = fixture('icao', 'openssl-cccd', 'dsc.der');

  it('recognises explicit brainpool parameters as the named curves', () => {
    const vn = parseSpki(splitCertificate(vnCsca).spki);
    expect(vn.kind === 'ec' && vn.curve).toBe(curveByName('brainpoolP512r1'));
    expect(vn.kind === 'ec' && vn.curveEncoding).toBe('explicit');
    const d = parseSpki(splitCertificate(dsc).spki);
    expect(d.kind === 'ec' && d.curve.name).toBe('brainpoolP384r1');
  });

  for (const backend of BACKENDS) {
    it(`verifies Vietnam's ePassport CSCA self-signature (brainpoolP512r1, SHA-512) on ${backend}`, () => {
      expect(verifyCert(vnCsca, splitCertificate(vnCsca).spki, backend)).toBe(true);
    });

    it(`verifies the synthetic CCCD chain csca → dsc and rejects a flipped bit on ${backend}`, () => {
      const cscaSpki = splitCertificate(csca).spki;
      expect(verifyCert(csca, cscaSpki, backend)).toBe(true);
      expect(verifyCert(dsc, cscaSpki, backend)).toBe(true);
      const bad = dsc.slice();
      bad[40]! ^= 1; // inside tbsCertificate
      expect(verifyCert(bad, cscaSpki, backend)).toBe(false);
      expect(verifyCert(dsc, splitCertificate(dsc).spki, backend)).toBe(false);
    });

    it(`verifies the active-authentication response (P1363, SHA-256) on ${backend}`, () => {
      const dg15 = fixture('icao', 'openssl-cccd', 'EF_DG15.bin');
      const spki = value(readSingle(dg15)); // 6F { SubjectPublicKeyInfo }
      const key = prepareKey(spki);
      const args = {
        scheme: 'ecdsa',
        hash: 'sha256',
        key,
        message: fixture('icao', 'openssl-cccd', 'challenge.bin'),
        encoding: 'p1363',
        backend,
      } as const;
      const sig = fixture('icao', 'openssl-cccd', 'aa_signature.bin');
      expect(verifySignature({ ...args, signature: sig })).toBe(true);
      expect(verifySignature({ ...args, signature: sig, encoding: 'der' })).toBe(false);
      const bad = sig.slice();
      bad[63]! ^= 0x80;
      expect(verifySignature({ ...args, signature: bad })).toBe(false);
    });

    it(`verifies the BSI reference DSC's RSASSA-PSS-signed EF.SOD signer info on ${backend}`, () => {
      // EF.SOD = 77 { ContentInfo { OID, [0] { SignedData } } } (ICAO 9303-10 §4.6.2, RFC 5652 §5.1).
      const sod = fixture('icao', 'bsi-tr03105-5', 'EF_SOD.bin');
      const contentInfo = children(readSingle(sod, { ber: true }), { ber: true })[0]!;
      const signedData = children(children(contentInfo, { ber: true })[1]!, { ber: true })[0]!;
      const sd = children(signedData, { ber: true });
      const signerInfo = children(sd[sd.length - 1]!, { ber: true })[0]!;
      const si = children(signerInfo, { ber: true });
      // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature
      const attrs = si[3]!;
      const signed = attrs.buf.slice(attrs.start, attrs.end);
      signed[0] = 0x31; // RFC 5652 §5.4: the signature covers the SET OF encoding of signedAttrs
      const alg = signatureAlgorithmFromIdentifier(si[4]!);
      expect(alg.scheme).toBe('rsa-pss');
      const signature = value(si[5]!);
      const dscSpki = splitCertificate(fixture('icao', 'bsi-tr03105-5', 'DSC_de_0142fd5cf927.cer')).spki;
      expect(verifySignature({ ...alg, spki: dscSpki, message: signed, signature, backend })).toBe(true);
      signed[signed.length - 1]! ^= 1;
      expect(verifySignature({ ...alg, spki: dscSpki, message: signed, signature, backend })).toBe(false);
    });
  }
});
