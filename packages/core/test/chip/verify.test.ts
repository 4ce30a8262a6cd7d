import { describe, expect, it } from 'vitest';
import {
  ChallengeStore,
  type Check,
  firstFailure,
  parseSod,
  TrustStore,
  type VerificationReport,
  verifyDocument,
} from '../../src/chip/index.js';
import { bsi, CCCD_QR, cccd, cccdGroups, flip } from './_fixtures.js';
import { keyPair, makeCert, makeCrl, makeSod, testPki } from './_pki.js';

const AT = new Date('2026-11-27T12:00:00Z');
const status = (r: VerificationReport, check: string): Check | undefined =>
  r.checks.find((c) => c.check === check);

function cccdTrust(): TrustStore {
  const t = new TrustStore();
  t.add(cccd('csca.der'), 'csca.der');
  return t;
}

function verifyCccd(over: Partial<Parameters<typeof verifyDocument>[0]> = {}) {
  return verifyDocument({
    sod: cccd('EF_SOD.bin'),
    dataGroups: cccdGroups(),
    trust: cccdTrust(),
    at: AT,
    aa: { challenge: cccd('challenge.bin'), signature: cccd('aa_signature.bin') },
    qr: CCCD_QR,
    ...over,
  });
}

describe('verifyDocument: openssl-cccd synthetic card', () => {
  it('verifies fully: PA against csca.der, AA, MRZ and DG13 consistent', () => {
    const r = verifyCccd();
    expect(r.verdict).toBe('verified');
    const failing = r.checks.filter((c) => c.status === 'fail');
    expect(failing).toEqual([]);
    for (const c of [
      'sod.parse',
      'sod.contentType',
      'dg.1.hash',
      'dg.2.hash',
      'dg.13.hash',
      'dg.14.hash',
      'dg.15.hash',
      'signedAttrs.messageDigest',
      'signature',
      'dsc.found',
      'dsc.validity',
      'dsc.keyUsage',
      'dsc.chain',
      'csca.validity',
      'aa.signature',
      'mrz.checkDigits',
      'cccd.idNumber',
      'cccd.dateOfBirth',
      'cccd.sex',
      'cccd.dateOfExpiry',
      'cccd.idStructure',
      'cccd.cardExpiry',
      'cccd.qr',
    ]) {
      expect(status(r, c)?.status, c).toBe('pass');
    }
    expect(status(r, 'dsc.revocation')).toMatchObject({ status: 'warn', reason: 'no-crl' });
    expect(r.document.csca?.subject).toContain('Test CSCA CCCD');
    expect(r.document.activeAuthentication).toBe('ecdsa-plain-sha256');
  });

  it('reports the chain untrusted without the CSCA', () => {
    const r = verifyCccd({ trust: new TrustStore() });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'dsc.chain')).toMatchObject({ status: 'fail', reason: 'issuer-not-trusted' });
    expect(status(r, 'signature')?.status).toBe('pass');
  });

  it.each([
    ['DG13 byte flipped', 13, 'dg.13.hash'],
    ['DG2 byte flipped', 2, 'dg.2.hash'],
    ['DG1 byte flipped', 1, 'dg.1.hash'],
    ['DG15 byte flipped', 15, 'dg.15.hash'],
  ])('%s → %s fails', (_n, dg, check) => {
    const groups = cccdGroups();
    const b = groups.get(dg)!;
    groups.set(dg, flip(b, b.length - 3));
    const r = verifyCccd({ dataGroups: groups });
    expect(r.verdict).toBe('rejected');
    expect(status(r, check)).toMatchObject({ status: 'fail', reason: 'mismatch' });
  });

  it('a DG missing that the policy requires fails dg.N.missing', () => {
    const groups = cccdGroups();
    groups.delete(2);
    const r = verifyCccd({ dataGroups: groups });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'dg.2.missing')).toMatchObject({ status: 'fail', reason: 'absent' });
  });

  it('a DG present but not hashed in the SOD fails', () => {
    const groups = cccdGroups();
    groups.set(11, Uint8Array.of(0x6b, 0x00));
    const r = verifyCccd({ dataGroups: groups });
    expect(status(r, 'dg.11.hash')).toMatchObject({ status: 'fail', reason: 'not-covered' });
    expect(r.verdict).toBe('rejected');
  });

  it('a flipped SOD signature byte fails signature', () => {
    const sod = cccd('EF_SOD.bin');
    const parsed = parseSod(sod);
    const sig = parsed.signedData.signerInfos[0]!.signature;
    const offset = sig.byteOffset - sod.byteOffset + sig.length - 5;
    const r = verifyCccd({ sod: flip(sod, offset) });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'signature')?.status).toBe('fail');
  });

  it('an altered LDS hash value breaks signedAttrs.messageDigest', () => {
    const sod = cccd('EF_SOD.bin');
    const parsed = parseSod(sod);
    const h = parsed.lds.dataGroupHashes.get(13)!;
    const offset = h.byteOffset - sod.byteOffset;
    const r = verifyCccd({ sod: flip(sod, offset) });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'signedAttrs.messageDigest')).toMatchObject({ status: 'fail', reason: 'mismatch' });
    expect(status(r, 'dg.13.hash')?.status).toBe('fail');
  });

  it('a truncated SOD fails sod.parse with the DER error code', () => {
    const sod = cccd('EF_SOD.bin');
    const r = verifyCccd({ sod: sod.subarray(0, sod.length - 10) });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'sod.parse')).toMatchObject({ status: 'fail', reason: 'parse-error' });
    expect(status(r, 'sod.parse')?.detail).toMatch(/^DD_DER_TRUNCATED/);
  });

  it('an AA answer from another chip fails aa', () => {
    const sig = flip(cccd('aa_signature.bin'), 10);
    const r = verifyCccd({ aa: { challenge: cccd('challenge.bin'), signature: sig } });
    expect(r.verdict).toBe('rejected');
    expect(status(r, 'aa.signature')).toMatchObject({ status: 'fail', reason: 'invalid-signature' });
  });

  it('AA does not count when PA did not prove DG15', () => {
    const r = verifyCccd({ trust: new TrustStore() });
    expect(status(r, 'aa.signature')).toMatchObject({ status: 'skipped', reason: 'dg15-not-verified' });
  });

  it('AA with a challenge store: a challenge not issued there is rejected', () => {
    const r = verifyCccd({ challenges: new ChallengeStore() });
    expect(status(r, 'aa.challenge')).toMatchObject({ status: 'fail', reason: 'challenge-unknown' });
    const store = new ChallengeStore();
    const issued = store.create();
    // A store that issued this challenge: fresh once, then used.
    const replay = { challenge: issued.bytes, signature: cccd('aa_signature.bin') };
    expect(status(verifyCccd({ challenges: store, aa: replay }), 'aa.challenge')?.status).toBe('pass');
    expect(status(verifyCccd({ challenges: store, aa: replay }), 'aa.challenge')?.reason).toBe(
      'challenge-used',
    );
  });

  it('the card past its expiry fails cccd.cardExpiry; DSC validity is checked at the validation time', () => {
    const r = verifyCccd({ at: new Date('2033-01-01T00:00:00Z') });
    expect(status(r, 'cccd.cardExpiry')).toMatchObject({ status: 'fail', reason: 'expired' });
    const r2 = verifyCccd({ at: new Date('2036-06-01T00:00:00Z') });
    expect(status(r2, 'dsc.validity')).toMatchObject({ status: 'fail', reason: 'expired' });
    const r3 = verifyCccd({
      at: new Date('2036-06-01T00:00:00Z'),
      policy: { dscValidityAt: 'signing-time' },
    });
    expect(status(r3, 'dsc.validity')?.status).toBe('pass');
  });

  it('a QR string that differs from DG13 fails cccd.qr, naming the field only', () => {
    const r = verifyCccd({ qr: CCCD_QR.replace('07081992', '08081992') });
    expect(status(r, 'cccd.qr')).toMatchObject({ status: 'fail', reason: 'mismatch' });
    expect(status(r, 'cccd.qr')?.detail).toBe('QR differs from DG13 in: dateOfBirth');
  });
});

