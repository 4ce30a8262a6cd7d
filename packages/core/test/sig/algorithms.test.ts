import { signatureAlgorithmFromIdentifier, signatureAlgorithmFromOid } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { codeOf, hex } from './_helpers.js';

describe('signature algorithm identifiers', () => {
  it('maps RSA, ECDSA and BSI plain-ECDSA OIDs', () => {
    expect(signatureAlgorithmFromOid('1.2.840.113549.1.1.11')).toEqual({
      scheme: 'rsa-pkcs1',
      hash: 'sha256',
    });
    expect(signatureAlgorithmFromOid('1.2.840.113549.1.1.5')).toEqual({ scheme: 'rsa-pkcs1', hash: 'sha1' });
    expect(signatureAlgorithmFromOid('1.2.840.10045.4.3.4')).toEqual({
      scheme: 'ecdsa',
      hash: 'sha512',
      encoding: 'der',
    });
    expect(signatureAlgorithmFromOid('1.2.840.10045.4.1')).toEqual({
      scheme: 'ecdsa',
      hash: 'sha1',
      encoding: 'der',
    });
    expect(signatureAlgorithmFromOid('0.4.0.127.0.7.1.1.4.1.3')).toEqual({
      scheme: 'ecdsa',
      hash: 'sha256',
      encoding: 'p1363',
    });
  });

  it('reads sha256WithRSAEncryption with NULL parameters from DER', () => {
    expect(signatureAlgorithmFromIdentifier(hex('300d06092a864886f70d01010b0500'))).toEqual({
      scheme: 'rsa-pkcs1',
      hash: 'sha256',
    });
  });

  it('reads RSASSA-PSS-params: SHA-256, MGF1-SHA-256, salt 32', () => {
    const der = hex(
      '3041 06092a864886f70d01010a 3034' +
        'a00f300d06096086480165030402010500' +
        'a11c301a06092a864886f70d010108300d06096086480165030402010500' +
        'a203020120',
    );
    expect(signatureAlgorithmFromIdentifier(der)).toEqual({
      scheme: 'rsa-pss',
      hash: 'sha256',
      pss: { hash: 'sha256', mgfHash: 'sha256', saltLength: 32 },
    });
  });

  it('applies the RSASSA-PSS-params defaults (SHA-1, MGF1-SHA-1, 20)', () => {
    expect(signatureAlgorithmFromIdentifier(hex('300d06092a864886f70d01010a3000'))).toEqual({
      scheme: 'rsa-pss',
      hash: 'sha1',
      pss: { hash: 'sha1', mgfHash: 'sha1', saltLength: 20 },
    });
  });

  it('rejects unknown OIDs, PSS without parameters, bad trailer, malformed DER', () => {
    expect(codeOf(() => signatureAlgorithmFromOid('1.2.840.113549.1.1.4'))).toBe('DD_SIG_ALGORITHM_UNKNOWN');
    expect(codeOf(() => signatureAlgorithmFromOid('1.2.840.113549.1.1.10'))).toBe('DD_SIG_ALGORITHM_UNKNOWN');
    expect(codeOf(() => signatureAlgorithmFromIdentifier(hex('301006092a864886f70d01010a3003a30102')))).toBe(
      'DD_SIG_ALGORITHM_UNKNOWN',
    );
    expect(codeOf(() => signatureAlgorithmFromIdentifier(hex('300d06092a864886f70d01010b05')))).toBe(
      'DD_SIG_ALGORITHM_UNKNOWN',
    );
  });
});
