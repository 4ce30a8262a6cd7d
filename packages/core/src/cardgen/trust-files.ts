/**
 * The trust material of a fixture set as files: the CSCA to trust, the CRL,
 * every Document Signer certificate, and the impostor CSCA that must never
 * be trusted.
 */
import type { CardFactory } from './factory.js';

export interface TrustFile {
  /** Relative path in the output directory. */
  readonly path: string;
  readonly der: Uint8Array;
  /** Whether a verifier of these fixtures should load it as a trust anchor / CRL. */
  readonly trusted: boolean;
  readonly description: string;
}

export function trustFiles(factory: CardFactory, dscCount: number, withSpecial: boolean): TrustFile[] {
  const pki = factory.pki;
  const files: TrustFile[] = [
    {
      path: 'csca.der',
      der: pki.csca.cert.der,
      trusted: true,
      description: 'trust anchor (self-signed CSCA)',
    },
    { path: 'crl.der', der: pki.crl, trusted: true, description: 'CRL of the CSCA (lists the revoked DSC)' },
    {
      path: 'csca-untrusted.der',
      der: pki.cscaUntrusted.cert.der,
      trusted: false,
      description: 'impostor CSCA with the same name: never trust it',
    },
  ];
  for (let i = 0; i < dscCount; i++) {
    const d = pki.dsc(i);
    files.push({
      path: `dsc/dsc-${String(i + 1).padStart(3, '0')}.der`,
      der: d.cert.der,
      trusted: false,
      description: `Document Signer ${i + 1} (also inside each SOD it signed)`,
    });
  }
  if (withSpecial) {
    for (const s of ['expired', 'revoked', 'untrusted'] as const) {
      files.push({
        path: `dsc/dsc-${s}.der`,
        der: pki.special(s).cert.der,
        trusted: false,
        description: `Document Signer of the ${s}-DSC tampered variant`,
      });
    }
  }
  return files;
}
