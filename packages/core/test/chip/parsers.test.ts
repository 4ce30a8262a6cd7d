import { describe, expect, it } from 'vitest';
import {
  checkDigit,
  parseCardJson,
  parseCccdQr,
  parseCertificate,
  parseCom,
  parseCrl,
  parseDg1,
  parseDg2,
  parseDg13,
  parseDg14,
  parseDg15,
  parseMrz,
  parseSod,
} from '../../src/chip/index.js';
import { bsi, CCCD_QR, cccd, read } from './_fixtures.js';
import { int, makeCrl, oid, printable, seq, set, testPki, tlv, utf8 } from './_pki.js';

describe('MRZ (ICAO 9303-3 §4.9 check digits, 9303-4/-5 specimens)', () => {
  it('computes the published check digits', () => {
    expect(checkDigit('L898902C3')).toBe(6);
    expect(checkDigit('740812')).toBe(2);
    expect(checkDigit('120415')).toBe(9);
    expect(checkDigit('D23145890')).toBe(7);
  });

  it('parses the TD3 specimen (9303-4 Appendix A)', () => {
    const m = parseMrz(
      `${'P<UTOERIKSSON<<ANNA<MARIA'.padEnd(44, '<')}L898902C36UTO7408122F1204159ZE184226B<<<<<10`,
    );
    expect(m).toMatchObject({
      format: 'TD3',
      documentNumber: 'L898902C3',
      issuingState: 'UTO',
      dateOfBirth: '740812',
      sex: 'F',
      dateOfExpiry: '120415',
      primaryName: 'ERIKSSON',
      secondaryName: 'ANNA MARIA',
    });
    expect(m.checks.every((c) => c.ok)).toBe(true);
  });

  it('parses the TD1 specimen (9303-5 Appendix A) and detects a changed digit', () => {
    const l1 = 'I<UTOD231458907<<<<<<<<<<<<<<<';
    const l2 = '7408122F1204159UTO<<<<<<<<<<<6';
    const l3 = 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    const m = parseMrz(l1 + l2 + l3);
    expect(m.format).toBe('TD1');
    expect(m.documentNumber).toBe('D23145890');
    expect(m.checks.every((c) => c.ok)).toBe(true);
    const bad = parseMrz(l1 + l2.replace('740812', '740813') + l3);
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.field)).toEqual(['dateOfBirth', 'composite']);
  });

  it('reads the Vietnamese TD1 layout: 12-digit ID in optional data with its own check digit', () => {
    const m = parseDg1(cccd('EF_DG1.bin')).mrz;
    expect(m.documentNumber).toBe('192628005');
    expect(m.vnIdNumber).toBe('030192628005');
    expect(m.checks.find((c) => c.field === 'vnIdNumber')?.ok).toBe(true);
    expect(m.sex).toBe('F');
  });

  it('rejects lowercase and wrong lengths with DD_CHIP_MRZ_FORMAT', () => {
    expect(() => parseMrz('abc')).toThrow(expect.objectContaining({ code: 'DD_CHIP_MRZ_FORMAT' }));
    expect(() => parseMrz('A'.repeat(89))).toThrow(expect.objectContaining({ code: 'DD_CHIP_MRZ_FORMAT' }));
  });

  it('the BSI DG1 is a TD3 MRZ with valid check digits', () => {
    const m = parseDg1(bsi('EF_DG1.bin')).mrz;
    expect(m.format).toBe('TD3');
    expect(m.issuingState).toBe('D');
    expect(m.checks.every((c) => c.ok)).toBe(true);
  });
});

