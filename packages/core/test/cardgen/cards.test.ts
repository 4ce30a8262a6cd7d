import { execFileSync } from 'node:child_process';
import { constants, createHash, publicDecrypt, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brainpoolP256r1, brainpoolP384r1 } from '@noble/curves/misc.js';
import { describe, expect, it } from 'vitest';
import {
  CardFactory,
  cardToJson,
  type GeneratedCard,
  TAMPER_KINDS,
  tamperedCards,
  trustFiles,
} from '../../src/cardgen/index.js';
import { children, readInteger, readOid, readSingle, value } from '../../src/der/index.js';
import {
  equalBytes,
  hashOf,
  hasTool,
  icaoCheckDigit,
  parseCert,
  parseSod,
  publicKey,
  tagTree,
  verifyWith,
} from './_independent.js';

const OPENSSL = hasTool('openssl', ['version']);
const DJPEG = hasTool('djpeg', ['-version']);
const REF = join(import.meta.dirname, '../../../../fixtures/icao/openssl-cccd');
const utf8 = new TextDecoder();

const factory = new CardFactory({ seed: 'test-seed-1', cardsPerDsc: 3 });
const cards = [...factory.cards(7)];

/** DG13 fields by number → the value elements (walks the SET by field number, DOMAIN notes §2). */
function dg13Fields(dg13: Uint8Array): Map<number, Uint8Array[]> {
  const seq = children(readSingle(dg13))[0]!;
  const [version, charset, set] = children(seq);
  expect(readInteger(version!)).toBe(1n);
  expect(readOid(charset!)).toBe('1.0.10646.1.0.8');
  const out = new Map<number, Uint8Array[]>();
  for (const f of children(set!)) {
    const [n, ...vals] = children(f);
    out.set(
      Number(readInteger(n!)),
      vals.map((v) => (v.constructed ? value(children(v)[0]!) : value(v))),
    );
  }
  return out;
}

const text = (m: Map<number, Uint8Array[]>, n: number): string =>
  utf8.decode(m.get(n)?.[0] ?? new Uint8Array());

function mrzOf(card: GeneratedCard): string[] {
  const dg1 = readSingle(card.dataGroups['1']!);
  const mrz = children(dg1)[0]!;
  expect(mrz.tag).toBe(0x5f1f);
  const s = utf8.decode(value(mrz));
  expect(s).toHaveLength(90);
  return [s.slice(0, 30), s.slice(30, 60), s.slice(60)];
}

function checkPassive(card: GeneratedCard): void {
  const sod = parseSod(card.sod);
  // Every DG on the card is hashed in the SOD and matches.
  expect([...sod.dgHashes.keys()].sort((a, b) => a - b)).toEqual([1, 2, 13, 14, 15]);
  for (const [n, h] of sod.dgHashes)
    expect(equalBytes(hashOf(sod.ldsHash, card.dataGroups[String(n)]!), h)).toBe(true);
  expect(sod.ldsHash).toBe('sha256');
  expect(equalBytes(hashOf(sod.cmsDigest, sod.lds), sod.messageDigest)).toBe(true);
  const dsc = parseCert(sod.certificate);
  expect(verifyWith(dsc.spki, sod.signatureAlgorithm, sod.signedAttrsSet, sod.signature)).toBe(true);
  const csca = parseCert(factory.pki.csca.cert.der);
  expect(verifyWith(csca.spki, dsc.signatureAlgorithm, dsc.tbs, dsc.signature)).toBe(true);
  expect(equalBytes(dsc.issuer, csca.subject)).toBe(true);
  expect(sod.signingTime.getTime()).toBeGreaterThan(dsc.notBefore.getTime());
  expect(sod.signingTime.getTime()).toBeLessThan(dsc.notAfter.getTime());
}

