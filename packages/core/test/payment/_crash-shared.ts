/** Deterministic requests shared by the crash child and the checking parent (so replays hash the same). */
export const CRASH_KEY = {
  kid: 'crash-1',
  privateKey: {
    kty: 'EC',
    crv: 'P-256',
    // The ES256 example key of RFC 7515 Appendix A.3: public, for tests only.
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',
  },
};

export function crashBody(i: number, base: number) {
  return {
    payer: {
      ref: `crash-payer-${i % 50}`,
      verificationId: `ver-${i % 50}`,
      maskedId: '079******321',
      accountTier: 'standard',
      deviceId: `dev-${i % 50}`,
      documentExpiresOn: '2035-01-01',
      chipVerifiedAt: new Date(base - 3_600_000).toISOString(),
      biometric: {
        method: 'vneid',
        verifiedAt: new Date(base).toISOString(),
        verificationId: `ver-${i % 50}`,
      },
    },
    payee: { code: 'HN-SCHOOL-7', bin: '970418', account: '2150000123' },
    fee: { code: 'SCHOOL_TUITION' },
    amount: 10_000 + (i % 97) * 1_000,
    currency: 'VND',
    channel: 'mobile_banking',
    requestedAt: new Date(base).toISOString(),
  };
}
