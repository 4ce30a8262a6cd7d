// id-RSASSA-PSS keys with RSASSA-PSS-params restrict their own use (RFC 4055 §3.1).
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { parseSpki, prepareKey, verifySignature } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { codeOf } from './_helpers.js';

describe('RSASSA-PSS keys', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa-pss', {
    modulusLength: 2048,
    hashAlgorithm: 'sha384',
    mgf1HashAlgorithm: 'sha384',
    saltLength: 48,
  });
  const spki = Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' }));
  const message = new TextEncoder().encode('SOD signed attributes');
  const signature = Uint8Array.from(
    sign('sha384', message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }),
  );

  it('reads the parameters from the key', () => {
    const info = parseSpki(spki);
    expect(info.kind === 'rsa' && info.pssOnly).toBe(true);
    expect(info.kind === 'rsa' && info.pssRestriction).toEqual({
      hash: 'sha384',
      mgfHash: 'sha384',
      saltLength: 48,
    });
  });

  for (const backend of ['node', 'wasm', 'auto'] as const) {
    it(`verifies with the key's parameters and refuses other uses on ${backend}`, () => {
      const key = prepareKey(spki);
      const base = { scheme: 'rsa-pss', hash: 'sha384', key, message, signature, backend } as const;
      expect(verifySignature(base)).toBe(true);
      expect(verifySignature({ ...base, pss: { saltLength: 'auto' } })).toBe(true);
      expect(verifySignature({ ...base, message: message.subarray(1) })).toBe(false);
      expect(codeOf(() => verifySignature({ ...base, hash: 'sha256' }))).toBe('DD_SIG_PARAMS_INVALID');
      expect(codeOf(() => verifySignature({ ...base, pss: { mgfHash: 'sha1' } }))).toBe(
        'DD_SIG_PARAMS_INVALID',
      );
      expect(codeOf(() => verifySignature({ ...base, pss: { saltLength: 20 } }))).toBe(
        'DD_SIG_PARAMS_INVALID',
      );
      expect(codeOf(() => verifySignature({ ...base, scheme: 'rsa-pkcs1' }))).toBe('DD_SIG_KEY_MISMATCH');
    });
  }
});
