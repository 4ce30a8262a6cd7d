import { describe, expect, it } from 'vitest';
import { parseSod } from '../../src/chip/index.js';
import { cccd } from './_fixtures.js';

describe('parsed certificates shared by encoding', () => {
  it('gives the same certificate for the same bytes, unaffected by later changes to the input', () => {
    const a = cccd('EF_SOD.bin');
    const first = parseSod(a).signedData.certificates[0]!;
    const second = parseSod(cccd('EF_SOD.bin')).signedData.certificates[0]!;
    expect(parseSod(cccd('EF_SOD.bin')).signedData.certificates[0]).toBe(second);
    expect(Buffer.compare(second.raw, first.raw)).toBe(0);
    expect(second.serialHex).toBe(first.serialHex);
    const buf = cccd('EF_SOD.bin');
    const off = Buffer.from(buf).indexOf(Buffer.from(first.raw));
    const again = parseSod(buf).signedData.certificates[0]!;
    const before = Buffer.from(again.raw);
    buf.fill(0, off, off + first.raw.length);
    expect(Buffer.compare(again.raw, before)).toBe(0);
  });

  it('parses a certificate whose signature differs as its own certificate', () => {
    const buf = cccd('EF_SOD.bin');
    const cert = parseSod(buf).signedData.certificates[0]!;
    const off = Buffer.from(buf).indexOf(Buffer.from(cert.raw));
    const b = buf.slice();
    b[off + cert.raw.length - 1]! ^= 1;
    const other = parseSod(b).signedData.certificates[0]!;
    expect(other).not.toBe(cert);
    expect(other.signature.at(-1)).toBe((cert.signature.at(-1)! ^ 1) & 0xff);
  });
});