describe('synthetic CCCD cards (checked independently)', () => {
  it('pass passive authentication under node:crypto', () => {
    for (const c of cards) checkPassive(c);
  });

  it('group cards by Document Signer as asked', () => {
    const serial = (c: GeneratedCard) => parseCert(parseSod(c.sod).certificate).serial;
    expect(serial(cards[0]!)).toBe(serial(cards[2]!));
    expect(serial(cards[2]!)).not.toBe(serial(cards[3]!));
    expect(new Set(cards.map(serial)).size).toBe(3);
  });

  it('verify with openssl cms when available', (ctx) => {
    if (!OPENSSL) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'cardgen-'));
    try {
      const c = cards[0]!;
      const cms = c.sod.subarray(4); // 77 82 LL LL
      expect(c.sod[1]).toBe(0x82);
      writeFileSync(join(dir, 'sod.der'), cms);
      execFileSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-inform',
          'DER',
          '-in',
          join(dir, 'sod.der'),
          '-noverify',
          '-binary',
          '-out',
          join(dir, 'lds.der'),
        ],
        { stdio: 'pipe' },
      );
      expect(equalBytes(readFileSync(join(dir, 'lds.der')), parseSod(c.sod).lds)).toBe(true);
      writeFileSync(join(dir, 'csca.der'), factory.pki.csca.cert.der);
      writeFileSync(join(dir, 'dsc.der'), parseSod(c.sod).certificate);
      const pem = (f: string) =>
        execFileSync('openssl', ['x509', '-inform', 'DER', '-in', join(dir, f)]).toString();
      writeFileSync(join(dir, 'csca.pem'), pem('csca.der'));
      writeFileSync(join(dir, 'dsc.pem'), pem('dsc.der'));
      // Named-curve keys: OpenSSL's full chain validation accepts them.
      const out = execFileSync('openssl', [
        'verify',
        '-CAfile',
        join(dir, 'csca.pem'),
        join(dir, 'dsc.pem'),
      ]).toString();
      expect(out).toContain('OK');
      const txt = execFileSync('openssl', [
        'x509',
        '-inform',
        'DER',
        '-in',
        join(dir, 'dsc.der'),
        '-noout',
        '-text',
      ]).toString();
      expect(txt).toMatch(/Key Usage: critical\s+Digital Signature/);
      expect(txt).toContain('URI:http://pki.test.invalid/csca-cccd.crl');
      expect(txt).toContain('Authority Key Identifier');
      writeFileSync(join(dir, 'crl.der'), factory.pki.crl);
      const crl = execFileSync(
        'openssl',
        [
          'crl',
          '-inform',
          'DER',
          '-in',
          join(dir, 'crl.der'),
          '-CAfile',
          join(dir, 'csca.pem'),
          '-noout',
          '-text',
        ],
        { stdio: 'pipe' },
      ).toString();
      expect(crl).toContain('Key Compromise');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carry a consistent TD1 MRZ with correct 7-3-1 check digits', () => {
    // The reference card's MRZ, checked with the same independent routine.
    const ref = JSON.parse(readFileSync(join(REF, 'person.json'), 'utf8')).mrz as string[];
    for (const lines of [ref, ...cards.map(mrzOf)]) {
      const [l1, l2] = lines as [string, string];
      expect(icaoCheckDigit(l1.slice(5, 14))).toBe(Number(l1[14]));
      expect(icaoCheckDigit(l1.slice(15, 27))).toBe(Number(l1[29]));
      expect(icaoCheckDigit(l2.slice(0, 6))).toBe(Number(l2[6]));
      expect(icaoCheckDigit(l2.slice(8, 14))).toBe(Number(l2[14]));
      expect(icaoCheckDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29))).toBe(
        Number(l2[29]),
      );
    }
  });

  it('agree between DG1, DG13, the ID number structure and the QR string', () => {
    for (const c of cards) {
      const f = dg13Fields(c.dataGroups['13']!);
      const id = text(f, 1);
      const [dd, mm, yyyy] = text(f, 3).split('/');
      const sex = text(f, 4);
      const [l1, l2, l3] = mrzOf(c);
      expect(id).toMatch(/^\d{12}$/);
      expect(l1!.slice(5, 14)).toBe(id.slice(3));
      expect(l1!.slice(15, 27)).toBe(id);
      expect(l2!.slice(0, 6)).toBe(`${yyyy!.slice(2)}${mm}${dd}`);
      expect(l2![7]).toBe(sex === 'Nam' ? 'M' : 'F');
      const [ed, em, ey] = text(f, 12).split('/');
      expect(l2!.slice(8, 14)).toBe(`${ey!.slice(2)}${em}${ed}`);
      // PPP G YY RRRRRR: G = 2·(century − 19) + (female ? 1 : 0).
      const g = Number(id[3]);
      expect(Math.floor(g / 2)).toBe(Number(yyyy!.slice(0, 2)) - 19);
      expect(g % 2).toBe(sex === 'Nữ' ? 1 : 0);
      expect(id.slice(4, 6)).toBe(yyyy!.slice(2));
      expect(l3).toMatch(/^[A-Z]+<<[A-Z<]+$/);
      const qr = c.qr!.split('|');
      expect(qr).toHaveLength(7);
      expect(qr[0]).toBe(id);
      expect(qr[1]).toBe(f.has(15) ? text(f, 15) : '');
      expect(qr[2]).toBe(text(f, 2));
      expect(qr[3]).toBe(`${dd}${mm}${yyyy}`);
      expect(qr[4]).toBe(sex);
      expect(qr[5]).toBe(text(f, 9));
      expect(qr[6]).toBe(text(f, 11).replaceAll('/', ''));
      expect(f.get(13)).toHaveLength(2); // father, mother
      expect(text(f, 2).normalize('NFC')).toBe(text(f, 2));
      expect(text(f, 5)).toBe('Việt Nam');
    }
  });

  it('answer AA challenges with ECDSA plain r‖s under the DG15 key', () => {
    for (const c of cards) {
      const spki = value(readSingle(c.dataGroups['15']!));
      const key = publicKey(spki);
      expect(verify('sha256', c.aa!.challenge, { key, dsaEncoding: 'ieee-p1363' }, c.aa!.signature)).toBe(
        true,
      );
      const fresh = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(verify('sha256', fresh, { key, dsaEncoding: 'ieee-p1363' }, c.chip.answer(fresh))).toBe(true);
      expect(() => c.chip.answer(new Uint8Array(7))).toThrow(
        expect.objectContaining({ code: 'DD_CARDGEN_BAD_OPTION' }),
      );
    }
  });

  it('are deterministic: same seed, same bytes; another seed, other bytes', () => {
    const again = new CardFactory({ seed: 'test-seed-1', cardsPerDsc: 3 });
    for (const i of [0, 4]) {
      expect(JSON.stringify(cardToJson(again.card(i)))).toBe(JSON.stringify(cardToJson(cards[i]!)));
    }
    expect(equalBytes(again.pki.crl, factory.pki.crl)).toBe(true);
    const other = new CardFactory({ seed: 'test-seed-2', cardsPerDsc: 3 }).card(0);
    expect(equalBytes(other.sod, cards[0]!.sod)).toBe(false);
    expect(other.person.idNumber).not.toBe(cards[0]!.person.idNumber);
  });

  it('follow the layouts of the independently made OpenSSL reference card', () => {
    const ref = (f: string) => readSingle(new Uint8Array(readFileSync(join(REF, f))));
    const c = cards[0]!;
    const explicitCard = new CardFactory({ seed: 'layout', explicitParams: true }).card(0);
    expect(tagTree(readSingle(explicitCard.dataGroups['15']!))).toBe(tagTree(ref('EF_DG15.bin')));
    expect(tagTree(readSingle(explicitCard.dataGroups['14']!))).toBe(tagTree(ref('EF_DG14.bin')));
    expect(tagTree(readSingle(c.dataGroups['2']!))).toBe(tagTree(ref('EF_DG2.bin')));
    expect(tagTree(readSingle(c.dataGroups['1']!))).toBe(tagTree(ref('EF_DG1.bin')));
    expect(tagTree(readSingle(c.com!))).toBe(tagTree(ref('EF_COM.bin')));
    expect(equalBytes(c.com!, readFileSync(join(REF, 'EF_COM.bin')))).toBe(true);
    // DG13: same field numbers in the same order and value types when both have the field.
    const fieldsOf = (t: ReturnType<typeof readSingle>) =>
      children(children(children(t)[0]!)[2]!).map((f) => tagTree(f));
    const ours = fieldsOf(readSingle(c.dataGroups['13']!));
    const theirs = fieldsOf(ref('EF_DG13.bin'));
    for (const [i, f] of ours.entries()) if (i !== 13) expect(f).toBe(theirs[i]);
    // The SOD down to SignerInfo (certificate contents aside).
    expect(tagTree(readSingle(c.sod), 0, 5)).toBe(tagTree(ref('EF_SOD.bin'), 0, 5));
    // DG2's ISO/IEC 19794-5 header: same fixed fields before the image.
    const fac = (b: Uint8Array) => {
      const i = Buffer.from(b).indexOf('FAC');
      return [...b.subarray(i, i + 46)];
    };
    const a = fac(c.dataGroups['2']!);
    const b = fac(new Uint8Array(readFileSync(join(REF, 'EF_DG2.bin'))));
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 18, 19, 34, 35, 36, 37, 38, 39, 40, 41])
      expect(a[i]).toBe(b[i]);
  });

  it('embed a decodable baseline JPEG, padded exactly to the requested DG2 size', (ctx) => {
    const big = new CardFactory({ seed: 'dg2', dg2Size: 18_000 }).card(0);
    expect(big.dataGroups['2']!.length).toBe(18_000);
    checkPassiveWith(big);
    const small = cards[0]!.dataGroups['2']!;
    expect(small.length).toBeGreaterThan(300);
    expect(small.length).toBeLessThan(4000);
    for (const dg2 of [small, big.dataGroups['2']!]) {
      const jpeg = Buffer.from(dg2.subarray(Buffer.from(dg2).indexOf(Buffer.from([0xff, 0xd8, 0xff]))));
      expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      if (!DJPEG) continue;
      const pgm = execFileSync('djpeg', ['-pnm'], { input: jpeg, stdio: ['pipe', 'pipe', 'pipe'] });
      expect(pgm.subarray(0, 9).toString()).toBe('P5\n64 80\n');
    }
    if (!DJPEG) ctx.skip();
  });

  it('write explicit EC parameters that match the named curves (noble cross-check)', () => {
    const f = new CardFactory({ seed: 'explicit', explicitParams: true });
    const c = f.card(0);
    checkPassiveWith(c, f);
    const dsc = parseCert(parseSod(c.sod).certificate);
    const alg = children(children(readSingle(dsc.spki))[0]!);
    const params = children(alg[1]!);
    expect(readInteger(params[0]!)).toBe(1n);
    const curve = brainpoolP384r1.Point.CURVE();
    expect(readInteger(children(params[1]!)[1]!)).toBe(curve.p);
    expect(readInteger(params[4]!)).toBe(curve.n);
    expect(readInteger(params[5]!)).toBe(1n);
    expect(equalBytes(value(params[3]!), brainpoolP384r1.Point.BASE.toBytes(false))).toBe(true);
    expect(value(children(params[2]!)[0]!)).toHaveLength(48); // a, as a fixed-length field element
    // noble verifies the SOD signature with the point from the explicit-parameter SPKI.
    const sod = parseSod(c.sod);
    const point = value(children(readSingle(dsc.spki))[1]!).subarray(1);
    const digest = createHash('sha384').update(sod.signedAttrsSet).digest();
    expect(
      brainpoolP384r1.verify(sod.signature, digest, point, { prehash: false, format: 'der', lowS: false }),
    ).toBe(true);
    // And the AA key in DG15 (brainpoolP256r1, explicit).
    const aaSpki = value(readSingle(c.dataGroups['15']!));
    const aaPoint = value(children(readSingle(aaSpki))[1]!).subarray(1);
    const aaDigest = createHash('sha256').update(c.aa!.challenge).digest();
    expect(brainpoolP256r1.verify(c.aa!.signature, aaDigest, aaPoint, { prehash: false, lowS: false })).toBe(
      true,
    );
    expect(children(children(readSingle(aaSpki))[0]!)[1]!.tag).toBe(0x30);
  });

  it('produce labelled tampered variants that differ in exactly the labelled way', () => {
    const t = new Map(tamperedCards(factory).map((c) => [c.expect.check!, c]));
    expect([...t.keys()]).toEqual(TAMPER_KINDS.map((k) => k.check));
    for (const c of t.values()) expect(c.expect.verdict).toBe('rejected');
    const csca = parseCert(factory.pki.csca.cert.der);
    const dgOk = (c: GeneratedCard, n: number) =>
      equalBytes(hashOf('sha256', c.dataGroups[String(n)]!), parseSod(c.sod).dgHashes.get(n)!);
    const sigOk = (c: GeneratedCard) => {
      const s = parseSod(c.sod);
      return verifyWith(parseCert(s.certificate).spki, s.signatureAlgorithm, s.signedAttrsSet, s.signature);
    };
    const mdOk = (c: GeneratedCard) => {
      const s = parseSod(c.sod);
      return equalBytes(hashOf(s.cmsDigest, s.lds), s.messageDigest);
    };

    const flipped = t.get('dg.13.hash')!;
    expect(dgOk(flipped, 13)).toBe(false);
    for (const n of [1, 2, 14, 15]) expect(dgOk(flipped, n)).toBe(true);
    expect(sigOk(flipped) && mdOk(flipped)).toBe(true);

    const swapped = t.get('dg.2.hash')!;
    expect(dgOk(swapped, 2)).toBe(false);
    for (const n of [1, 13, 14, 15]) expect(dgOk(swapped, n)).toBe(true);
    expect(swapped.dataGroups['2']![0]).toBe(0x75);

    const badSig = t.get('signature')!;
    expect(sigOk(badSig)).toBe(false);
    expect(mdOk(badSig)).toBe(true);
    for (const n of [1, 2, 13, 14, 15]) expect(dgOk(badSig, n)).toBe(true);

    const badMd = t.get('signedAttrs.messageDigest')!;
    expect(mdOk(badMd)).toBe(false);
    expect(sigOk(badMd)).toBe(true);

    const expired = t.get('dsc.validity')!;
    const expDsc = parseCert(parseSod(expired.sod).certificate);
    expect(sigOk(expired)).toBe(true);
    expect(parseSod(expired.sod).signingTime.getTime()).toBeGreaterThan(expDsc.notAfter.getTime());
    expect(verifyWith(csca.spki, expDsc.signatureAlgorithm, expDsc.tbs, expDsc.signature)).toBe(true);

    const revoked = t.get('dsc.revocation')!;
    const revDsc = parseCert(parseSod(revoked.sod).certificate);
    expect(sigOk(revoked)).toBe(true);
    const crl = children(readSingle(factory.pki.crl));
    const crlTbs = children(crl[0]!);
    const revokedSerials = children(crlTbs[5]!).map((e) => readInteger(children(e)[0]!));
    expect(revokedSerials).toEqual([revDsc.serial]);
    const crlTbsBytes = factory.pki.crl.subarray(crl[0]!.start, crl[0]!.end);
    expect(
      verifyWith(csca.spki, readOid(children(crl[1]!)[0]!), crlTbsBytes, value(crl[2]!).subarray(1)),
    ).toBe(true);

    const rogue = t.get('dsc.chain')!;
    const rogueDsc = parseCert(parseSod(rogue.sod).certificate);
    expect(sigOk(rogue)).toBe(true);
    expect(equalBytes(rogueDsc.issuer, csca.subject)).toBe(true);
    expect(verifyWith(csca.spki, rogueDsc.signatureAlgorithm, rogueDsc.tbs, rogueDsc.signature)).toBe(false);
    const impostor = parseCert(factory.pki.cscaUntrusted.cert.der);
    expect(verifyWith(impostor.spki, rogueDsc.signatureAlgorithm, rogueDsc.tbs, rogueDsc.signature)).toBe(
      true,
    );

    const missing = t.get('dg.2.missing')!;
    expect(missing.dataGroups['2']).toBeUndefined();
    expect(Object.keys(missing.dataGroups)).toEqual(['1', '13', '14', '15']);
    expect(parseSod(missing.sod).dgHashes.has(2)).toBe(true);
    expect(sigOk(missing)).toBe(true);

    const truncated = t.get('sod.parse')!;
    expect(() => readSingle(truncated.sod)).toThrow(expect.objectContaining({ code: 'DD_DER_TRUNCATED' }));

    const otherChip = t.get('aa.signature')!;
    const aaKey = publicKey(value(readSingle(otherChip.dataGroups['15']!)));
    expect(
      verify(
        'sha256',
        otherChip.aa!.challenge,
        { key: aaKey, dsaEncoding: 'ieee-p1363' },
        otherChip.aa!.signature,
      ),
    ).toBe(false);
    expect(otherChip.aa!.signature).toHaveLength(64);
    expect(sigOk(otherChip) && mdOk(otherChip)).toBe(true);
  });

  it('name the trust files and keep the impostor CSCA apart', () => {
    const files = trustFiles(factory, 3, true);
    expect(files.filter((f) => f.trusted).map((f) => f.path)).toEqual(['csca.der', 'crl.der']);
    expect(files.map((f) => f.path)).toContain('csca-untrusted.der');
    expect(files.filter((f) => f.path.startsWith('dsc/'))).toHaveLength(6);
  });

  it('reject bad options with typed errors', () => {
    const bad: [object, string][] = [
      [{ seed: '' }, 'DD_CARDGEN_BAD_OPTION'],
      [{ seed: 's', alg: 'ed25519' }, 'DD_CARDGEN_UNSUPPORTED_ALG'],
      [{ seed: 's', cardsPerDsc: 0 }, 'DD_CARDGEN_BAD_OPTION'],
      [{ seed: 's', dg2Size: -1 }, 'DD_CARDGEN_BAD_OPTION'],
      [{ seed: 's', dg2Size: 2 ** 21 }, 'DD_CARDGEN_BAD_OPTION'],
      [{ seed: 's', dgHash: 'md5' }, 'DD_CARDGEN_BAD_OPTION'],
    ];
    for (const [o, code] of bad) {
      expect(() => new CardFactory(o as never)).toThrow(expect.objectContaining({ code }));
    }
    expect(() => factory.card(-1)).toThrow(expect.objectContaining({ code: 'DD_CARDGEN_BAD_OPTION' }));
  });
});

