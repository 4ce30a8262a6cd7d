import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCom,
  buildDg1,
  buildDg2,
  buildDg13,
  buildDg14,
  buildDg15,
  buildEncodedCards,
  buildLdsSecurityObject,
  buildSignedAttrs,
  CardFactory,
  CURVES,
  cardToJsonLine,
  cccdExpiry,
  Drbg,
  encodeGreyJpeg,
  generatePerson,
  type Person,
  padJpeg,
  td1Lines,
} from '../../src/cardgen/index.js';
import { ecSpki } from '../../src/cardgen/keys.js';
import { children, raw, readSingle, value } from '../../src/der/index.js';
import { hashOf, icaoCheckDigit, parseCert, parseSod, verifyWith } from './_independent.js';

/** Walks JPEG markers (T.81 §B.1.1.2): returns marker codes, failing on any structural error. */
function jpegMarkers(b: Uint8Array): number[] {
  expect([b[0], b[1]]).toEqual([0xff, 0xd8]);
  const out: number[] = [0xd8];
  let p = 2;
  for (;;) {
    expect(b[p]).toBe(0xff);
    const m = b[p + 1]!;
    out.push(m);
    if (m === 0xd9) {
      expect(p + 2).toBe(b.length);
      return out;
    }
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    p += 2 + len;
    if (m === 0xda) {
      // Entropy-coded data: skip to the next marker that is not a stuffed 0xFF00.
      while (!(b[p] === 0xff && b[p + 1] !== 0)) p++;
    }
  }
}