describe('verifyDocument: arguments', () => {
  it.each([
    ['sod not bytes', { sod: 'x' }, 'sod'],
    ['trust not a TrustStore', { trust: {} }, 'trust'],
    ['invalid date', { at: new Date('nope') }, 'at'],
    ['DG number 0', { dataGroups: { 0: new Uint8Array(1) } }, 'dataGroups'],
    ['DG value not bytes', { dataGroups: { 1: 'x' } }, 'dataGroups.1'],
  ])('%s → DD_CHIP_BAD_ARGUMENT', (_n, over, path) => {
    const input = {
      sod: cccd('EF_SOD.bin'),
      dataGroups: cccdGroups(),
      trust: cccdTrust(),
      ...over,
    } as unknown as Parameters<typeof verifyDocument>[0];
    expect(() => verifyDocument(input)).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_BAD_ARGUMENT', details: { path } }),
    );
  });
});

describe('verifyDocument: BSI TR-03105-5 reference SOD (RSA-PSS)', () => {
  const run = (trust = new TrustStore()) =>
    verifyDocument({
      sod: bsi('EF_SOD.bin'),
      dataGroups: { 1: bsi('EF_DG1.bin'), 14: bsi('EF_DG14.bin'), 15: bsi('EF_DG15_not_in_this_SOD.bin') },
      trust,
      at: new Date('2014-06-01T00:00:00Z'),
      policy: { requiredDataGroups: [1] },
    });

  it('parses; RSA-PSS signature verifies; DG1 and DG14 match; DG15 not covered; chain untrusted', () => {
    const r = run();
    const sod = parseSod(bsi('EF_SOD.bin'));
    expect(sod.signedData.signerInfos[0]!.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.10');
    expect(status(r, 'sod.parse')?.status).toBe('pass');
    expect(status(r, 'signature')?.status).toBe('pass');
    expect(status(r, 'signedAttrs.messageDigest')?.status).toBe('pass');
    expect(status(r, 'dg.1.hash')?.status).toBe('pass');
    expect(status(r, 'dg.14.hash')?.status).toBe('pass');
    expect(status(r, 'dg.15.hash')).toMatchObject({ status: 'fail', reason: 'not-covered' });
    expect(status(r, 'dsc.chain')).toMatchObject({ status: 'fail', reason: 'issuer-not-trusted' });
    expect(r.verdict).toBe('rejected');
  });

  it('the separately supplied DSC is the one in the SOD', () => {
    const r = verifyDocument({
      sod: bsi('EF_SOD.bin'),
      dataGroups: { 1: bsi('EF_DG1.bin') },
      trust: new TrustStore(),
      dsc: bsi('DSC_de_0142fd5cf927.cer'),
      at: new Date('2014-06-01T00:00:00Z'),
    });
    expect(r.document.dsc?.serialHex).toBe('0142fd5cf927');
  });
});

describe('verifyDocument: generated PKI', () => {
  const pki = testPki();
  const dg1 = cccd('EF_DG1.bin');
  const dg2 = cccd('EF_DG2.bin');
  const groups = new Map([
    [1, dg1],
    [2, dg2],
  ]);
  const sodOf = (over: Partial<Parameters<typeof makeSod>[0]> = {}) =>
    makeSod({
      dataGroups: groups,
      dsc: pki.dsc,
      dscKey: pki.dscKey,
      dscIssuer: pki.cscaName,
      dscSerial: pki.dscSpec.serial,
      ...over,
    });
  const trustWith = (...extra: Uint8Array[]) => {
    const t = new TrustStore();
    t.add(pki.csca, 'csca');
    for (const e of extra) t.add(e, 'extra');
    return t;
  };
  const run = (sod: Uint8Array, trust = trustWith(), at = AT) =>
    verifyDocument({ sod, dataGroups: groups, trust, at, policy: { cccdChecks: 'never' } });

  it('verifies (brainpoolP384r1 DSC, P-384 CSCA), signer by issuerAndSerialNumber and by SKI', () => {
    expect(run(sodOf()).verdict).toBe('verified');
    expect(run(sodOf({ bySki: true })).verdict).toBe('verified');
  });

  it('a CRL from the CSCA listing the DSC fails dsc.revocation; an empty one passes', () => {
    const crl = (revoked: { serial: bigint; date: Date }[]) =>
      makeCrl({
        issuer: pki.cscaName,
        issuerKey: pki.cscaKey,
        thisUpdate: new Date('2026-11-01T00:00:00Z'),
        nextUpdate: new Date('2027-02-01T00:00:00Z'),
        revoked,
      });
    const revoked = run(
      sodOf(),
      trustWith(crl([{ serial: pki.dscSpec.serial, date: new Date('2026-01-01Z') }])),
    );
    expect(revoked.verdict).toBe('rejected');
    expect(status(revoked, 'dsc.revocation')).toMatchObject({ status: 'fail', reason: 'revoked' });
    const good = run(sodOf(), trustWith(crl([{ serial: 99n, date: new Date('2026-01-01Z') }])));
    expect(status(good, 'dsc.revocation')?.status).toBe('pass');
    expect(good.verdict).toBe('verified');
  });

  it('a CRL signed by another key is ignored', () => {
    const other = keyPair('p256');
    const crl = makeCrl({
      issuer: pki.cscaName,
      issuerKey: other,
      thisUpdate: new Date('2026-11-01T00:00:00Z'),
      nextUpdate: new Date('2027-02-01T00:00:00Z'),
      revoked: [{ serial: pki.dscSpec.serial, date: new Date('2026-01-01Z') }],
    });
    const r = run(sodOf(), trustWith(crl));
    expect(status(r, 'dsc.revocation')).toMatchObject({ status: 'warn', reason: 'no-crl' });
  });

  it('an expired DSC fails dsc.validity', () => {
    const dsc = makeCert({ ...pki.dscSpec, notAfter: new Date('2022-01-01T00:00:00Z') });
    const r = run(sodOf({ dsc }));
    expect(status(r, 'dsc.validity')).toMatchObject({ status: 'fail', reason: 'expired' });
  });

  it('a DSC without digitalSignature fails dsc.keyUsage', () => {
    const dsc = makeCert({ ...pki.dscSpec, keyUsage: 0x20 });
    const r = run(sodOf({ dsc }));
    expect(status(r, 'dsc.keyUsage')).toMatchObject({ status: 'fail', reason: 'no-digital-signature' });
  });

  it('a DSC from an untrusted CSCA with the same name fails dsc.chain', () => {
    const rogue = keyPair('p384');
    const dsc = makeCert({ ...pki.dscSpec, issuerKey: rogue });
    const r = run(sodOf({ dsc }));
    expect(status(r, 'dsc.chain')?.status).toBe('fail');
    expect(r.verdict).toBe('rejected');
  });

  it('a changed messageDigest attribute fails signedAttrs.messageDigest', () => {
    const r = run(sodOf({ messageDigest: new Uint8Array(32) }));
    expect(status(r, 'signedAttrs.messageDigest')).toMatchObject({ status: 'fail', reason: 'mismatch' });
    expect(status(r, 'signature')?.status).toBe('pass');
  });

  it('chains through a link certificate: old CSCA → link → DSC under the new key', () => {
    const newKey = keyPair('p256');
    const link = makeCert({
      subject: pki.cscaName,
      issuer: pki.cscaName,
      serial: 2n,
      notBefore: new Date('2024-01-01Z'),
      notAfter: new Date('2040-01-01Z'),
      subjectKey: newKey,
      issuerKey: pki.cscaKey,
      ca: true,
      keyUsage: 0x06,
    });
    const dsc = makeCert({ ...pki.dscSpec, issuerKey: newKey });
    const r = run(sodOf({ dsc }), trustWith(link));
    expect(status(r, 'dsc.chain')?.status).toBe('pass');
    expect(r.document.csca?.kind).toBe('link');
    expect(r.verdict).toBe('verified');
  });

  it('a link certificate whose issuer is not in the store does not anchor the chain', () => {
    const oldKey = keyPair('p256');
    const newKey = keyPair('p256');
    const link = makeCert({
      subject: pki.cscaName,
      issuer: pki.cscaName,
      serial: 3n,
      notBefore: new Date('2024-01-01Z'),
      notAfter: new Date('2040-01-01Z'),
      subjectKey: newKey,
      issuerKey: oldKey,
      ca: true,
      keyUsage: 0x06,
    });
    const dsc = makeCert({ ...pki.dscSpec, issuerKey: newKey });
    const t = new TrustStore();
    t.add(link, 'link only');
    const r = run(sodOf({ dsc }), t);
    expect(status(r, 'dsc.chain')).toMatchObject({ status: 'fail', reason: 'link-unverified' });
  });

  it('RSA DSC with PKCS#1 v1.5 and P-256 DSC verify', () => {
    for (const kind of ['rsa2048', 'p256'] as const) {
      const p = testPki(kind);
      const sod = makeSod({
        dataGroups: groups,
        dsc: p.dsc,
        dscKey: p.dscKey,
        dscIssuer: p.cscaName,
        dscSerial: p.dscSpec.serial,
      });
      const t = new TrustStore();
      t.add(p.csca);
      const r = verifyDocument({
        sod,
        dataGroups: groups,
        trust: t,
        at: AT,
        policy: { cccdChecks: 'never' },
      });
      expect(r.verdict, kind).toBe('verified');
    }
  });

  it('firstFailure names the first failing check', () => {
    const r = run(sodOf(), new TrustStore());
    expect(firstFailure(r)?.check).toBe('dsc.chain');
  });
});
