import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitString,
  children,
  contextTag,
  explicit,
  generalizedTime,
  integer,
  namedBits,
  octetString,
  oid,
  printableString,
  readBitString,
  readInteger,
  readOid,
  readSingle,
  readTime,
  sequence,
  set,
  setUnsorted,
  tlv,
  unsignedInteger,
  utcTime,
  utf8String,
  value,
  x509Time,
} from '../../src/der/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('DER writer', () => {
  it('encodes known values exactly (X.690 examples)', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080');
    expect(hex(integer(-128))).toBe('020180');
    expect(hex(integer(-129))).toBe('0202ff7f');
    expect(hex(integer(256))).toBe('02020100');
    expect(hex(oid('1.2.840.113549.1.7.2'))).toBe('06092a864886f70d010702');
    expect(hex(oid('2.23.136.1.1.1'))).toBe('0606678108010101');
    expect(hex(oid('1.0.10646.1.0.8'))).toBe('060628d316010008');
    expect(hex(utcTime(new Date('2021-01-01T00:00:00Z')))).toBe(
      `170d${Buffer.from('210101000000Z').toString('hex')}`,
    );
    expect(hex(x509Time(new Date('2050-01-01T00:00:00Z')))).toBe(
      `180f${Buffer.from('20500101000000Z').toString('hex')}`,
    );
    // keyUsage digitalSignature = bit 0 → 03 02 07 80; keyCertSign+cRLSign = bits 5,6 → 03 02 01 06.
    expect(hex(namedBits([0]))).toBe('03020780');
    expect(hex(namedBits([5, 6]))).toBe('03020106');
    expect(hex(unsignedInteger(Uint8Array.of(0, 0, 0x80)))).toBe('02020080');
    expect(hex(tlv(0x5f1f, Uint8Array.of(0x41)))).toBe('5f1f0141');
    expect(contextTag(31, false)).toBe(0x9f1f);
    expect(contextTag(0, true)).toBe(0xa0);
  });

  it('uses long lengths in minimal form', () => {
    expect(hex(octetString(new Uint8Array(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(new Uint8Array(128))).slice(0, 6)).toBe('048180');
    expect(hex(octetString(new Uint8Array(256))).slice(0, 8)).toBe('04820100');
    expect(hex(tlv(0x7f61, new Uint8Array(70000))).slice(0, 12)).toBe('7f6183011170');
  });

  it('sorts SET OF by encoding and keeps order for setUnsorted', () => {
    const a = integer(5);
    const b = integer(300);
    const c = octetString(Uint8Array.of(1));
    const sorted = readSingle(set(c, b, a));
    expect(children(sorted).map((t) => t.tag)).toEqual([0x02, 0x02, 0x04]);
    expect(children(sorted).map((t) => value(t).length)).toEqual([1, 2, 1]);
    const kept = readSingle(setUnsorted(c, b, a));
    expect(children(kept).map((t) => t.tag)).toEqual([0x04, 0x02, 0x02]);
  });

  it('round-trips integers, OIDs and times through the project reader', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 600n), max: 1n << 600n }), (n) => {
        expect(readInteger(readSingle(integer(n)))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.bigInt({ min: 0n, max: 1n << 70n }), { maxLength: 8 }),
        (a, b, rest) => {
          const dotted = [a, b, ...rest].join('.');
          expect(readOid(readSingle(oid(dotted)))).toBe(dotted);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const d = new Date(Math.floor(ms / 1000) * 1000);
        expect(readTime(readSingle(x509Time(d))).getTime()).toBe(d.getTime());
        expect(readTime(readSingle(generalizedTime(d))).getTime()).toBe(d.getTime());
      }),
    );
  });

  it('builds nested structures the reader walks', () => {
    const der = sequence(
      explicit(0, integer(2)),
      bitString(Uint8Array.of(1, 2, 3)),
      utf8String('Nguyễn Văn An'),
      printableString('030192628005'),
    );
    const kids = children(readSingle(der));
    expect(kids).toHaveLength(4);
    expect(readInteger(children(kids[0]!)[0]!)).toBe(2n);
    expect([...readBitString(kids[1]!)]).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(value(kids[2]!))).toBe('Nguyễn Văn An');
  });

  it('rejects values it cannot encode', () => {
    expect(() => printableString('Nữ')).toThrow(/PrintableString/);
    expect(() => oid('3.1')).toThrow();
    expect(() => oid('1.x')).toThrow();
    expect(() => utcTime(new Date('2050-01-01T00:00:00Z'))).toThrow();
  });

  it('is accepted by openssl asn1parse when available', () => {
    let ok = true;
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      ok = false;
    }
    if (!ok) {
      console.warn('openssl not found: asn1parse cross-check skipped');
      return;
    }
    const der = sequence(integer(-129), oid('2.23.136.1.1.1'), set(utf8String('Hà'), integer(1)));
    const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: der }).toString();
    expect(out).toContain('INTEGER           :-81');
    expect(out).toContain('OBJECT            :2.23.136.1.1.1');
    expect(out).toContain('UTF8STRING');
  });
});
