import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc16CcittFalse,
  crcHex,
  decodeVietQr,
  encodeVietQr,
  type VietQrFields,
} from '../../src/vietqr/index.js';

interface Vectors {
  valid: { payload: string; fields: VietQrFields }[];
  invalid: { payload: string; why: string }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/vietqr/payloads.json', import.meta.url), 'utf8'),
) as Vectors;

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code ?? `untyped: ${String(e)}`;
  }
  return undefined;
};

/** Appends a correct CRC so a test isolates the check it is about. */
const withCrc = (body: string): string => `${body}6304${crcHex(`${body}6304`)}`;

describe('CRC-16/CCITT-FALSE', () => {
  it('check("123456789") = 0x29B1 (the catalogue check value)', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
    expect(crcHex('')).toBe('FFFF');
  });
});

describe('fixtures/vietqr/payloads.json', () => {
  it.each(vectors.valid.map((v) => [v.payload, v.fields] as const))(
    'decodes and re-encodes %s',
    (payload, fields) => {
      const decoded = decodeVietQr(payload);
      expect(decoded).toEqual(fields);
      expect(encodeVietQr(decoded)).toBe(payload);
    },
  );

  it.each(vectors.invalid.map((v) => [v.why, v.payload] as const))('rejects: %s', (why, payload) => {
    const code = codeOf(() => decodeVietQr(payload));
    expect(code).toMatch(/^DD_VIETQR_/);
    if (/CRC/i.test(why)) expect(code).toBe('DD_VIETQR_CRC_MISMATCH');
  });
});

// The project's shared vector set (../shared), when present; the fixtures above are a copy of it.
const SHARED = new URL('../../../../../shared/vectors/vietqr/payloads.json', import.meta.url);
describe.skipIf(!existsSync(SHARED))('../shared/vectors/vietqr', () => {
  const shared = existsSync(SHARED)
    ? (JSON.parse(readFileSync(SHARED, 'utf8')) as Vectors)
    : { valid: [], invalid: [] };
  it('every valid payload decodes to its fields and re-encodes to the same string; every invalid one is rejected', () => {
    expect(shared.valid.length).toBeGreaterThan(0);
    for (const v of shared.valid) {
      expect(decodeVietQr(v.payload)).toEqual(v.fields);
      expect(encodeVietQr(decodeVietQr(v.payload))).toBe(v.payload);
    }
    for (const v of shared.invalid) expect(codeOf(() => decodeVietQr(v.payload))).toMatch(/^DD_VIETQR_/);
  });
});