describe('EF.SOD', () => {
  it('BSI: RSA-PSS SignerInfo, LDS v0 with SHA-256 over DG 1, 2, 3, 4, 14, DSC included', () => {
    const s = parseSod(bsi('EF_SOD.bin'));
    expect(s.lds.version).toBe(0);
    expect(s.lds.hash).toBe('sha256');
    expect([...s.lds.dataGroupHashes.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 14]);
    expect(s.signedData.certificates[0]!.serialHex).toBe('0142fd5cf927');
    expect(s.signedData.signerInfos[0]!.sid.kind).toBe('issuerAndSerialNumber');
    expect(s.signedData.signerInfos[0]!.signedAttrsRaw?.[0]).toBe(0xa0);
  });

  it('CCCD: views into the input (zero-copy), signedAttrs as received', () => {
    const buf = cccd('EF_SOD.bin');
    const s = parseSod(buf);
    expect(s.raw.buffer).toBe(buf.buffer);
    expect(s.signedData.signerInfos[0]!.signedAttrsRaw!.buffer).toBe(buf.buffer);
    expect(s.lds.dataGroupHashes.get(13)!.buffer).toBe(buf.buffer);
    expect(Buffer.from(s.lds.dataGroupHashes.get(1)!).toString('hex')).toBe(
      'a556369359404b6c1b93bc926d0824b318f1ad70cd0acee0792a045e5cd87e07',
    );
  });

  it('LDS v1 with version info is read', async () => {
    const { parseLdsSecurityObject } = await import('../../src/chip/index.js');
    const lds = seq(
      int(1),
      seq(oid('2.16.840.1.101.3.4.2.1')),
      seq(seq(int(1), tlv(0x04, new Uint8Array(32)))),
      seq(printable('0108'), printable('040000')),
    );
    const r = parseLdsSecurityObject(lds);
    expect(r).toMatchObject({ version: 1, ldsVersion: '0108', unicodeVersion: '040000' });
  });
});

