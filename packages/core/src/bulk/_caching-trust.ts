/**
 * A trust store that remembers, per worker, the answers that depend only on
 * the certificates: which CSCA issued a DSC (one CSCA signature check per DSC
 * instead of per card) and a DSC's revocation status at the run's validation
 * time (one CRL signature check per DSC). Answers are the ones the plain
 * store gives; the store's anchors and CRLs never change after loading.
 * Certificates parsed from the same bytes are one object (chip/_cert-cache),
 * so a per-object note answers repeats without re-encoding the key.
 */
import { toHex } from '../chip/_asn1.js';
import { type Certificate, type ChainResult, type RevocationStatus, TrustStore } from '../chip/index.js';

const MAX_ENTRIES = 4096;

function remember<V>(map: Map<string, V>, key: string, make: () => V): V {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const v = make();
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, v);
  return v;
}

export class CachingTrustStore extends TrustStore {
  readonly #issuers = new Map<string, ChainResult>();
  readonly #revocations = new Map<string, RevocationStatus>();
  readonly #issuerOf = new WeakMap<Certificate, ChainResult>();
  readonly #revocationOf = new WeakMap<
    Certificate,
    { readonly issuer: Certificate; readonly at: number; readonly status: RevocationStatus }
  >();

  override findIssuer(cert: Certificate): ChainResult {
    const noted = this.#issuerOf.get(cert);
    if (noted) return noted;
    const r = remember(this.#issuers, toHex(cert.raw), () => super.findIssuer(cert));
    this.#issuerOf.set(cert, r);
    return r;
  }

  override revocation(cert: Certificate, issuer: Certificate, at: Date): RevocationStatus {
    const t = at.getTime();
    const noted = this.#revocationOf.get(cert);
    if (noted && noted.issuer === issuer && noted.at === t) return noted.status;
    const key = `${toHex(cert.raw)}|${toHex(issuer.raw)}|${t}`;
    const status = remember(this.#revocations, key, () => super.revocation(cert, issuer, at));
    this.#revocationOf.set(cert, { issuer, at: t, status });
    return status;
  }
}
