// Signature problems answer false; key and parameter problems throw a typed
// error. Nothing here may trap, hang or answer true.
import { generateKeyPairSync, sign } from 'node:crypto';
import { parseSpki, prepareKey, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { codeOf, hex } from './_helpers.js';

const BACKENDS = ['node', 'wasm', 'auto'] as const;
const msg = new TextEncoder().encode('CCCD 2024 document signer test');

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ecSpki = Uint8Array.from(ec.publicKey.export({ format: 'der', type: 'spki' }));
const ecSig = Uint8Array.from(sign('sha256', msg, ec.privateKey));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSpki = Uint8Array.from(rsa.publicKey.export({ format: 'der', type: 'spki' }));
const rsaSig = Uint8Array.from(sign('sha256', msg, rsa.privateKey));

/** DER INTEGER of a non-negative bigint. */
function derInt(x: bigint): Uint8Array {
  let h = x.toString(16);
  if (h.length % 2) h = `0${h}`;
  if (Number.parseInt(h.slice(0, 2), 16) & 0x80) h = `00${h}`;
  const v = hex(h);
  return Uint8Array.from([0x02, ...derLen(v.length), ...v]);
}
function derLen(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}
const seq = (...parts: Uint8Array[]): Uint8Array => {
  const body = parts.flatMap((p) => [...p]);
  return Uint8Array.from([0x30, ...derLen(body.length), ...body]);
};
/** An RSA SPKI with the given modulus and exponent. */
function rsaSpkiOf(n: bigint, e: bigint): Uint8Array {
  const key = seq(derInt(n), derInt(e));
  const bits = Uint8Array.from([0x03, ...derLen(key.length + 1), 0, ...key]);
  return seq(hex('300d06092a864886f70d0101010500'), bits);
}
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const sigDer = (r: bigint, s: bigint) => seq(derInt(r), derInt(s));

describe('bad keys throw typed errors', () => {
  it('truncated, oversized, trailing, empty SPKI', () => {
    expect(codeOf(() => parseSpki(ecSpki.subarray(0, ecSpki.length - 1)))).toBe('DD_SIG_SPKI_MALFORMED');
    expect(codeOf(() => parseSpki(ecSpki.subarray(0, 10)))).toBe('DD_SIG_SPKI_MALFORMED');
    expect(codeOf(() => parseSpki(new Uint8Array(0)))).toBe('DD_SIG_SPKI_MALFORMED');
    expect(codeOf(() => parseSpki(Uint8Array.from([...ecSpki, 0])))).toBe('DD_SIG_SPKI_MALFORMED');
    expect(codeOf(() => parseSpki(new Uint8Array(70_000)))).toBe('DD_SIG_SPKI_MALFORMED');
    // A length claiming 4 GB.
    expect(codeOf(() => parseSpki(hex('3084ffffffff3000')))).toBe('DD_SIG_SPKI_MALFORMED');
  });

  it('BER where DER is required', () => {
    // Indefinite length on the outer SEQUENCE.
    const ber = Uint8Array.from([0x30, 0x80, ...ecSpki.subarray(2), 0, 0]);
    expect(codeOf(() => parseSpki(ber))).toBe('DD_SIG_SPKI_MALFORMED');
    // Non-minimal length octets (81 xx for a short length).
    const longForm = Uint8Array.from([0x30, 0x81, ecSpki[1]!, ...ecSpki.subarray(2)]);
    expect(codeOf(() => parseSpki(longForm))).toBe('DD_SIG_SPKI_MALFORMED');
  });

  it('wrong or unknown OIDs', () => {
    const dsa = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    expect(codeOf(() => parseSpki(Uint8Array.from(dsa)))).toBe('DD_SIG_KEY_ALGORITHM_UNSUPPORTED');
    const unknownCurve = Uint8Array.from(ecSpki);
    // prime256v1 1.2.840.10045.3.1.7 → ….3.1.6 (prime239v3, not supported)
    const at = Buffer.from(unknownCurve).indexOf(hex('2a8648ce3d030107'));
    unknownCurve[at + 7] = 6;
    expect(codeOf(() => parseSpki(unknownCurve))).toBe('DD_CURVE_UNKNOWN');
  });

  it('point not on the curve, point at infinity, compressed point of a non-residue', () => {
    const off = ecSpki.length - 1;
    const bad = ecSpki.slice();
    bad[off]! ^= 1;
    expect(codeOf(() => parseSpki(bad))).toBe('DD_SIG_EC_POINT_INVALID');
    const inf = ecSpki.slice(0, ecSpki.length - 65);
    const infSpki = Uint8Array.from([...inf, 0x00]);
    infSpki[1]! -= 64;
    infSpki[infSpki.length - 3]! -= 64;
    expect(codeOf(() => parseSpki(infSpki))).toBe('DD_SIG_EC_POINT_INVALID');
  });

  it('RSA: even modulus, too small, exponent 1, even exponent, negative modulus', () => {
    const n = BigInt(
      `0x${Buffer.from(rsa.publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('hex')}`,
    );
    expect(parseSpki(rsaSpkiOf(n, 65537n)).kind).toBe('rsa');
    expect(codeOf(() => parseSpki(rsaSpkiOf(n + 1n, 65537n)))).toBe('DD_SIG_RSA_KEY_INVALID');
    expect(codeOf(() => parseSpki(rsaSpkiOf((n >> 1100n) | 1n, 65537n)))).toBe('DD_SIG_RSA_KEY_INVALID');
    expect(codeOf(() => parseSpki(rsaSpkiOf(n, 1n)))).toBe('DD_SIG_RSA_KEY_INVALID');
    expect(codeOf(() => parseSpki(rsaSpkiOf(n, 65536n)))).toBe('DD_SIG_RSA_KEY_INVALID');
    expect(codeOf(() => parseSpki(rsaSpkiOf((1n << 8200n) + 1n, 65537n)))).toBe('DD_SIG_RSA_KEY_INVALID');
  });

  it('scheme, hash and parameter mistakes', () => {
    const base = { hash: 'sha256', message: msg } as const;
    expect(
      codeOf(() => verifySignature({ ...base, scheme: 'rsa-pkcs1', spki: ecSpki, signature: ecSig })),
    ).toBe('DD_SIG_KEY_MISMATCH');
    expect(
      codeOf(() => verifySignature({ ...base, scheme: 'ecdsa', spki: rsaSpki, signature: rsaSig })),
    ).toBe('DD_SIG_KEY_MISMATCH');
    expect(
      codeOf(() =>
        verifySignature({ ...base, scheme: 'ecdsa', hash: 'md5', spki: ecSpki, signature: ecSig }),
      ),
    ).toBe('DD_SIG_HASH_UNSUPPORTED');
    expect(
      codeOf(() =>
        verifySignature({
          scheme: 'ecdsa',
          hash: 'sha256',
          spki: ecSpki,
          digest: new Uint8Array(31),
          signature: ecSig,
        }),
      ),
    ).toBe('DD_SIG_PARAMS_INVALID');
    expect(
      codeOf(() => verifySignature({ scheme: 'ecdsa', hash: 'sha256', spki: ecSpki, signature: ecSig })),
    ).toBe('DD_SIG_PARAMS_INVALID');
    expect(
      codeOf(() =>
        verifySignature({
          ...base,
          scheme: 'rsa-pss',
          spki: rsaSpki,
          signature: rsaSig,
          pss: { saltLength: -1 },
        }),
      ),
    ).toBe('DD_SIG_PARAMS_INVALID');
    expect(
      codeOf(() =>
        verifySignature({
          ...base,
          scheme: 'ecdsa',
          spki: ecSpki,
          key: prepareKey(ecSpki),
          signature: ecSig,
        }),
      ),
    ).toBe('DD_SIG_PARAMS_INVALID');
    expect(
      codeOf(() =>
        verifySignature({
          ...base,
          scheme: 'ecdsa',
          spki: ecSpki,
          signature: ecSig,
          backend: 'gpu' as never,
        }),
      ),
    ).toBe('DD_SIG_PARAMS_INVALID');
  });
});

describe('bad signatures answer false', () => {
  for (const backend of BACKENDS) {
    const v = (signature: Uint8Array, encoding: 'der' | 'p1363' = 'der') =>
      verifySignature({
        scheme: 'ecdsa',
        hash: 'sha256',
        spki: ecSpki,
        message: msg,
        signature,
        encoding,
        backend,
      });
    it(`ECDSA on ${backend}: the good one verifies, broken ones do not`, () => {
      expect(v(ecSig)).toBe(true);
      expect(v(ecSig.subarray(0, ecSig.length - 1))).toBe(false);
      expect(v(new Uint8Array(0))).toBe(false);
      expect(v(new Uint8Array(100_000))).toBe(false);
      expect(v(sigDer(0n, 1n))).toBe(false);
      expect(v(sigDer(1n, 0n))).toBe(false);
      expect(v(sigDer(0n, 0n))).toBe(false);
      expect(v(sigDer(P256_N, 1n))).toBe(false);
      expect(v(sigDer(1n, P256_N))).toBe(false);
      expect(v(sigDer(1n << 300n, 1n))).toBe(false);
      expect(v(hex('3084000000080201010201010000'))).toBe(false); // huge / non-minimal length
      expect(v(Uint8Array.from([0x30, 0x80, ...ecSig.subarray(2), 0, 0]))).toBe(false); // BER indefinite
      expect(v(new Uint8Array(64), 'p1363')).toBe(false);
      expect(v(new Uint8Array(65), 'p1363')).toBe(false);
    });

    const r = (signature: Uint8Array, scheme: 'rsa-pkcs1' | 'rsa-pss' = 'rsa-pkcs1') =>
      verifySignature({ scheme, hash: 'sha256', spki: rsaSpki, message: msg, signature, backend });
    it(`RSA on ${backend}: wrong length, ≥ n, zero, all-ones, wrong scheme`, () => {
      expect(r(rsaSig)).toBe(true);
      expect(r(rsaSig, 'rsa-pss')).toBe(false);
      expect(r(rsaSig.subarray(1))).toBe(false);
      expect(r(Uint8Array.from([0, ...rsaSig]))).toBe(false);
      expect(r(new Uint8Array(256))).toBe(false);
      expect(r(new Uint8Array(256).fill(0xff))).toBe(false);
      const one = new Uint8Array(256);
      one[255] = 1;
      expect(r(one)).toBe(false);
    });
  }
});
