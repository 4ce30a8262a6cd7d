/**
 * SignerInfo checks (RFC 5652 §5.4, §11.2; ICAO 9303-11 §5.1 steps 2–3):
 * messageDigest equals the hash of eContent, and the signature verifies
 * over the signed attributes as received (tag switched to SET).
 */
import { readOctetString, readOid } from '../der/index.js';
import { bytesEqual } from './_asn1.js';
import { hashBytes } from './_hash.js';
import { verifyWith } from './_sig.js';
import { attributeValue, type SignedData, type SignerInfo } from './cms.js';
import { HASH_BY_OID, OID } from './oids.js';
import { resolveSigAlg } from './sig-alg.js';
import type { Certificate } from './x509.js';

export type Outcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };
const ok: Outcome = { ok: true };
const no = (reason: string): Outcome => ({ ok: false, reason });

/** The certificate the SignerInfo names, among `candidates`. */
export function findSignerCert(si: SignerInfo, candidates: readonly Certificate[]): Certificate | undefined {
  const sid = si.sid;
  return candidates.find((c) =>
    sid.kind === 'subjectKeyIdentifier'
      ? c.subjectKeyIdentifier !== undefined && bytesEqual(c.subjectKeyIdentifier, sid.keyIdentifier)
      : // The sid is not signed: require the exact issuer encoding, not a normalised match.
        bytesEqual(c.serial, sid.serial) && bytesEqual(c.issuer.raw, sid.issuer.raw),
  );
}

/** RFC 5652 §11.1: the contentType attribute equals eContentType. */
export function checkContentType(sd: SignedData, si: SignerInfo): Outcome {
  if (!si.signedAttrsRaw) return no('no-signed-attributes');
  const ct = attributeValue(si, OID.contentType);
  if (!ct) return no('missing-attribute');
  let oid: string;
  try {
    oid = readOid(ct, 'contentType');
  } catch {
    return no('malformed');
  }
  return oid === sd.eContentType ? ok : no('mismatch');
}

export function checkMessageDigest(sd: SignedData, si: SignerInfo): Outcome {
  if (!si.signedAttrsRaw) return no('no-signed-attributes');
  const md = attributeValue(si, OID.messageDigest);
  if (!md) return no('missing-attribute');
  let value: Uint8Array;
  try {
    value = readOctetString(md, 'messageDigest');
  } catch {
    return no('malformed');
  }
  const hash = HASH_BY_OID[si.digestAlgorithm.oid];
  if (!hash) return no('unknown-digest-algorithm');
  if (!sd.eContent) return no('no-content');
  return bytesEqual(hashBytes(hash, sd.eContent), value) ? ok : no('mismatch');
}

/**
 * The signed bytes (RFC 5652 §5.4: signedAttrs as received, [0] tag replaced by SET) in a buffer
 * reused from card to card: the signature layer reads the message synchronously and keeps none of
 * it, and a fresh copy per card was a new off-heap buffer for the GC to sweep.
 */
let scratch = new Uint8Array(1024);
function signedBytes(si: SignerInfo): Uint8Array | undefined {
  const raw = si.signedAttrsRaw;
  if (!raw) return undefined;
  if (scratch.length < raw.length) scratch = new Uint8Array(Math.max(raw.length, 2 * scratch.length));
  scratch.set(raw);
  scratch[0] = 0x31;
  return scratch.subarray(0, raw.length);
}

export function checkSignature(si: SignerInfo, signer: Certificate): Outcome {
  const message = signedBytes(si);
  if (!message) return no('no-signed-attributes');
  let alg: ReturnType<typeof resolveSigAlg>;
  try {
    alg = resolveSigAlg(
      si.signatureAlgorithm,
      'SignerInfo.signatureAlgorithm',
      HASH_BY_OID[si.digestAlgorithm.oid],
    );
  } catch {
    return no('unsupported-algorithm');
  }
  const r = verifyWith({ alg, key: signer.spki, message, signature: si.signature });
  return r.ok ? ok : no(r.reason);
}