describe('encode', () => {
  it('writes a dynamic card-transfer QR with every optional field, which decodes back', () => {
    const fields = {
      bin: '970436',
      account: '9704366614562789',
      service: 'QRIBFTTC' as const,
      amount: 1_250_000,
      mcc: '8211',
      merchantName: 'TRUONG THCS NGUYEN DU',
      merchantCity: 'HA NOI',
      billNumber: 'HP-2026-03',
      reference: 'pay_0123456789abcdefghjk',
      purpose: 'Hoc phi thang 3',
    };
    const payload = encodeVietQr(fields);
    expect(payload.startsWith('000201010212')).toBe(true);
    expect(decodeVietQr(payload)).toEqual({
      ...fields,
      initiation: 'dynamic',
      currency: '704',
      country: 'VN',
    });
  });

  it('defaults to a static account-transfer QR without an amount', () => {
    expect(decodeVietQr(encodeVietQr({ bin: '970415', account: '113366668888' }))).toEqual({
      initiation: 'static',
      bin: '970415',
      account: '113366668888',
      service: 'QRIBFTTA',
      currency: '704',
      country: 'VN',
    });
  });

  it('round-trips arbitrary valid fields (property)', () => {
    const printable = (max: number) =>
      fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        minLength: 1,
        maxLength: max,
      });
    fc.assert(
      fc.property(
        fc.record(
          {
            bin: fc.stringMatching(/^\d{6}$/),
            account: fc.stringMatching(/^[0-9A-Za-z]{1,19}$/),
            amount: fc.integer({ min: 1, max: 9_999_999_999_999 }),
            merchantName: printable(25),
            purpose: printable(25),
            reference: printable(25),
          },
          { requiredKeys: ['bin', 'account'] },
        ),
        (f) => {
          const payload = encodeVietQr(f);
          const back = decodeVietQr(payload);
          expect(encodeVietQr(back)).toBe(payload);
          expect(back).toMatchObject(f);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    [{ bin: '97043', account: '1' }, '38.01.00'],
    [{ bin: '970436', account: '' }, '38.01.01'],
    [{ bin: '970436', account: '12345678901234567890' }, '38.01.01'],
    [{ bin: '970436', account: '123-456' }, '38.01.01'],
    [{ bin: '970436', account: 'ABC', service: 'QRIBFTTC' }, '38.01.01'],
    [{ bin: '970436', account: '1', amount: 0 }, '54'],
    [{ bin: '970436', account: '1', amount: -5 }, '54'],
    [{ bin: '970436', account: '1', amount: 10.5 }, '54'],
    [{ bin: '970436', account: '1', amount: 10_000_000_000_000 }, '54'],
    [{ bin: '970436', account: '1', purpose: 'Học phí' }, '62.08'],
    [{ bin: '970436', account: '1', purpose: 'x'.repeat(26) }, '62.08'],
    [{ bin: '970436', account: '1', currency: '840' }, '53'],
    [{ bin: '970436', account: '1', country: 'US' }, '58'],
    [{ bin: '970436', account: '1', service: 'QRPUSH' }, '38.02'],
    [{ bin: '970436', account: '1', mcc: '12' }, '52'],
  ])('refuses %j at object %s', (input, path) => {
    try {
      encodeVietQr(input as never);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('DD_VIETQR_FIELD_INVALID');
      expect((e as { details: { path: string } }).details.path).toBe(path);
    }
  });
});

describe('decode rejects malformed payloads with the reason', () => {
  const good = vectors.valid[0]!.payload;
  const body = good.slice(0, -8);
  it.each([
    ['empty', '', 'DD_VIETQR_CRC_MISSING'],
    ['no CRC object', body, 'DD_VIETQR_CRC_MISSING'],
    ['lower-case CRC', `${good.slice(0, -4)}${good.slice(-4).toLowerCase()}`, 'DD_VIETQR_CRC_MISSING'],
    ['CRC mismatch', `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`, 'DD_VIETQR_CRC_MISMATCH'],
    ['non-ASCII', good.replace('Chuyen', 'Chuyển'), 'DD_VIETQR_NOT_ASCII'],
    ['too long', `${'0'.repeat(600)}`, 'DD_VIETQR_TOO_LONG'],
    ['length past end', withCrc('000201010212389900'), 'DD_VIETQR_MALFORMED'],
    ['non-digit length', withCrc('0002010101AB12'), 'DD_VIETQR_MALFORMED'],
    ['00 not first', withCrc(`010212${body.slice(0, 6)}${body.slice(12)}`), 'DD_VIETQR_MALFORMED'],
    ['bad format indicator', withCrc(`000202${body.slice(6)}`), 'DD_VIETQR_FIELD_INVALID'],
    ['bad initiation', withCrc(body.replace('010212', '010213')), 'DD_VIETQR_FIELD_INVALID'],
    ['other currency', withCrc(body.replace('5303704', '5303840')), 'DD_VIETQR_FIELD_INVALID'],
    ['fractional amount', withCrc(body.replace('540510000', '54071000.50')), 'DD_VIETQR_FIELD_INVALID'],
    ['duplicate tag', withCrc(`${body}5802VN`), 'DD_VIETQR_DUPLICATE_TAG'],
    ['unknown tag', withCrc(`${body}6402vi`), 'DD_VIETQR_UNSUPPORTED'],
    ['not NAPAS', withCrc(body.replace('A000000727', 'A000000999')), 'DD_VIETQR_UNSUPPORTED'],
    ['missing merchant account', withCrc('00020101021253037045405100005802VN'), 'DD_VIETQR_FIELD_MISSING'],
  ])('%s → %s', (_name, payload, code) => {
    expect(codeOf(() => decodeVietQr(payload))).toBe(code);
  });

  it('never throws anything but a typed error on random input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const code = codeOf(() => decodeVietQr(withCrc(s)));
        expect(code === undefined || code.startsWith('DD_VIETQR_')).toBe(true);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 9 }), fc.integer({ min: 32, max: 126 }), (i, c) => {
        const mutated = good.slice(0, i) + String.fromCharCode(c) + good.slice(i + 1);
        const code = codeOf(() => decodeVietQr(mutated));
        if (mutated !== good) expect(code).toMatch(/^DD_VIETQR_/);
      }),
      { numRuns: 500 },
    );
  });
});