function checkPassiveWith(card: GeneratedCard, f: CardFactory = factory): void {
  const sod = parseSod(card.sod);
  for (const [n, h] of sod.dgHashes)
    expect(equalBytes(hashOf(sod.ldsHash, card.dataGroups[String(n)]!), h)).toBe(true);
  const dsc = parseCert(sod.certificate);
  expect(verifyWith(dsc.spki, sod.signatureAlgorithm, sod.signedAttrsSet, sod.signature)).toBe(true);
  if (f === factory) return;
  const csca = parseCert(f.pki.csca.cert.der);
  expect(verifyWith(csca.spki, dsc.signatureAlgorithm, dsc.tbs, dsc.signature)).toBe(true);
}

describe('every EC Document Signer algorithm', () => {
  it('builds cards that pass independent checks, with named and explicit parameters', () => {
    for (const alg of ['brainpoolP384r1', 'brainpoolP512r1', 'p256', 'p384'] as const) {
      for (const explicitParams of [false, true]) {
        const f = new CardFactory({ seed: `alg-${alg}`, alg, explicitParams, aaKey: 'p256' });
        const c = f.card(0);
        checkPassiveWith(c, f);
        const sod = parseSod(c.sod);
        const dsc = parseCert(sod.certificate);
        const params = children(children(readSingle(dsc.spki))[0]!)[1]!;
        expect(params.tag).toBe(explicitParams ? 0x30 : 0x06);
        expect(publicKey(dsc.spki).asymmetricKeyDetails?.namedCurve).toBe(
          {
            brainpoolP384r1: 'brainpoolP384r1',
            brainpoolP512r1: 'brainpoolP512r1',
            p256: 'prime256v1',
            p384: 'secp384r1',
          }[alg],
        );
      }
    }
  });
});

