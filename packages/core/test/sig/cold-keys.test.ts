// The cold ECDSA path (SPKI parsed per call, no per-key table: odd multiples of Q built per
// verification with one inversion, width-5 NAF) and the NIST primes' multiplication-free
// reduction, checked against node:crypto on fresh keys and on keys carrying explicit parameters.
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { type CurveParams, curveByName } from '@dinhdanh/core/curves';
import { type HashName, parseSpki, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { codeOf } from './_helpers.js';

const CURVES: readonly [node: string, hash: HashName][] = [
  ['prime256v1', 'sha256'],
  ['secp384r1', 'sha384'],
  ['secp521r1', 'sha512'],
  ['secp256k1', 'sha256'],
  ['brainpoolP256r1', 'sha256'],
  ['brainpoolP384r1', 'sha384'],
  ['brainpoolP512r1', 'sha512'],
];

const spkiOf = (k: KeyObject): Uint8Array => Uint8Array.from(k.export({ format: 'der', type: 'spki' }));
const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
  return c;
};

describe('cold ECDSA keys agree with node:crypto', () => {
  for (const [curve, hash] of CURVES) {
    it(`${curve}: fresh keys, valid and altered signatures`, () => {
      for (let i = 0; i < 6; i++) {
        const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
        const spki = spkiOf(publicKey);
        const message = randomBytes(1 + i * 17);
        for (const encoding of ['der', 'p1363'] as const) {
          const signature = Uint8Array.from(
            sign(hash, message, { key: privateKey, dsaEncoding: encoding === 'der' ? 'der' : 'ieee-p1363' }),
          );
          const req = { scheme: 'ecdsa', hash, spki, message, signature, encoding } as const;
          expect(verifySignature({ ...req, backend: 'node' })).toBe(true);
          expect(verifySignature({ ...req, backend: 'wasm' })).toBe(true);
          const altered = flip(message, i * 11 + 3);
          expect(verifySignature({ ...req, message: altered, backend: 'wasm' })).toBe(false);
          expect(verifySignature({ ...req, message: altered, backend: 'node' })).toBe(false);
        }
      }
    });
  }
});

const len = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag: number, body: Uint8Array | number[]): number[] => [tag, ...len(body.length), ...body];
const bytes = (x: bigint, size: number): number[] => [
  ...Buffer.from(x.toString(16).padStart(2 * size, '0'), 'hex'),
];
const integer = (x: bigint): number[] => {
  const b = bytes(x, Math.ceil(x.toString(16).length / 2));
  return tlv(0x02, b[0]! & 0x80 ? [0, ...b] : b);
};

/** SEC 1 v2 §C.2 ECParameters for a curve record, with the public point of a node key, as an SPKI. */
function explicitSpki(c: CurveParams, key: KeyObject): Uint8Array {
  const size = Math.ceil(c.p.toString(2).length / 8);
  const params = tlv(0x30, [
    ...integer(1n),
    ...tlv(0x30, [...tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01]), ...integer(c.p)]),
    ...tlv(0x30, [...tlv(0x04, bytes(((c.a % c.p) + c.p) % c.p, size)), ...tlv(0x04, bytes(c.b, size))]),
    ...tlv(0x04, [4, ...bytes(c.gx, size), ...bytes(c.gy, size)]),
    ...integer(c.n),
    ...integer(c.h),
  ]);
  const named = spkiOf(key);
  const point = [...named.subarray(named.length - (2 * size + 1))];
  const alg = tlv(0x30, [...tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]), ...params]);
  return Uint8Array.from(tlv(0x30, [...alg, ...tlv(0x03, [0, ...point])]));
}

describe('cold keys with explicit parameters of a named curve', () => {
  for (const [name, node, hash] of [
    ['P-384', 'secp384r1', 'sha384'],
    ['P-521', 'secp521r1', 'sha512'],
    ['brainpoolP512r1', 'brainpoolP512r1', 'sha512'],
  ] as const) {
    it(`${name}: recognised, and verified like the named key`, () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: node });
      const spki = explicitSpki(curveByName(name), publicKey);
      const info = parseSpki(spki);
      expect(info.kind === 'ec' && info.curveEncoding).toBe('explicit');
      expect(info.kind === 'ec' && info.curve).toBe(curveByName(name));
      for (let i = 0; i < 3; i++) {
        const message = randomBytes(40 + i);
        const signature = Uint8Array.from(sign(hash, message, privateKey));
        const req = { scheme: 'ecdsa', hash, spki, message, signature } as const;
        expect(verifySignature({ ...req, backend: 'wasm' })).toBe(true);
        expect(verifySignature({ ...req, backend: 'auto' })).toBe(true);
        expect(verifySignature({ ...req, signature: flip(signature, 8 * 10 + i), backend: 'wasm' })).toBe(
          false,
        );
      }
    });
  }

  it('parameters parsed once give the same record again; broken ones fail every time', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP384r1' });
    const spki = explicitSpki(curveByName('brainpoolP384r1'), publicKey);
    const a = parseSpki(spki);
    const b = parseSpki(spki.slice());
    expect(a.kind === 'ec' && b.kind === 'ec' && a.curve === b.curve).toBe(true);
    const broken = explicitSpki(
      { ...curveByName('brainpoolP384r1'), n: curveByName('brainpoolP384r1').n + 2n },
      publicKey,
    );
    expect(codeOf(() => parseSpki(broken))).toBe('DD_CURVE_PARAMS_INVALID');
    expect(codeOf(() => parseSpki(broken))).toBe('DD_CURVE_PARAMS_INVALID');
  });
});
