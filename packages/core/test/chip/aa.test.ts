import { constants, createHash, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChallengeStore,
  createChallenge,
  singleUseChallenge,
  verifyActiveAuthentication,
} from '../../src/chip/index.js';
import { cccd, flip } from './_fixtures.js';
import { tlv } from './_pki.js';

describe('active authentication, ECDSA (openssl-cccd: brainpoolP256r1 explicit, SHA-256 from DG14)', () => {
  const base = {
    dg15: cccd('EF_DG15.bin'),
    dg14: cccd('EF_DG14.bin'),
    challenge: cccd('challenge.bin'),
    signature: cccd('aa_signature.bin'),
    store: null,
  };

  it('verifies the chip answer', () => {
    expect(verifyActiveAuthentication(base)).toEqual({
      ok: true,
      reason: undefined,
      algorithm: 'ecdsa-plain-sha256',
    });
  });

  it('fails for another challenge, a flipped signature, or without DG14', () => {
    expect(verifyActiveAuthentication({ ...base, challenge: flip(base.challenge, 0) }).reason).toBe(
      'invalid-signature',
    );
    expect(verifyActiveAuthentication({ ...base, signature: flip(base.signature, 40) }).reason).toBe(
      'invalid-signature',
    );
    expect(verifyActiveAuthentication({ ...base, dg14: undefined }).reason).toBe('no-aa-info');
    expect(verifyActiveAuthentication({ ...base, challenge: new Uint8Array(7) }).reason).toBe(
      'bad-challenge',
    );
  });
});

/** ISO/IEC 9796-2 scheme 1 signer (test only): F = 6A ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer, s = F^d mod n. */
function rsaAa(hash: 'sha1' | 'sha256', trailer: number[]) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const dg15 = tlv(0x6f, spki);
  const sign = (challenge: Uint8Array): Uint8Array => {
    const k = 128;
    const hl = hash === 'sha1' ? 20 : 32;
    const m1 = randomBytes(k - 1 - hl - trailer.length);
    const h = createHash(hash).update(m1).update(challenge).digest();
    const f = Buffer.concat([Buffer.of(0x6a), m1, h, Buffer.from(trailer)]);
    return new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, f));
  };
  return { dg15, sign };
}

describe('active authentication, RSA ISO/IEC 9796-2 scheme 1', () => {
  it.each([
    ['trailer BC (SHA-1)', 'sha1', [0xbc]],
    ['trailer 34CC (SHA-256)', 'sha256', [0x34, 0xcc]],
  ] as const)('%s verifies; a wrong challenge does not', (_n, hash, trailer) => {
    const chip = rsaAa(hash, [...trailer]);
    const challenge = new Uint8Array(randomBytes(8));
    const signature = chip.sign(challenge);
    const r = verifyActiveAuthentication({ dg15: chip.dg15, challenge, signature, store: null });
    expect(r).toEqual({ ok: true, reason: undefined, algorithm: `iso9796-2-scheme1-${hash}` });
    expect(
      verifyActiveAuthentication({ dg15: chip.dg15, challenge: flip(challenge, 3), signature, store: null })
        .ok,
    ).toBe(false);
    expect(
      verifyActiveAuthentication({ dg15: chip.dg15, challenge, signature: flip(signature, 100), store: null })
        .ok,
    ).toBe(false);
  });

  it('an answer from a different chip fails', () => {
    const a = rsaAa('sha1', [0xbc]);
    const b = rsaAa('sha1', [0xbc]);
    const challenge = new Uint8Array(randomBytes(8));
    expect(
      verifyActiveAuthentication({ dg15: a.dg15, challenge, signature: b.sign(challenge), store: null }).ok,
    ).toBe(false);
  });
});

describe('challenges', () => {
  it('are 8 random bytes, single use, and expire', () => {
    const store = new ChallengeStore({ ttlMs: 1000 });
    const c = store.create(0);
    expect(c.bytes.length).toBe(8);
    expect(c.expiresAt.getTime()).toBe(1000);
    expect(store.consume(c.bytes, 10)).toBe('ok');
    expect(store.consume(c.bytes, 20)).toBe('used');
    const d = store.create(0);
    expect(store.consume(d.bytes, 5000)).toBe('expired');
    expect(store.consume(new Uint8Array(8), 0)).toBe('unknown');
    expect(createChallenge().bytes).not.toEqual(createChallenge().bytes);
  });

  it('verifyActiveAuthentication consumes the challenge from the store', () => {
    const chip = rsaAa('sha1', [0xbc]);
    const store = new ChallengeStore();
    const c = store.create();
    const signature = chip.sign(c.bytes);
    expect(verifyActiveAuthentication({ dg15: chip.dg15, challenge: c.bytes, signature, store }).ok).toBe(
      true,
    );
    expect(verifyActiveAuthentication({ dg15: chip.dg15, challenge: c.bytes, signature, store }).reason).toBe(
      'challenge-used',
    );
  });

  it('a challenge taken out of a shared store is fresh once, until it expires, and only for its bytes', () => {
    const nonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const once = singleUseChallenge(nonce, 1000);
    expect(once.consume(new Uint8Array(8), 10)).toBe('unknown');
    expect(once.consume(nonce.subarray(0, 4), 10)).toBe('unknown');
    expect(once.consume(nonce.slice(), 10)).toBe('ok');
    expect(once.consume(nonce, 20)).toBe('used');
    expect(singleUseChallenge(nonce, 1000).consume(nonce, 1001)).toBe('expired');
  });

  it('verifyActiveAuthentication accepts a single-use challenge as its registry', () => {
    const chip = rsaAa('sha1', [0xbc]);
    const challenge = new Uint8Array(randomBytes(8));
    const signature = chip.sign(challenge);
    const store = singleUseChallenge(challenge, Date.now() + 60_000);
    expect(verifyActiveAuthentication({ dg15: chip.dg15, challenge, signature, store }).ok).toBe(true);
    expect(verifyActiveAuthentication({ dg15: chip.dg15, challenge, signature, store }).reason).toBe(
      'challenge-used',
    );
  });

  it('rejects bad options', () => {
    expect(() => new ChallengeStore({ ttlMs: 0 })).toThrow(
      expect.objectContaining({ code: 'DD_CHIP_BAD_ARGUMENT' }),
    );
  });
});
