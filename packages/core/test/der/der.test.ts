import { DinhdanhError } from '@dinhdanh/core/errors';
import { describe, expect, it } from 'vitest';
import {
  children,
  decodeOid,
  readInteger,
  readSingle,
  readTime,
  readTlv,
  value,
} from '../../src/der/index.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DinhdanhError ? e.code : `untyped: ${String(e)}`;
  }
  return undefined;
};

describe('DER reader', () => {
  it('reads a nested SEQUENCE without copying', () => {
    const buf = hex('30 06 02 01 05 04 01 aa');
    const seq = readSingle(buf);
    const [i, o] = children(seq);
    expect(readInteger(i!)).toBe(5n);
    expect(value(o!).buffer).toBe(buf.buffer);
    expect(Array.from(value(o!))).toEqual([0xaa]);
  });

  it('decodes OIDs (X.690 §8.19 example and a brainpool arc)', () => {
    expect(decodeOid(hex('2a 86 48 86 f7 0d 01 01 0a'))).toBe('1.2.840.113549.1.1.10');
    expect(decodeOid(hex('2b 24 03 03 02 08 01 01 0d'))).toBe('1.3.36.3.3.2.8.1.1.13');
  });

  it('decodes OIDs with arcs beyond 2^53 (2.25 UUID form) exactly', () => {
    // 2.25.329800735698586629295641978511506172918 (RFC 4122 §C example UUID f81d4fae-7dec-11d0-a765-00a0c91e6bf6)
    const uuid = 0xf81d4fae7dec11d0a76500a0c91e6bf6n;
    const arcs: number[] = [];
    for (let x = uuid; x > 0n; x >>= 7n) arcs.unshift(Number(x & 0x7fn));
    const body = [0x69, ...arcs.map((a, i) => (i < arcs.length - 1 ? a | 0x80 : a))];
    expect(decodeOid(Uint8Array.from(body))).toBe(`2.25.${uuid}`);
    expect(decodeOid(hex('2a 86 48 ce 3d 04 03 02'))).toBe('1.2.840.10045.4.3.2');
    expect(decodeOid(hex('06'))).toBe('0.6');
    expect(decodeOid(hex('51'))).toBe('2.1');
  });

  it('reads negative and long integers', () => {
    expect(readInteger(readSingle(hex('02 01 ff')))).toBe(-1n);
    expect(readInteger(readSingle(hex('02 02 00 80')))).toBe(128n);
  });

  it('accepts indefinite lengths only in BER mode', () => {
    const buf = hex('30 80 02 01 01 00 00');
    expect(codeOf(() => readSingle(buf))).toBe('DD_DER_BAD_LENGTH');
    const t = readSingle(buf, { ber: true });
    expect(t.indefinite).toBe(true);
    expect(children(t, { ber: true })).toHaveLength(1);
  });

  it('parses UTCTime and GeneralizedTime', () => {
    expect(readTime(readSingle(hex('17 0d 3236313132373030303030305a'))).toISOString()).toBe(
      '2026-11-27T00:00:00.000Z',
    );
    expect(readTime(readSingle(hex('18 0f 32303530303130313030303030305a'))).toISOString()).toBe(
      '2050-01-01T00:00:00.000Z',
    );
  });

  it.each([
    ['truncated value', '30 05 02 01 05', 'DD_DER_TRUNCATED'],
    ['non-minimal length', '04 81 01 aa', 'DD_DER_BAD_LENGTH'],
    ['non-minimal integer', '02 02 00 05', 'DD_DER_BAD_VALUE'],
    ['trailing bytes', '05 00 00', 'DD_DER_TRAILING_DATA'],
    ['empty input', '', 'DD_DER_TRUNCATED'],
    ['5-byte length', '04 85 01 00 00 00 00', 'DD_DER_BAD_LENGTH'],
    ['missing end-of-contents', '30 80 02 01 01', 'DD_DER_TRUNCATED'],
  ])('rejects %s with a typed error', (_name, input, code) => {
    const parse = () => {
      const t = readSingle(hex(input), { ber: input.startsWith('30 80') });
      return t.tagNumber === 2 ? readInteger(t) : t;
    };
    expect(codeOf(parse)).toBe(code);
  });

  it('limits nesting depth of indefinite values', () => {
    const depth = 100;
    const buf = hex('30 80'.repeat(depth) + '00 00'.repeat(depth));
    expect(codeOf(() => readTlv(buf, 0, buf.length, { ber: true }))).toBe('DD_DER_TOO_DEEP');
  });
});
