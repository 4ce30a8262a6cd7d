/**
 * A simulated chip answering active-authentication challenges (ICAO 9303-11
 * §6.1, INTERNAL AUTHENTICATE): ECDSA over the challenge with the hash named
 * in DG14, signature as plain r‖s (BSI TR-03111 §5.2.1); or RSA with ISO/IEC
 * 9796-2 digital signature scheme 1, partial recovery, SHA-1, trailer 0xBC.
 */
import { createHash } from 'node:crypto';
import { DinhdanhError } from '../errors/index.js';
import type { HashName } from './algorithms.js';
import type { Drbg } from './drbg.js';
import { ecdsaSign, type KeyPair, rsaPrivateRaw } from './keys.js';

export class ChipSimulator {
  /**
   * @param key the AA key pair (its public part is DG15)
   * @param hash hash for ECDSA AA (DG14 ActiveAuthenticationInfo)
   * @param drbg source of the recoverable nonce M1 for RSA AA
   * @param fast sign ECDSA through node:crypto (random nonces) instead of RFC 6979
   */
  constructor(
    private readonly key: KeyPair,
    private readonly hash: HashName,
    private readonly drbg: Drbg,
    private readonly fast: boolean,
  ) {}

  /** The chip's answer to an 8-byte challenge. */
  answer(challenge: Uint8Array): Uint8Array {
    if (challenge.length !== 8) {
      throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'an AA challenge is 8 bytes (ICAO 9303-11 §6.1)', {
        status: 400,
      });
    }
    if (this.key.kind === 'ec') return ecdsaSign(this.key, this.hash, challenge, 'plain', this.fast);
    // ISO/IEC 9796-2 scheme 1: F = 6A || M1 || SHA-1(M1 || M2) || BC, M2 = challenge, then F^d mod n.
    const k = Math.ceil(this.key.bits / 8);
    const m1 = this.drbg.bytes(k - 20 - 2);
    const h = createHash('sha1').update(m1).update(challenge).digest();
    const f = new Uint8Array(k);
    f[0] = 0x6a;
    f.set(m1, 1);
    f.set(h, 1 + m1.length);
    f[k - 1] = 0xbc;
    return rsaPrivateRaw(this.key, f);
  }
}
