// Per-key tables stay within their byte budget and evicted keys still verify.
import { generateKeyPairSync, sign } from 'node:crypto';
import { configureKeyTables, prepareKey, verifySignature } from '@dinhdanh/core/sig';
import { afterAll, describe, expect, it } from 'vitest';

describe('per-key table budget', () => {
  afterAll(() => configureKeyTables({ maxBytes: 128 * 1024 * 1024 }));

  it('keeps at most the budget (one P-256 table ≈ 0.3 MB) and rebuilds evicted tables', () => {
    expect(configureKeyTables({ maxBytes: 700_000 })).toBeGreaterThanOrEqual(0);
    const message = new TextEncoder().encode('bulk');
    const keys = Array.from({ length: 6 }, () => {
      const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      return {
        key: prepareKey(Uint8Array.from(k.publicKey.export({ format: 'der', type: 'spki' }))),
        priv: k.privateKey,
      };
    });
    for (let round = 0; round < 3; round++) {
      for (const { key, priv } of keys) {
        const signature = Uint8Array.from(sign('sha256', message, priv));
        expect(
          verifySignature({ scheme: 'ecdsa', hash: 'sha256', key, message, signature, backend: 'wasm' }),
        ).toBe(true);
      }
    }
    expect(configureKeyTables({ maxBytes: 700_000 })).toBe(2);
    expect(() => configureKeyTables({ maxBytes: -1 })).toThrow(RangeError);
  });
});
