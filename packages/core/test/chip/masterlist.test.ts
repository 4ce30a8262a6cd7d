import { describe, expect, it } from 'vitest';
import { certSignedBy } from '../../src/chip/_cert-verify.js';
import { parseCertificate, parseMasterList, TrustStore, verifyMasterList } from '../../src/chip/index.js';
import { flip, read } from './_fixtures.js';

const ML = 'icao/masterlists/DE_ML_2026-05-28.ml';

describe('German CSCA master list (2026-05-28)', () => {
  const ml = parseMasterList(read(ML));
  const r = verifyMasterList(ml);

  it('CMS signature valid; signer chains to a CSCA in the list', () => {
    expect(r.signature).toBe('pass');
    expect(r.signerChain).toBe('pass');
    expect(r.valid).toBe(true);
    expect(r.signer?.subject).toContain('CSCA Master List Signer');
  });

  it('588 certificates: every self-signed CSCA verifies; link certificates verify against issuers present', () => {
    expect(r.cscaCount).toBe(588);
    expect(r.selfSigned.verified).toBe(r.selfSigned.total);
    expect(r.selfSigned.total + r.link.total).toBe(588);
    // Every link certificate either verifies under an issuer key in the list or its issuer key is absent.
    expect(r.link.verified + r.link.issuerMissing).toBe(r.link.total);
    expect(r.failures.every((f) => f.reason === 'link-issuer-missing')).toBe(true);
    expect(r.selfSigned.total).toBe(375);
    expect(r.link.verified).toBe(201);
  });

  it('counts keys by algorithm, including explicit-parameter EC keys and RSA-PSS', () => {
    const keys = Object.keys(r.byAlgorithm);
    expect(keys.some((k) => k.includes('explicit'))).toBe(true);
    expect(keys.some((k) => k.includes('rsa-pss'))).toBe(true);
    expect(Object.values(r.byAlgorithm).reduce((a, b) => a + b, 0)).toBe(588);
  });

  it("Vietnam's CSCA (explicit brainpoolP512r1) is in the list and its self-signature verifies", () => {
    const vn = parseCertificate(read('icao/masterlists/VN_CSCA_ePassport_from_DE_ML.der'));
    expect(ml.certificates.some((c) => Buffer.compare(c.raw, vn.raw) === 0)).toBe(true);
    expect(vn.spki.explicitCurve).toBe(true);
    expect(certSignedBy(vn, vn.spki)).toBe(true);
    expect(certSignedBy(flipTbs(vn.raw), vn.spki)).toBe(false);
  });

  it('the trust store loads it; a list with a flipped content byte is refused', () => {
    const t = new TrustStore();
    expect(t.add(read(ML), 'DE')).toEqual(['masterlist']);
    expect(t.anchors.length).toBe(588);
    const bad = flip(read(ML), 5000);
    expect(() => new TrustStore().add(bad, 'DE tampered')).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_MASTERLIST_INVALID' }),
    );
  }, 180_000);
});

/** The certificate with one letter of its subject changed (inside the signed TBSCertificate). */
function flipTbs(raw: Uint8Array) {
  const at = Buffer.from(raw).indexOf('Commission');
  return parseCertificate(flip(raw, at, 0x20));
}
