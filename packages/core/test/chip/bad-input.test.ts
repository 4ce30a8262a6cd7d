import { DinhdanhError } from '@dinhdanh/core/errors';
import { describe, expect, it } from 'vitest';
import {
  parseCertificate,
  parseCom,
  parseCrl,
  parseDg1,
  parseDg2,
  parseDg13,
  parseDg14,
  parseDg15,
  parseMasterList,
  parseSod,
} from '../../src/chip/index.js';
import { bsi, cccd } from './_fixtures.js';
import { makeCrl, testPki } from './_pki.js';

const pki = testPki('p256');
const crl = makeCrl({
  issuer: pki.cscaName,
  issuerKey: pki.cscaKey,
  thisUpdate: new Date('2026-01-01Z'),
  nextUpdate: new Date('2026-06-01Z'),
  revoked: [{ serial: 5n, date: new Date('2026-01-01Z') }],
});

type Parser = (b: Uint8Array) => unknown;
const PARSERS: [string, Parser, Uint8Array][] = [
  ['EF.SOD (CCCD)', parseSod, cccd('EF_SOD.bin')],
  ['EF.SOD (BSI)', parseSod, bsi('EF_SOD.bin')],
  ['certificate', (b) => parseCertificate(b), cccd('csca.der')],
  ['CRL', (b) => parseCrl(b), crl],
  ['EF.COM', parseCom, cccd('EF_COM.bin')],
  ['DG1', parseDg1, cccd('EF_DG1.bin')],
  ['DG2', parseDg2, cccd('EF_DG2.bin')],
  ['DG13', parseDg13, cccd('EF_DG13.bin')],
  ['DG14', parseDg14, cccd('EF_DG14.bin')],
  ['DG15', parseDg15, cccd('EF_DG15.bin')],
];

/** Runs `f`; returns the DinhdanhError it throws (fails the test on success or on an untyped error). */
function typedError(f: () => unknown): DinhdanhError {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a typed error').toBeInstanceOf(DinhdanhError);
  const e = thrown as DinhdanhError;
  expect(e.code).toMatch(/^DD_(DER|CHIP)_[A-Z0-9_]+$/);
  expect(typeof e.details?.path).toBe('string');
  expect(String(e.details?.path ?? '').length).toBeGreaterThan(0);
  return e;
}

/** Offset of the first length octet of the outer element, and its form. */
function outerLength(b: Uint8Array): { at: number; n: number } {
  let p = 1;
  if ((b[0]! & 0x1f) === 0x1f) while (b[p++]! & 0x80);
  const lb = b[p]!;
  return lb < 0x80 ? { at: p, n: 1 } : { at: p, n: 1 + (lb & 0x7f) };
}

describe.each(PARSERS)('%s: bad input gives a typed error with a path', (_name, parse, good) => {
  it('accepts the good input', () => {
    expect(() => parse(good)).not.toThrow();
  });

  it('truncated (every 7th cut point)', () => {
    for (let cut = 0; cut < good.length; cut += 7) {
      const e = typedError(() => parse(good.subarray(0, cut)));
      expect(e.code).not.toBe('DD_DER_TRAILING_DATA');
    }
  });

  it('extended with a trailing byte', () => {
    const b = new Uint8Array(good.length + 1);
    b.set(good);
    expect(typedError(() => parse(b)).code).toBe('DD_DER_TRAILING_DATA');
  });

  it('wrong outer tag', () => {
    const b = good.slice();
    const hi = (b[0]! & 0x1f) === 0x1f;
    b[0] = 0x04; // OCTET STRING, primitive
    if (hi) b[1] = 0x00;
    typedError(() => parse(b));
  });

  it('outer length past the end', () => {
    const b = good.slice();
    const { at, n } = outerLength(b);
    b[at + n - 1] = b[at + n - 1]! + 1;
    typedError(() => parse(b));
  });

  it('0-length value', () => {
    const { at } = outerLength(good);
    const b = Uint8Array.from([...good.subarray(0, at), 0x00]);
    typedError(() => parse(b));
  });

  it('deep nesting of indefinite-length values', () => {
    const { at } = outerLength(good);
    const depth = 200;
    const b = Uint8Array.from([
      ...good.subarray(0, at),
      0x80,
      ...Array.from({ length: depth }, () => [0x30, 0x80]).flat(),
      ...Array.from({ length: depth + 1 }, () => [0x00, 0x00]).flat(),
    ]);
    typedError(() => parse(b));
  });

  it('a nested length pointing past its parent', () => {
    // Find the first nested element with a short-form length and make it overflow its parent.
    const { at, n } = outerLength(good);
    const inner = at + n;
    const b = good.slice();
    let p = inner + 1;
    if ((b[inner]! & 0x1f) === 0x1f) while (b[p++]! & 0x80);
    if (b[p]! < 0x80) b[p] = 0x7f;
    else b[p + (b[p]! & 0x7f)] = 0xff;
    typedError(() => parse(b));
  });
});

describe('indefinite lengths where DER is required', () => {
  it('a certificate with an indefinite length is rejected', () => {
    const good = cccd('csca.der');
    const { at, n } = outerLength(good);
    const b = Uint8Array.from([0x30, 0x80, ...good.subarray(at + n), 0x00, 0x00]);
    expect(typedError(() => parseCertificate(b)).code).toBe('DD_DER_BAD_LENGTH');
  });

  it('an EF.SOD with indefinite lengths (BER) is accepted', () => {
    const good = cccd('EF_SOD.bin');
    const { at, n } = outerLength(good);
    const b = Uint8Array.from([0x77, 0x80, ...good.subarray(at + n), 0x00, 0x00]);
    expect(parseSod(b).lds.dataGroupHashes.size).toBe(5);
  });
});

describe('master list bad input', () => {
  it('truncation and a wrong content type are typed errors', () => {
    const ml = new Uint8Array(cccd('EF_SOD.bin').subarray(4));
    const e = typedError(() => parseMasterList(ml));
    expect(e.code).toBe('DD_CHIP_BAD_CONTENT_TYPE');
    expect(e.details?.path).toBe('MasterList.ContentInfo.SignedData.encapContentInfo.eContentType');
  });
});

describe('error paths name the failing element', () => {
  it('a broken DG13 field reports the field index', () => {
    const good = cccd('EF_DG13.bin');
    // field 1's INTEGER tag → OCTET STRING
    const b = good.slice();
    const i = b.indexOf(0x02, 20);
    b[i] = 0x04;
    const e = typedError(() => parseDg13(b));
    expect(String(e.details?.path)).toMatch(/^DG13\.SEQUENCE\.fields\[\d+\]/);
  });

  it('a broken SOD certificate reports SignedData.certificates[0]', () => {
    const sod = parseSod(cccd('EF_SOD.bin'));
    const cert = sod.signedData.certificates[0]!.raw;
    const buf = cccd('EF_SOD.bin');
    // Parsed certificates are shared by encoding (a private copy), so locate the bytes in the file.
    const off = Buffer.from(buf).indexOf(Buffer.from(cert));
    expect(off).toBeGreaterThan(0);
    // tbsCertificate tag → SET
    const b = buf.slice();
    b[off + 4] = 0x31;
    const e = typedError(() => parseSod(b));
    expect(String(e.details?.path)).toContain('SignedData.certificates[0]');
  });
});
