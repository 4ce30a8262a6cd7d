/**
 * Example requests with synthetic data (no real person): used by the
 * `dinhdanh serve --demo` first request, the tests and the load benchmark.
 */

/** An authorisation of a school fee for a payer who matched their face against the chip just now. */
export function sampleAuthorization(nowMs: number, payerRef = 'cust.demo.0001', amount = 1_250_000): object {
  const now = new Date(nowMs).toISOString();
  return {
    payer: {
      ref: payerRef,
      verificationId: 'ver_demo_0001',
      maskedId: '********8005',
      accountTier: 'standard',
      deviceId: 'phone.demo.0001',
      documentExpiresOn: '2032-08-07',
      chipVerifiedAt: now,
      biometric: { method: 'chip_face_match', verifiedAt: now, verificationId: 'ver_demo_0001' },
    },
    payee: { code: 'THPT-HD-001', bin: '970436', account: '0011001234567' },
    fee: { code: 'SCHOOL_TUITION', description: 'Hoc phi hoc ky 1' },
    amount,
    currency: 'VND',
    channel: 'mobile_banking',
    requestedAt: now,
  };
}
