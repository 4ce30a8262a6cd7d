/** Human-readable key and signature descriptions (for master-list statistics and reports). */
import { SIG_ALG_BY_OID } from './oids.js';
import type { Certificate } from './x509.js';

/** Named-curve OIDs (RFC 5480, RFC 5639). */
const CURVE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.9': 'brainpoolP320r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
  '1.3.36.3.3.2.8.1.1.5': 'brainpoolP224r1',
};

export function describeKey(c: Certificate): string {
  const k = c.spki;
  const sig = SIG_ALG_BY_OID[c.signatureAlgorithm.oid];
  const sigText = sig ? `${sig.family}${sig.hash ? `-${sig.hash}` : ''}` : c.signatureAlgorithm.oid;
  if (k.kind === 'rsa') return `rsa-${k.bits} / ${sigText}`;
  if (k.kind === 'ec') {
    const curve = k.namedCurve ? (CURVE_NAMES[k.namedCurve] ?? k.namedCurve) : `${k.bits}-bit explicit`;
    return `ec ${curve} / ${sigText}`;
  }
  return `${k.algorithm.oid} / ${sigText}`;
}
