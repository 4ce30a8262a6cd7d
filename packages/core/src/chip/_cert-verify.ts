/** Signature checks on certificates and CRLs under an issuer key (RFC 5280 §6.1.3 (a)(1)). */
import { verifyWith } from './_sig.js';
import type { Crl } from './crl.js';
import { resolveSigAlg } from './sig-alg.js';
import type { Certificate, SubjectPublicKeyInfo } from './x509.js';

/** True when `cert`'s signature verifies under `issuerKey`; false for bad or unsupported signatures. */
export function certSignedBy(cert: Certificate, issuerKey: SubjectPublicKeyInfo): boolean {
  try {
    const alg = resolveSigAlg(cert.signatureAlgorithm, 'Certificate.signatureAlgorithm');
    return verifyWith({ alg, key: issuerKey, message: cert.tbs, signature: cert.signature }).ok;
  } catch {
    return false;
  }
}

export function crlSignedBy(crl: Crl, issuerKey: SubjectPublicKeyInfo): boolean {
  try {
    const alg = resolveSigAlg(crl.signatureAlgorithm, 'CertificateList.signatureAlgorithm');
    return verifyWith({ alg, key: issuerKey, message: crl.tbs, signature: crl.signature }).ok;
  } catch {
    return false;
  }
}
