// The wasm and node backends must agree: on every Wycheproof vector and on
// random keys, messages and (possibly corrupted) signatures made by node:crypto.
import { constants, createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DinhdanhError } from '@dinhdanh/core/errors';
import { type HashName, prepareKey, type VerifyRequest, verifySignature } from '@dinhdanh/core/sig';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './_helpers.js';

const outcome = (req: VerifyRequest): string => {
  try {
    return String(verifySignature(req));
  } catch (e) {
    if (e instanceof DinhdanhError) return e.code;
    throw e;
  }
};

const HASHES: HashName[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const spkiOf = (k: KeyObject) => Uint8Array.from(k.export({ format: 'der', type: 'spki' }));

/** A signature, possibly with one bit flipped or truncated. */
const corrupt = (sig: Uint8Array, mode: number, pos: number): Uint8Array => {
  if (mode === 0) return sig;
  const s = sig.slice();
  if (mode === 1) s[pos % s.length]! ^= 1 << (pos % 8);
  else return s.subarray(0, Math.max(0, s.length - 1 - (pos % 4)));
  return s;
};

describe('wasm and node agree on every Wycheproof vector', () => {
  const dir = join(FIXTURES, 'wycheproof');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    it(f, () => {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      let compared = 0;
      for (const g of doc.testGroups) {
        const spki = Uint8Array.from(Buffer.from(g.publicKeyDer, 'hex'));
        const scheme = g.type.startsWith('Ecdsa')
          ? 'ecdsa'
          : g.type === 'RsassaPssVerify'
            ? 'rsa-pss'
            : 'rsa-pkcs1';
        const hash = g.sha as string;
        for (const t of g.tests) {
          const req = {
            scheme,
            hash,
            spki,
            message: Uint8Array.from(Buffer.from(t.msg, 'hex')),
            signature: Uint8Array.from(Buffer.from(t.sig, 'hex')),
            ...(g.type === 'EcdsaP1363Verify' ? { encoding: 'p1363' as const } : {}),
            ...(scheme === 'rsa-pss'
              ? { pss: { mgfHash: g.mgfSha as string, saltLength: g.sLen as number } }
              : {}),
          } as VerifyRequest;
          expect(outcome({ ...req, backend: 'wasm' }), `tcId ${t.tcId}`).toBe(
            outcome({ ...req, backend: 'node' }),
          );
          compared++;
        }
      }
      expect(compared).toBe(doc.numberOfTests);
    });
  }
});

describe('wasm and node agree on random ECDSA keys and signatures', () => {
  const CURVES = [
    'prime256v1',
    'secp384r1',
    'secp521r1',
    'secp224r1',
    'secp256k1',
    'brainpoolP192r1',
    'brainpoolP224r1',
    'brainpoolP256r1',
    'brainpoolP320r1',
    'brainpoolP384r1',
    'brainpoolP512r1',
  ];
  for (const curve of CURVES) {
    it(curve, () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const spki = spkiOf(publicKey);
      const key = prepareKey(spki);
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 300 }),
          fc.constantFrom(...HASHES),
          fc.constantFrom('der' as const, 'p1363' as const),
          fc.integer({ min: 0, max: 2 }),
          fc.nat(),
          (message, hash, encoding, mode, pos) => {
            const good = Uint8Array.from(
              sign(hash, message, {
                key: privateKey,
                dsaEncoding: encoding === 'der' ? 'der' : 'ieee-p1363',
              }),
            );
            const signature = corrupt(good, mode, pos);
            const base = { scheme: 'ecdsa', hash, message, signature, encoding } as const;
            const expected = outcome({ ...base, spki, backend: 'node' });
            if (mode === 0) expect(expected).toBe('true');
            expect(outcome({ ...base, key, backend: 'wasm' })).toBe(expected);
            expect(outcome({ ...base, spki, backend: 'wasm' })).toBe(expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe('wasm and node agree on random RSA keys and signatures', () => {
  for (const bits of [1024, 2048, 3072]) {
    it(`RSA-${bits} PKCS#1 v1.5 and PSS`, () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const spki = spkiOf(publicKey);
      const key = prepareKey(spki);
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 300 }),
          fc.constantFrom(...HASHES),
          fc.boolean(),
          fc.integer({ min: 0, max: 32 }),
          fc.integer({ min: 0, max: 2 }),
          fc.nat(),
          (message, hash, pss, saltLength, mode, pos) => {
            const good = Uint8Array.from(
              sign(hash, message, {
                key: privateKey,
                padding: pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
                saltLength,
              }),
            );
            const signature = corrupt(good, mode, pos);
            const base: VerifyRequest = pss
              ? { scheme: 'rsa-pss', hash, message, signature, pss: { saltLength } }
              : { scheme: 'rsa-pkcs1', hash, message, signature };
            const expected = outcome({ ...base, spki, backend: 'node' });
            if (mode === 0) expect(expected).toBe('true');
            expect(outcome({ ...base, key, backend: 'wasm' })).toBe(expected);
            expect(outcome({ ...base, spki, backend: 'wasm' })).toBe(expected);
            if (pss)
              expect(outcome({ ...base, pss: { saltLength: 'auto' }, key, backend: 'wasm' })).toBe(expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe('digest-only ECDSA (node:crypto has no prehashed verify; its path is @noble/curves)', () => {
  for (const curve of ['prime256v1', 'brainpoolP384r1']) {
    it(`${curve}: wasm, node and auto agree on Hash(M)`, () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const spki = spkiOf(publicKey);
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 100 }),
          fc.constantFrom(...HASHES),
          fc.boolean(),
          (message, hash, flip) => {
            const signature = Uint8Array.from(sign(hash, message, privateKey));
            if (flip) signature[signature.length - 1]! ^= 1;
            const digest = Uint8Array.from(createHash(hash).update(message).digest());
            const req = { scheme: 'ecdsa', hash, spki, digest, signature } as const;
            const expected = String(!flip);
            for (const backend of ['wasm', 'node', 'auto'] as const)
              expect(outcome({ ...req, backend })).toBe(expected);
          },
        ),
        { numRuns: 15 },
      );
    });
  }
});
