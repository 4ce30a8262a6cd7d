/**
 * A trust store that remembers, per worker, the answers that depend only on
 * the certificates: which CSCA issued a DSC (one CSCA signature check per DSC
 * instead of per card) and a DSC's revocation status at the run's validation
 * time (one CRL signature check per DSC). Answers are the ones the plain
 * store gives; the store's anchors and CRLs never change after loading.
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

  override findIssuer(cert: Certificate): ChainResult {
    return remember(this.#issuers, toHex(cert.raw), () => super.findIssuer(cert));
  }

  override revocation(cert: Certificate, issuer: Certificate, at: Date): RevocationStatus {
    const key = `${toHex(cert.raw)}|${toHex(issuer.raw)}|${at.getTime()}`;
    return remember(this.#revocations, key, () => super.revocation(cert, issuer, at));
  }
}
