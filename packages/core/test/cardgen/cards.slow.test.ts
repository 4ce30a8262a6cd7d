import { describe, expect, it } from 'vitest';
import { CardFactory, cardToJsonLine } from '../../src/cardgen/index.js';

describe('card generator, slow checks', () => {
  it('RSA keys, PSS salts and RSA AA answers are reproducible from the seed', () => {
    const a = new CardFactory({ seed: 'rsa-again', alg: 'rsa-pss-3072', aaKey: 'rsa-1024' });
    const b = new CardFactory({ seed: 'rsa-again', alg: 'rsa-pss-3072', aaKey: 'rsa-1024' });
    expect(cardToJsonLine(a.card(1))).toBe(cardToJsonLine(b.card(1)));
    expect(Buffer.from(a.pki.crl).equals(Buffer.from(b.pki.crl))).toBe(true);
  });
});