describe('X.509', () => {
  it("Vietnam's ePassport CSCA: explicit brainpoolP512r1, CA, keyCertSign, CRL distribution points", () => {
    const c = parseCertificate(read('icao/masterlists/VN_CSCA_ePassport_from_DE_ML.der'));
    expect(c.subject.text).toBe(
      'C=VN, O=Vietnam Government Information Security Commission, CN=CSCA ePassport Vietnam',
    );
    expect(c.spki).toMatchObject({ kind: 'ec', explicitCurve: true, namedCurve: undefined, bits: 512 });
    expect(c.basicConstraints?.ca).toBe(true);
    expect(c.keyUsage?.has('keyCertSign')).toBe(true);
    expect(c.crlDistributionPoints).toContain('https://pkddownload1.icao.int/CRLs/VNM.crl');
    expect(c.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.4');
  });

  it('BSI DSC: RSA 2048 key, RSA-PSS signature parameters kept', () => {
    const c = parseCertificate(bsi('DSC_de_0142fd5cf927.cer'));
    expect(c.spki.kind).toBe('rsa');
    expect(c.spki.bits).toBe(2048);
    expect(c.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.10');
    expect(c.signatureAlgorithm.params).toBeDefined();
    expect(c.notBefore.toISOString()).toBe('2013-12-16T21:43:18.000Z');
  });

  it('CCCD DSC: SKI/AKI and keyUsage digitalSignature', () => {
    const c = parseCertificate(cccd('dsc.der'));
    expect(Buffer.from(c.subjectKeyIdentifier!).toString('hex')).toBe(
      'b2c54c1dc1fb84668bbd46e6a0c6a1850f7620b1',
    );
    expect(Buffer.from(c.authorityKeyIdentifier!.keyIdentifier!).toString('hex')).toBe(
      '8378f40a1b9652e7864f00f2ad2bb0353f4d9ff2',
    );
    expect([...c.keyUsage!]).toEqual(['digitalSignature']);
  });
});

describe('CRL', () => {
  it('reads issuer, dates, revoked serials and the AKI', () => {
    const pki = testPki('p256');
    const der = makeCrl({
      issuer: pki.cscaName,
      issuerKey: pki.cscaKey,
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      nextUpdate: new Date('2026-04-01T00:00:00Z'),
      revoked: [{ serial: 0x1234n, date: new Date('2025-12-01T00:00:00Z') }],
    });
    const c = parseCrl(der);
    expect(c.version).toBe(2);
    expect(c.issuer.text).toBe('C=VN, O=Test PKI, CN=Test CSCA');
    expect(c.revoked.get('1234')?.revocationDate.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(c.nextUpdate?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(c.authorityKeyIdentifier?.length).toBe(20);
  });
});

describe('data groups', () => {
  it('EF.COM lists the data groups', () => {
    expect(parseCom(cccd('EF_COM.bin'))).toEqual({
      ldsVersion: '0107',
      unicodeVersion: '040000',
      dataGroups: [1, 2, 13, 14, 15],
    });
  });

  it('DG2 (ISO 19794-5): one 64×80 JPEG, a view into DG2', () => {
    const buf = cccd('EF_DG2.bin');
    const [img] = parseDg2(buf).images;
    expect(img).toMatchObject({ format: 'jpeg', width: 64, height: 80, record: 'iso19794-5' });
    expect(img!.data.length).toBe(422);
    expect(img!.data.buffer).toBe(buf.buffer);
    expect([...img!.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('DG2 (ISO 39794-5 ASN.1 record): the JPEG 2000 codestream is found', () => {
    const j2k = Uint8Array.from([0xff, 0x4f, 0xff, 0x51, 0x00, 0x2f, 1, 2, 3, 4]);
    const record = tlv(0xa1, tlv(0xa0, tlv(0x80, Uint8Array.of(1)), tlv(0xa1, tlv(0x80, j2k))));
    const dg2 = tlv(
      0x75,
      tlv([0x7f, 0x61], tlv(0x02, Uint8Array.of(1)), tlv([0x7f, 0x60], tlv(0xa1), tlv([0x5f, 0x2e], record))),
    );
    const [img] = parseDg2(dg2).images;
    expect(img).toMatchObject({ format: 'jpeg2000', record: 'iso39794-5' });
    expect([...img!.data]).toEqual([...j2k]);
  });

  it('DG2 whose header says JPEG but holds other bytes is rejected', () => {
    const b = cccd('EF_DG2.bin').slice();
    const i = b.indexOf(0xff, 60);
    b[i] = 0x00;
    expect(() => parseDg2(b)).toThrow(expect.objectContaining({ code: 'DD_CHIP_DG2_FORMAT' }));
  });

  it('DG13: all 15 fields of the fixture, two-SEQUENCE parents', () => {
    const d = parseDg13(cccd('EF_DG13.bin'));
    expect(d).toMatchObject({
      idNumber: '030192628005',
      fullName: 'Phạm Thị Hà',
      dateOfBirth: '07/08/1992',
      sex: 'Nữ',
      dateOfExpiry: '07/08/2032',
      fatherName: 'Phạm Hữu Cường',
      motherName: 'Trần Thị Châu',
      spouseName: '',
      oldIdNumber: '149113572',
    });
    expect(d.fieldsPresent).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  const dg13 = (...fields: Uint8Array[]) => tlv(0x6d, seq(int(1), oid('1.0.10646.1.0.8'), set(...fields)));

  it('DG13: parents in one SEQUENCE, absent fields, "Không thời hạn", unknown fields kept raw', () => {
    const unknown = seq(int(17), utf8('x'));
    const d = parseDg13(
      dg13(
        seq(int(1), printable('001099000123')),
        seq(int(12), utf8('Không thời hạn')),
        seq(int(13), seq(utf8('Cha'), utf8('Mẹ'))),
        seq(int(16), printable('ABCDEFGHIJKLMNOP')),
        unknown,
      ),
    );
    expect(d.fatherName).toBe('Cha');
    expect(d.motherName).toBe('Mẹ');
    expect(d.dateOfExpiry).toBe('Không thời hạn');
    expect(d.fullName).toBeUndefined();
    expect(d.field16).toBe('ABCDEFGHIJKLMNOP');
    expect([...d.unknown.get(17)!]).toEqual([...unknown]);
  });

  it('DG13: wrong version, charset or a repeated field are DD_CHIP_* errors', () => {
    expect(() => parseDg13(tlv(0x6d, seq(int(2), oid('1.0.10646.1.0.8'), set())))).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_UNSUPPORTED_VERSION' }),
    );
    expect(() => parseDg13(tlv(0x6d, seq(int(1), oid('1.2.3'), set())))).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_DG13_FORMAT' }),
    );
    expect(() => parseDg13(dg13(seq(int(1), printable('1')), seq(int(1), printable('2'))))).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_DG13_FORMAT' }),
    );
  });

  it('DG13: an error names the failing element by field and value position', () => {
    const fieldOf = (t: Uint8Array) => {
      try {
        parseDg13(t);
      } catch (e) {
        return (e as { details?: { path?: string } }).details?.path;
      }
      return 'parsed';
    };
    const bad = Uint8Array.of(0x04, 0x01, 0xff); // an OCTET STRING where text belongs
    expect(fieldOf(dg13(seq(int(1), printable('1')), seq(int(2), utf8('A'), bad)))).toBe(
      'DG13.SEQUENCE.fields[1].value[1]',
    );
    expect(fieldOf(dg13(seq(int(1), printable('1')), seq(int(13), seq(utf8('Cha'), bad))))).toBe(
      'DG13.SEQUENCE.fields[1].value[0][1]',
    );
    expect(fieldOf(dg13(seq(int(1), printable('1')), seq(utf8('x'))))).toBe('DG13.SEQUENCE.fields[1].number');
    expect(fieldOf(dg13(seq(int(1), printable('1')), seq(int(1), printable('2'))))).toBe(
      'DG13.SEQUENCE.fields[1]',
    );
  });

  it('DG14: PACE, chip authentication, its key, and the AA hash', () => {
    const d = parseDg14(cccd('EF_DG14.bin'));
    expect(d.securityInfos.map((s) => s.type)).toEqual([
      'PACEInfo',
      'ChipAuthenticationInfo',
      'ChipAuthenticationPublicKeyInfo',
      'ActiveAuthenticationInfo',
    ]);
    expect(d.securityInfos[0]!.parameterId).toBe(13);
    expect(d.securityInfos[2]!.publicKey?.explicitCurve).toBe(true);
    expect(d.activeAuthenticationAlgorithm).toBe('1.2.840.10045.4.3.2');
    expect(parseDg14(bsi('EF_DG14.bin')).securityInfos.map((s) => s.type)).toContain(
      'TerminalAuthenticationInfo',
    );
  });

  it('DG15: EC (explicit) and RSA keys', () => {
    expect(parseDg15(cccd('EF_DG15.bin')).publicKey).toMatchObject({
      kind: 'ec',
      explicitCurve: true,
      bits: 256,
    });
    expect(parseDg15(bsi('EF_DG15_not_in_this_SOD.bin')).publicKey.kind).toBe('rsa');
  });
});

describe('CCCD QR string', () => {
  it('parses the seven fields', () => {
    expect(parseCccdQr(CCCD_QR)).toMatchObject({
      idNumber: '030192628005',
      oldIdNumber: '149113572',
      fullName: 'Phạm Thị Hà',
      dateOfBirth: '07/08/1992',
      sex: 'Nữ',
      dateOfIssue: '27/03/2021',
      extra: [],
    });
  });

  it.each([
    ['too few fields', '030192628005|149113572|A'],
    ['11-digit ID', CCCD_QR.replace('030192628005', '03019262800')],
    ['bad date', CCCD_QR.replace('07081992', '7/8/1992')],
    ['bad CMND', CCCD_QR.replace('149113572', '14911357X')],
  ])('%s → DD_CHIP_QR_FORMAT', (_n, s) => {
    expect(() => parseCccdQr(s)).toThrow(expect.objectContaining({ code: 'DD_CHIP_QR_FORMAT' }));
  });
});

describe('card JSON', () => {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  it('reads the shared format', () => {
    const card = parseCardJson(
      JSON.stringify({
        version: 1,
        id: 'c1',
        expect: { verdict: 'rejected', check: 'dg.13.hash' },
        sod: b64(cccd('EF_SOD.bin')),
        dataGroups: { '1': b64(cccd('EF_DG1.bin')), '13': b64(cccd('EF_DG13.bin')) },
        aa: { challenge: b64(cccd('challenge.bin')), signature: b64(cccd('aa_signature.bin')) },
        qr: CCCD_QR,
      }),
    );
    expect(card.expect).toEqual({ verdict: 'rejected', check: 'dg.13.hash' });
    expect([...card.dataGroups.keys()]).toEqual([1, 13]);
    expect(card.aa?.challenge.length).toBe(8);
  });

  it.each([
    ['not JSON', '{', '$'],
    ['wrong version', '{"version":2}', '$.version'],
    ['no dataGroups', '{"version":1,"sod":""}', '$.dataGroups'],
    ['bad base64', '{"version":1,"sod":"@@","dataGroups":{}}', '$.sod'],
    ['DG 17', '{"version":1,"sod":"","dataGroups":{"17":""}}', '$.dataGroups'],
    ['bad verdict', '{"version":1,"sod":"","dataGroups":{},"expect":{"verdict":"ok"}}', '$.expect'],
  ])('%s → DD_CHIP_CARD_JSON at %s', (_n, text, path) => {
    expect(() => parseCardJson(text)).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_CARD_JSON', details: { path } }),
    );
  });
});
