import { describe, expect, it } from 'vitest';
import { classifyTrustInput, parseCertificate, TrustStore } from '../../src/chip/index.js';
import { cccd, flip, read } from './_fixtures.js';
import { makeCert, makeCrl, testPki } from './_pki.js';

const pem = (label: string, der: Uint8Array) =>
  new TextEncoder().encode(
    `-----BEGIN ${label}-----\n${Buffer.from(der)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`,
  );

describe('TrustStore', () => {
  const pki = testPki('p256');
  const crl = makeCrl({
    issuer: pki.cscaName,
    issuerKey: pki.cscaKey,
    thisUpdate: new Date('2026-01-01Z'),
    nextUpdate: new Date('2026-02-01Z'),
    revoked: [],
  });

  it('classifies DER inputs by shape', () => {
    expect(classifyTrustInput(pki.csca)).toBe('certificate');
    expect(classifyTrustInput(crl)).toBe('crl');
    expect(classifyTrustInput(read('icao/masterlists/DE_ML_2026-05-28.ml'))).toBe('masterlist');
  });

  it('loads PEM certificates and CRLs (several blocks in one file)', () => {
    const t = new TrustStore();
    const both = new Uint8Array([...pem('CERTIFICATE', pki.csca), ...pem('X509 CRL', crl)]);
    expect(t.add(both, 'bundle.pem')).toEqual(['certificate', 'crl']);
    expect(t.anchors).toHaveLength(1);
    expect(t.crls).toHaveLength(1);
    expect(t.anchors[0]!.kind).toBe('self-signed');
  });

  it('refuses garbage and a self-signed CSCA whose signature does not verify', () => {
    expect(() => new TrustStore().add(new TextEncoder().encode('hello'), 'x')).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_TRUST_INPUT' }),
    );
    const der = cccd('csca.der');
    const sig = parseCertificate(der).signature;
    const bad = flip(der, sig.byteOffset - der.byteOffset + sig.length - 4);
    expect(() => new TrustStore().add(bad, 'bad')).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_TRUST_INPUT' }),
    );
  });

  it('finds the issuer by AKI, and by name when the DSC has no AKI match', () => {
    const t = new TrustStore();
    t.add(pki.csca);
    const dsc = parseCertificate(pki.dsc);
    expect(t.findIssuer(dsc).anchor?.certificate.subject.text).toBe('C=VN, O=Test PKI, CN=Test CSCA');
    const other = testPki('p256');
    const stranger = parseCertificate(
      makeCert({
        ...other.dscSpec,
        issuer: [
          ['C', 'XX'],
          ['CN', 'Nobody'],
        ],
        issuerKey: other.cscaKey,
      }),
    );
    expect(t.findIssuer(stranger)).toMatchObject({ anchor: undefined, reason: 'issuer-not-trusted' });
  });

  it('revocation: good, revoked, stale, unknown', () => {
    const t = new TrustStore();
    t.add(pki.csca);
    const dsc = parseCertificate(pki.dsc);
    const csca = t.anchors[0]!.certificate;
    expect(t.revocation(dsc, csca, new Date('2026-01-15Z')).status).toBe('unknown');
    t.add(crl);
    expect(t.revocation(dsc, csca, new Date('2026-01-15Z'))).toMatchObject({ status: 'good', stale: false });
    expect(t.revocation(dsc, csca, new Date('2026-03-01Z'))).toMatchObject({ status: 'good', stale: true });
    t.add(
      makeCrl({
        issuer: pki.cscaName,
        issuerKey: pki.cscaKey,
        thisUpdate: new Date('2026-02-01Z'),
        nextUpdate: new Date('2026-03-01Z'),
        revoked: [{ serial: pki.dscSpec.serial, date: new Date('2026-01-20Z') }],
      }),
    );
    expect(t.revocation(dsc, csca, new Date('2026-02-15Z')).status).toBe('revoked');
    // Before the revocation date the DSC was good.
    expect(t.revocation(dsc, csca, new Date('2026-01-10Z')).status).toBe('good');
  });
});
