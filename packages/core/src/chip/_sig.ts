/**
 * The chip area's one call into signature verification. Everything that
 * checks a signature (SOD, certificates, CRLs, master lists, active
 * authentication with ECDSA) goes through `verifyWith`.
 */
import { constants, createPublicKey, verify } from 'node:crypto';
import type { ResolvedSigAlg } from './sig-alg.js';

export interface SigInput {
  readonly alg: ResolvedSigAlg;
  /** SubjectPublicKeyInfo DER of the signer. */
  readonly spki: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export function verifyWith(input: SigInput): boolean {
  const { alg } = input;
  try {
    const key = createPublicKey({ key: Buffer.from(input.spki), format: 'der', type: 'spki' });
    const opts =
      alg.family === 'ecdsa'
        ? { key, dsaEncoding: alg.encoding === 'plain' ? ('ieee-p1363' as const) : ('der' as const) }
        : alg.family === 'rsa-pss'
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.pss?.saltLength ?? 20 }
          : { key, padding: constants.RSA_PKCS1_PADDING };
    return verify(alg.hash, input.message, opts, input.signature);
  } catch {
    return false;
  }
}
