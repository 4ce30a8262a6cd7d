/** Certificate revocation lists (RFC 5280 §5.1), zero-copy; `tbs` is the signed TBSCertList as received. */
import {
  derError,
  expect,
  raw as rawOf,
  readBitString,
  readOctetString,
  readOid,
  readTime,
  type Tlv,
  UNIVERSAL,
  value,
} from '../der/index.js';
import { at, explicit, isContext, readSmallInt, seq, single, toHex } from './_asn1.js';
import { OID } from './oids.js';
import { type AlgorithmIdentifier, type Name, parseAlgorithmIdentifier, parseName } from './x509.js';

export interface RevokedEntry {
  readonly serialHex: string;
  readonly revocationDate: Date;
}

export interface Crl {
  readonly raw: Uint8Array;
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly issuer: Name;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** Revoked serials (hex of the INTEGER content octets) → entry. */
  readonly revoked: ReadonlyMap<string, RevokedEntry>;
  readonly authorityKeyIdentifier: Uint8Array | undefined;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
}

export function parseCrl(buf: Uint8Array, path = 'CertificateList'): Crl {
  return parseCrlTlv(single(buf, path), path);
}

export function parseCrlTlv(t: Tlv, path = 'CertificateList'): Crl {
  const top = seq(t, path);
  if (top.length !== 3) throw derError('DD_DER_BAD_VALUE', path, 'CertificateList has 3 elements', t.start);
  const tp = `${path}.tbsCertList`;
  const f = seq(top[0]!, tp);
  let i = 0;
  let version = 1;
  if (f[0]?.tagClass === 'universal' && f[0].tagNumber === UNIVERSAL.INTEGER) {
    version = readSmallInt(f[0], `${tp}.version`) + 1;
    i = 1;
  }
  parseAlgorithmIdentifier(at(f, i, `${tp}.signature`), `${tp}.signature`);
  const issuer = parseName(at(f, i + 1, `${tp}.issuer`), `${tp}.issuer`);
  const thisUpdate = readTime(at(f, i + 2, `${tp}.thisUpdate`), `${tp}.thisUpdate`);
  let k = i + 3;
  let nextUpdate: Date | undefined;
  const nu = f[k];
  if (
    nu &&
    nu.tagClass === 'universal' &&
    (nu.tagNumber === UNIVERSAL.UTC_TIME || nu.tagNumber === UNIVERSAL.GENERALIZED_TIME)
  ) {
    nextUpdate = readTime(nu, `${tp}.nextUpdate`);
    k++;
  }
  const revoked = new Map<string, RevokedEntry>();
  const rl = f[k];
  if (rl && rl.tagClass === 'universal' && rl.tagNumber === UNIVERSAL.SEQUENCE) {
    seq(rl, `${tp}.revokedCertificates`).forEach((e, j) => {
      const p = `${tp}.revokedCertificates[${j}]`;
      const c = seq(e, p);
      const serial = value(
        expect(
          at(c, 0, `${p}.userCertificate`),
          'universal',
          UNIVERSAL.INTEGER,
          `${p}.userCertificate`,
          false,
        ),
      );
      const revocationDate = readTime(at(c, 1, `${p}.revocationDate`), `${p}.revocationDate`);
      revoked.set(toHex(serial), { serialHex: toHex(serial), revocationDate });
    });
    k++;
  }
  let authorityKeyIdentifier: Uint8Array | undefined;
  if (isContext(f[k], 0)) {
    seq(explicit(f[k]!, `${tp}.crlExtensions`), `${tp}.crlExtensions`).forEach((e, j) => {
      const p = `${tp}.crlExtensions[${j}]`;
      const c = seq(e, p);
      if (readOid(at(c, 0, `${p}.extnID`), `${p}.extnID`) !== OID.authorityKeyIdentifier) return;
      const v = readOctetString(c[c.length - 1]!, `${p}.extnValue`);
      const kid = seq(single(v, p), p).find((x) => isContext(x, 0));
      authorityKeyIdentifier = kid ? value(kid) : undefined;
    });
    k++;
  }
  if (k < f.length) throw derError('DD_DER_TRAILING_DATA', tp, 'unexpected elements in tbsCertList');
  return {
    raw: rawOf(t),
    tbs: rawOf(top[0]!),
    version,
    issuer,
    thisUpdate,
    nextUpdate,
    revoked,
    authorityKeyIdentifier,
    signatureAlgorithm: parseAlgorithmIdentifier(top[1]!, `${path}.signatureAlgorithm`),
    signature: readBitString(top[2]!, `${path}.signatureValue`),
  };
}