describe('options', () => {
  it('hash data groups with SHA-384 or SHA-512 when asked, and leave AA out with activeAuthentication false', () => {
    for (const dgHash of ['sha384', 'sha512'] as const) {
      const f = new CardFactory({ seed: `hash-${dgHash}`, dgHash, activeAuthentication: false });
      const c = f.card(0);
      const sod = parseSod(c.sod);
      expect(sod.ldsHash).toBe(dgHash);
      checkPassiveWith(c, f);
      expect(c.aa).toBeUndefined();
      expect(c.dataGroups['15']).toBeDefined();
    }
  });
});

describe('RSA Document Signers and RSA active authentication', () => {
  it('sign SODs with RSASSA-PSS (SHA-256, salt 32) and answer AA with ISO/IEC 9796-2', () => {
    const f = new CardFactory({ seed: 'rsa-pss', alg: 'rsa-pss-3072', aaKey: 'rsa-1024' });
    const c = f.card(0);
    checkPassiveWith(c, f);
    expect(parseSod(c.sod).signatureAlgorithm).toBe('1.2.840.113549.1.1.10');
    // ISO/IEC 9796-2 scheme 1 AA: recover F = 6A || M1 || SHA-1(M1 || challenge) || BC.
    const key = publicKey(value(readSingle(c.dataGroups['15']!)));
    const f9796 = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, c.aa!.signature);
    expect(f9796).toHaveLength(128);
    expect(f9796[0]).toBe(0x6a);
    expect(f9796[f9796.length - 1]).toBe(0xbc);
    const m1 = f9796.subarray(1, f9796.length - 21);
    const h = createHash('sha1').update(m1).update(c.aa!.challenge).digest();
    expect(f9796.subarray(f9796.length - 21, f9796.length - 1)).toEqual(h);
    // DG14 carries no ActiveAuthenticationInfo for an RSA AA key.
    expect(children(children(readSingle(c.dataGroups['14']!))[0]!)).toHaveLength(3);
  });

  it('sign SODs with PKCS#1 v1.5 under an RSA CSCA', () => {
    const f = new CardFactory({ seed: 'rsa-2048', alg: 'rsa-2048' });
    const c = f.card(0);
    checkPassiveWith(c, f);
    expect(parseSod(c.sod).signatureAlgorithm).toBe('1.2.840.113549.1.1.11');
    const dsc = parseCert(parseSod(c.sod).certificate);
    expect(publicKey(dsc.spki).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});
