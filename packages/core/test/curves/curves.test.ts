import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { curveByName, curveByOid, curveFromEcParameters, NAMED_CURVES } from '@dinhdanh/core/curves';
import { parseSpki, prepareKey, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { readSingle } from '../../src/der/index.js';
import { codeOf, hex } from '../sig/_helpers.js';

// ECParameters as printed by `openssl ecparam -param_enc explicit -outform DER`.
const PRIME239V1 = hex(
  '3081e9020101302906072a8648ce3d0101021e7fffffffffffffffffffffff7fffffffffff8000000000007fffffffffff3057041e7fffffffffffffffffffffff7fffffffffff8000000000007ffffffffffc041e6b016c3bdcf18941d0d654921475ca71a9db2fb27d1d37796185c2942c0a031500e43bb460f0b80cc0c0b075798e948060f8321b7d043d040ffa963cdca8816ccc33b8642bedf905c3d358573d3f27fbbd3b3cb9aaaf7debe8e4e90a5dae6e4054ca530ba04654b36818ce226b39fccb7b02f1ae021e7fffffffffffffffffffffff7fffff9e5e9a9f5d9071fbd1522688909d0b020101',
);
const SECP256K1 = hex(
  '3081e0020101302c06072a8648ce3d0101022100fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f3044042000000000000000000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000000000704410479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8022100fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141020101',
);

const len = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag: number, body: Uint8Array | number[]) =>
  Uint8Array.from([tag, ...len(body.length), ...body]);

/** SPKI with explicit parameters around a public point from a node key. */
function explicitSpki(params: Uint8Array, key: KeyObject): Uint8Array {
  const named = key.export({ format: 'der', type: 'spki' });
  const point = [...named.subarray(named.length - 61)]; // 04‖X‖Y, 30 bytes each on a 239-bit field
  const alg = tlv(0x30, [...hex('06072a8648ce3d0201'), ...params]);
  return tlv(0x30, [...alg, ...tlv(0x03, [0, ...point])]);
}

describe('curve records', () => {
  it('has every named curve, each with G on the curve and a prime-sized order', () => {
    expect(NAMED_CURVES.map((c) => c.name)).toEqual([
      'P-224',
      'P-256',
      'P-384',
      'P-521',
      'secp256k1',
      'brainpoolP192r1',
      'brainpoolP224r1',
      'brainpoolP256r1',
      'brainpoolP320r1',
      'brainpoolP384r1',
      'brainpoolP512r1',
    ]);
    for (const c of NAMED_CURVES) {
      expect((c.gy * c.gy - (c.gx ** 3n + c.a * c.gx + c.b)) % c.p).toBe(0n);
      expect(c.h).toBe(1n);
    }
    expect(curveByOid('1.3.36.3.3.2.8.1.1.13').name).toBe('brainpoolP512r1');
    expect(codeOf(() => curveByOid('1.2.3'))).toBe('DD_CURVE_UNKNOWN');
  });

  it('recognises a named curve given explicitly', () => {
    expect(curveFromEcParameters(readSingle(SECP256K1))).toBe(curveByName('secp256k1'));
  });

  it('validates and uses an unnamed explicit curve (prime239v1)', () => {
    const c = curveFromEcParameters(readSingle(PRIME239V1));
    expect(c.name).toBe('explicit');
    expect(c.oid).toBeUndefined();
    const k = generateKeyPairSync('ec', { namedCurve: 'prime239v1' });
    const spki = explicitSpki(PRIME239V1, k.publicKey);
    const message = new TextEncoder().encode('explicit curve');
    const signature = Uint8Array.from(sign('sha256', message, k.privateKey));
    for (const backend of ['node', 'wasm', 'auto'] as const) {
      expect(verifySignature({ scheme: 'ecdsa', hash: 'sha256', spki, message, signature, backend })).toBe(
        true,
      );
      expect(verifySignature({ scheme: 'ecdsa', hash: 'sha384', spki, message, signature, backend })).toBe(
        false,
      );
    }
  });

  it('rejects broken explicit parameters with DD_CURVE_PARAMS_INVALID', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime239v1' }).publicKey;
    const spkiWith = (params: Uint8Array) => explicitSpki(params, k);
    const orderAt = Buffer.from(PRIME239V1).indexOf(hex('021e7fffffffffffffffffffffff7fffff9e5e'));
    const badOrder = PRIME239V1.slice();
    badOrder[orderAt + 31]! ^= 2; // order no longer the order of G
    expect(codeOf(() => parseSpki(spkiWith(badOrder)))).toBe('DD_CURVE_PARAMS_INVALID');
    const badBase = PRIME239V1.slice();
    const baseAt = Buffer.from(PRIME239V1).indexOf(hex('043d040ffa96'));
    badBase[baseAt + 10]! ^= 1; // G off the curve
    expect(codeOf(() => parseSpki(spkiWith(badBase)))).toBe('DD_CURVE_PARAMS_INVALID');
    const badPrime = PRIME239V1.slice();
    badPrime[Buffer.from(PRIME239V1).indexOf(hex('021e7fff')) + 31]! ^= 2; // p even → not prime
    expect(codeOf(() => parseSpki(spkiWith(badPrime)))).toBe('DD_CURVE_PARAMS_INVALID');
    const charTwo = PRIME239V1.slice();
    charTwo[Buffer.from(PRIME239V1).indexOf(hex('2a8648ce3d0101')) + 6] = 2; // characteristic-two-field
    expect(codeOf(() => parseSpki(spkiWith(charTwo)))).toBe('DD_CURVE_PARAMS_INVALID');
  });
});

// brainpoolP160r1 (RFC 5639) given explicitly: not a named curve here, and 5 limbs, so the
// kernel's generic (not unrolled) multiplier and a mapped a = −3 image both run.
const BRAINPOOL_P160R1 = hex(
  '308198020101302006072a8648ce3d0101021500e95e4a5f737059dc60dfc7ad95b3d8139515620f302c0414340e7be2a280eb74e2be61bada745d97e8f7c30004141e589a8595423412134faa2dbdec95c8d8675e58042904bed5af16ea3f6a4f62938c4631eb5af7bdbcdbc31667cb477a1a8ec338f94741669c976316da6321021500e95e4a5f737059dc60df5991d45029409e60fc09020101',
);

describe('an unnamed 160-bit explicit curve', () => {
  it('verifies on every backend, prepared and cold', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'brainpoolP160r1' });
    const named = k.publicKey.export({ format: 'der', type: 'spki' });
    const point = [...named.subarray(named.length - 41)];
    const alg = tlv(0x30, [...hex('06072a8648ce3d0201'), ...BRAINPOOL_P160R1]);
    const spki = tlv(0x30, [...alg, ...tlv(0x03, [0, ...point])]);
    expect(parseSpki(spki).kind === 'ec' && parseSpki(spki).curveEncoding).toBe('explicit');
    const key = prepareKey(spki);
    for (let i = 0; i < 4; i++) {
      const message = new TextEncoder().encode(`message ${i}`);
      const signature = Uint8Array.from(sign('sha1', message, k.privateKey));
      for (const backend of ['node', 'wasm', 'auto'] as const) {
        expect(verifySignature({ scheme: 'ecdsa', hash: 'sha1', key, message, signature, backend })).toBe(
          true,
        );
        expect(verifySignature({ scheme: 'ecdsa', hash: 'sha1', spki, message, signature, backend })).toBe(
          true,
        );
        expect(verifySignature({ scheme: 'ecdsa', hash: 'sha256', key, message, signature, backend })).toBe(
          false,
        );
      }
    }
  });
});
