/**
 * The test PKI: a self-signed CSCA, Document Signers issued by it (one per
 * batch of cards), a CRL, and the DSCs the tampered variants need — expired,
 * revoked, and one issued by a second, untrusted CSCA that copies the real
 * CSCA's name (an impostor: only the key and key identifier differ).
 */
import { DSC_PROFILES, type DscAlgorithm, type SignatureProfile } from './algorithms.js';
import { Drbg } from './drbg.js';
import { generateKey, type KeyPair, type SignContext } from './keys.js';
import { type Certificate, type DistinguishedName, issueCertificate, issueCrl } from './x509.js';

export interface Signer {
  readonly profile: SignatureProfile;
  readonly key: KeyPair;
  readonly cert: Certificate;
}

/** A Document Signer and the window in which it signs documents. */
export interface DocumentSigner extends Signer {
  readonly label: string;
  /** Earliest signing (document issue) time. */
  readonly signFrom: Date;
  /** Signing times are drawn from [signFrom, signFrom + signDays). */
  readonly signDays: number;
}

export type SpecialSigner = 'expired' | 'revoked' | 'untrusted';

export interface PkiOptions {
  readonly seed: string | Uint8Array;
  readonly alg: DscAlgorithm;
  readonly explicitParams: boolean;
  /** Date the CRL is issued; later than every signing time. */
  readonly referenceDate: Date;
}

const DAY = 86_400_000;
const ORG = 'Test Ministry of Public Security';
const CSCA_NAME: DistinguishedName = { country: 'VN', organization: ORG, commonName: 'Test CSCA CCCD' };
export const CRL_URI = 'http://pki.test.invalid/csca-cccd.crl';

const utc = (s: string): Date => new Date(`${s}Z`);
const addYears = (d: Date, y: number): Date => {
  const r = new Date(d);
  r.setUTCFullYear(r.getUTCFullYear() + y);
  return r;
};

function serial(drbg: Drbg): Uint8Array {
  const s = drbg.bytes(8);
  s[0] = (s[0]! & 0x7f) | 0x10;
  return s;
}

export class TestPki {
  readonly csca: Signer;
  private readonly dscCache = new Map<string, DocumentSigner>();
  private untrusted: Signer | undefined;
  private crlDer: Uint8Array | undefined;

  constructor(private readonly opts: PkiOptions) {
    this.csca = this.selfSigned('csca');
  }

  /**
   * A second CSCA with the same name but another key; never to be trusted.
   * Built on first use (each object has its own DRBG label, so building
   * lazily does not change any bytes).
   */
  get cscaUntrusted(): Signer {
    this.untrusted ??= this.selfSigned('csca-untrusted');
    return this.untrusted;
  }

  /** The CSCA's CRL, listing the revoked DSC (keyCompromise). */
  get crl(): Uint8Array {
    if (this.crlDer === undefined) {
      const revoked = this.special('revoked');
      this.crlDer = issueCrl(
        CSCA_NAME,
        this.csca.key.spki,
        this.csca.profile,
        this.csca.key,
        this.opts.referenceDate,
        addYears(this.opts.referenceDate, 10),
        1,
        [{ serial: revoked.cert.template.serial, revokedAt: utc('2021-02-01T00:00:00'), reason: 1 }],
        { drbg: new Drbg(this.opts.seed, 'crl'), fast: false },
      );
    }
    return this.crlDer;
  }

  /**
   * Certificates and the CRL are always signed reproducibly (RFC 6979), so
   * every process building the same PKI — e.g. parallel card builders —
   * gets byte-identical certificates.
   */
  private ctx(drbg: Drbg): SignContext {
    return { drbg, fast: false };
  }

  private selfSigned(label: string): Signer {
    const drbg = new Drbg(this.opts.seed, label);
    const profile = DSC_PROFILES[this.opts.alg].csca;
    const key = generateKey(profile.key, drbg, this.opts.explicitParams);
    const cert = issueCertificate(
      {
        role: 'csca',
        serial: serial(drbg),
        subject: CSCA_NAME,
        issuer: CSCA_NAME,
        notBefore: utc('2019-01-01T00:00:00'),
        notAfter: utc('2039-12-31T23:59:59'),
        subjectSpki: key.spki,
        issuerSpki: key.spki,
      },
      profile,
      key,
      this.ctx(drbg),
    );
    return { profile, key, cert };
  }

  private issueDsc(
    label: string,
    commonName: string,
    issuer: Signer,
    notBefore: Date,
    notAfter: Date,
    signFrom: Date,
    signDays: number,
  ): DocumentSigner {
    const cached = this.dscCache.get(label);
    if (cached) return cached;
    const drbg = new Drbg(this.opts.seed, `dsc/${label}`);
    const profile = DSC_PROFILES[this.opts.alg].dsc;
    const key = generateKey(profile.key, drbg, this.opts.explicitParams);
    const cert = issueCertificate(
      {
        role: 'dsc',
        serial: serial(drbg),
        subject: { country: 'VN', organization: ORG, commonName },
        issuer: CSCA_NAME,
        notBefore,
        notAfter,
        subjectSpki: key.spki,
        issuerSpki: issuer.key.spki,
        crlUri: CRL_URI,
        documentTypes: ['ID'],
      },
      issuer.profile,
      issuer.key,
      this.ctx(drbg),
    );
    const dsc: DocumentSigner = { label, profile, key, cert, signFrom, signDays };
    this.dscCache.set(label, dsc);
    return dsc;
  }

  /**
   * Regular Document Signer number `i` (0-based). Signer i starts 30·(i mod 48)
   * days after 2021-01-01, signs for 30 days, and its certificate is valid for
   * 15 years — inside the CSCA's validity.
   */
  dsc(i: number): DocumentSigner {
    const from = new Date(utc('2021-01-01T00:00:00').getTime() + (i % 48) * 30 * DAY);
    return this.issueDsc(String(i + 1), `Test DSC ${i + 1}`, this.csca, from, addYears(from, 15), from, 30);
  }

  /**
   * Signers for the tampered variants. Their signing windows make the fault
   * unambiguous whatever time a verifier checks at: the expired DSC ended
   * before it signed; the revoked one was revoked (keyCompromise) before.
   */
  special(kind: SpecialSigner): DocumentSigner {
    switch (kind) {
      case 'expired':
        return this.issueDsc(
          'expired',
          'Test DSC expired',
          this.csca,
          utc('2019-06-01T00:00:00'),
          utc('2020-12-31T23:59:59'),
          utc('2021-03-01T00:00:00'),
          30,
        );
      case 'revoked':
        return this.issueDsc(
          'revoked',
          'Test DSC revoked',
          this.csca,
          utc('2021-01-01T00:00:00'),
          utc('2036-01-01T00:00:00'),
          utc('2021-06-01T00:00:00'),
          30,
        );
      case 'untrusted':
        return this.issueDsc(
          'untrusted',
          'Test DSC 1',
          this.cscaUntrusted,
          utc('2021-01-01T00:00:00'),
          utc('2036-01-01T00:00:00'),
          utc('2021-01-01T00:00:00'),
          30,
        );
    }
  }
}