describe('card generator parts', () => {
  it('draws people whose ID number, MRZ and expiry are consistent (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 1400 }),
        (seed, days) => {
          const issued = new Date(Date.UTC(2021, 0, 1) + days * 86_400_000);
          const min = new Date(Date.UTC(2031, 0, 1));
          const p = generatePerson(new Drbg(seed), { issued, validUntilAtLeast: min });
          const g = Number(p.idNumber[3]);
          expect(p.idNumber).toMatch(/^0\d{2}[0-3]\d{8}$/);
          expect(Math.floor(g / 2) + 19).toBe(Math.floor(p.dateOfBirth.year / 100));
          expect(g % 2).toBe(p.sex === 'F' ? 1 : 0);
          expect(p.idNumber.slice(4, 6)).toBe(String(p.dateOfBirth.year % 100).padStart(2, '0'));
          expect(p.dateOfExpiry).not.toBeNull();
          expect(
            Date.UTC(p.dateOfExpiry!.year, p.dateOfExpiry!.month - 1, p.dateOfExpiry!.day),
          ).toBeGreaterThanOrEqual(min.getTime());
          expect(p.dateOfIssue.year - p.dateOfBirth.year).toBeGreaterThanOrEqual(14);
          expect(p.fullName.startsWith(`${p.familyName} `)).toBe(true);
          expect(p.fatherName.startsWith(`${p.familyName} `)).toBe(true);
          expect(p.oldIdNumber).toMatch(/^(\d{9})?$/);
          const [l1, l2, l3] = td1Lines(p);
          for (const l of [l1, l2, l3]) expect(l).toMatch(/^[A-Z0-9<]{30}$/);
          expect(icaoCheckDigit(l1.slice(5, 14))).toBe(Number(l1[14]));
          expect(icaoCheckDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29))).toBe(
            Number(l2[29]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sets the expiry by the renewal ages 25, 40 and 60 (Law on Citizen Identification 2014 Art. 21)', () => {
    const dob = { year: 2000, month: 5, day: 10 };
    expect(cccdExpiry(dob, { year: 2021, month: 3, day: 1 })).toEqual({ year: 2025, month: 5, day: 10 });
    // Within two years before 25: valid until 40.
    expect(cccdExpiry(dob, { year: 2023, month: 6, day: 1 })).toEqual({ year: 2040, month: 5, day: 10 });
    expect(cccdExpiry(dob, { year: 2023, month: 5, day: 9 })).toEqual({ year: 2025, month: 5, day: 10 });
    expect(cccdExpiry({ year: 1970, month: 2, day: 1 }, { year: 2021, month: 1, day: 1 })).toEqual({
      year: 2030,
      month: 2,
      day: 1,
    });
    // From 58 on the card does not expire.
    expect(cccdExpiry({ year: 1960, month: 1, day: 1 }, { year: 2021, month: 1, day: 1 })).toBeNull();
    // 29 February → 28 February in a common year.
    expect(cccdExpiry({ year: 2004, month: 2, day: 29 }, { year: 2021, month: 1, day: 1 })).toEqual({
      year: 2029,
      month: 2,
      day: 28,
    });
  });

  it('encodes well-formed baseline JPEGs and pads them to exact sizes with COM segments', () => {
    const flat = encodeGreyJpeg(new Uint8Array(64 * 80).fill(128), 64, 80);
    expect(jpegMarkers(flat)).toEqual([0xd8, 0xe0, 0xdb, 0xc0, 0xc4, 0xda, 0xd9]);
    const noisy = new Uint8Array(64 * 80);
    const d = new Drbg('noise');
    noisy.set(d.bytes(noisy.length));
    const big = encodeGreyJpeg(noisy, 64, 80);
    expect(big.length).toBeGreaterThan(flat.length);
    fc.assert(
      fc.property(fc.integer({ min: big.length + 4, max: 140_000 }), fc.integer(), (target, seed) => {
        const padded = padJpeg(big, target, seed);
        expect(padded.length).toBe(target);
        const markers = jpegMarkers(padded);
        expect(markers.filter((m) => m !== 0xfe)).toEqual([0xd8, 0xe0, 0xdb, 0xc0, 0xc4, 0xda, 0xd9]);
        expect(markers[2]).toBe(0xfe);
        // The image data is unchanged after the inserted segments.
        expect(Buffer.from(padded.subarray(-1000)).equals(Buffer.from(big.subarray(-1000)))).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(padJpeg(big, big.length, 1)).toBe(big);
    expect(() => padJpeg(big, big.length + 2, 1)).toThrow(
      expect.objectContaining({ code: 'DD_CARDGEN_BAD_OPTION' }),
    );
  });

  it('draws reproducible, label-separated DRBG streams without modulo bias in range', () => {
    expect(Buffer.from(new Drbg('s', 'a').bytes(64))).toEqual(Buffer.from(new Drbg('s', 'a').bytes(64)));
    expect(Buffer.from(new Drbg('s', 'a').bytes(32))).not.toEqual(Buffer.from(new Drbg('s', 'b').bytes(32)));
    // Reading in pieces gives the same stream as reading at once.
    const whole = new Drbg('s').bytes(600);
    const parts = new Drbg('s');
    const joined = Buffer.concat([parts.bytes(7), parts.bytes(300), parts.bytes(293)]);
    expect(joined).toEqual(Buffer.from(whole));
    const r = new Drbg('range');
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.below(6)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    const n = (1n << 255n) - 19n;
    for (let i = 0; i < 50; i++) {
      const x = r.scalar(n);
      expect(x >= 1n && x < n).toBe(true);
    }
    expect(() => r.below(0)).toThrow(expect.objectContaining({ code: 'DD_CARDGEN_BAD_OPTION' }));
  });
});

describe('parallel card building', () => {
  it('falls back to the calling thread where worker threads cannot load the sources (vitest)', async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of buildEncodedCards({
      options: { seed: 'par' },
      count: 5,
      format: 'ndjson',
      workers: 2,
      batchSize: 2,
    })) {
      chunks.push(c);
    }
    expect(chunks).toHaveLength(3);
    const lines = Buffer.concat(chunks).toString().trimEnd().split('\n');
    const factory = new CardFactory({ seed: 'par' });
    expect(lines).toEqual([...factory.cards(5)].map((c) => cardToJsonLine(c)));
    await expect(async () => {
      for await (const _ of buildEncodedCards({
        options: { seed: 'x' },
        count: 1,
        format: 'ndjson',
        workers: 0,
      }));
    }).rejects.toMatchObject({ code: 'DD_CARDGEN_BAD_OPTION' });
  });
});

describe('data group layouts against the OpenSSL reference card', () => {
  it('rebuild its DG1 and DG13 byte for byte from its person.json', () => {
    const dir = join(import.meta.dirname, '../../../../fixtures/icao/openssl-cccd');
    const ref = JSON.parse(readFileSync(join(dir, 'person.json'), 'utf8')).dg13;
    const date = (s: string) => {
      const [day, month, year] = s.split('/').map(Number);
      return { year: year!, month: month!, day: day! };
    };
    const [familyName, ...given] = (ref.full_name as string).split(' ');
    const person: Person = {
      idNumber: ref.id_number,
      fullName: ref.full_name,
      familyName: familyName!,
      givenNames: given.join(' '),
      sex: ref.sex === 'Nam' ? 'M' : 'F',
      dateOfBirth: date(ref.date_of_birth),
      nationality: ref.nationality,
      ethnicity: ref.ethnicity,
      religion: ref.religion,
      placeOfOrigin: ref.place_of_origin,
      placeOfResidence: ref.place_of_residence,
      identifyingMarks: ref.identifying_marks,
      dateOfIssue: date(ref.date_of_issue),
      dateOfExpiry: date(ref.date_of_expiry),
      fatherName: ref.father_name,
      motherName: ref.mother_name,
      spouseName: ref.spouse_name ?? '',
      oldIdNumber: ref.old_id_number,
    };
    expect(Buffer.from(buildDg13(person)).equals(readFileSync(join(dir, 'EF_DG13.bin')))).toBe(true);
    expect(Buffer.from(buildDg1(person)).equals(readFileSync(join(dir, 'EF_DG1.bin')))).toBe(true);
    expect(Buffer.from(buildCom([1, 2, 13, 14, 15])).equals(readFileSync(join(dir, 'EF_COM.bin')))).toBe(
      true,
    );
  });

  it('rebuild its DG15 and DG14 byte for byte from their public keys (explicit brainpoolP256r1 parameters)', () => {
    const dir = join(import.meta.dirname, '../../../../fixtures/icao/openssl-cccd');
    const dg15 = new Uint8Array(readFileSync(join(dir, 'EF_DG15.bin')));
    const point = value(children(children(readSingle(dg15))[0]!)[1]!).subarray(1);
    expect(
      Buffer.from(buildDg15(ecSpki(CURVES.brainpoolP256r1, point, true))).equals(Buffer.from(dg15)),
    ).toBe(true);
    const dg14 = new Uint8Array(readFileSync(join(dir, 'EF_DG14.bin')));
    const caInfo = children(children(readSingle(dg14))[0]!)[2]!;
    const caSpki = raw(children(caInfo)[1]!);
    expect(Buffer.from(buildDg14(caSpki, 'sha256')).equals(Buffer.from(dg14))).toBe(true);
  });

  it('rebuild its DG2 byte for byte around its JPEG (ISO/IEC 19794-5 header, biometric template)', () => {
    const dir = join(import.meta.dirname, '../../../../fixtures/icao/openssl-cccd');
    const dg2 = readFileSync(join(dir, 'EF_DG2.bin'));
    const jpeg = new Uint8Array(dg2.subarray(dg2.indexOf(Buffer.from([0xff, 0xd8, 0xff]))));
    expect(Buffer.from(buildDg2(jpeg, 'F')).equals(dg2)).toBe(true);
  });

  it('rebuild its LDSSecurityObject and signedAttrs byte for byte (the signature then verifies under its DSC)', () => {
    const dir = join(import.meta.dirname, '../../../../fixtures/icao/openssl-cccd');
    const dgs = new Map(
      [1, 2, 13, 14, 15].map((n) => [n, new Uint8Array(readFileSync(join(dir, `EF_DG${n}.bin`)))] as const),
    );
    const sod = parseSod(new Uint8Array(readFileSync(join(dir, 'EF_SOD.bin'))));
    const lds = buildLdsSecurityObject('sha256', dgs);
    expect(Buffer.from(lds).equals(Buffer.from(sod.lds))).toBe(true);
    const attrs = buildSignedAttrs(sod.signingTime, hashOf('sha384', lds));
    expect(Buffer.from(attrs).equals(Buffer.from(sod.signedAttrsSet))).toBe(true);
    const dsc = parseCert(new Uint8Array(readFileSync(join(dir, 'dsc.der'))));
    expect(verifyWith(dsc.spki, sod.signatureAlgorithm, attrs, sod.signature)).toBe(true);
  });
});
