/**
 * Parsed certificates by their exact encoding. A DSC signs many documents, so
 * bulk verification meets the same certificate bytes again and again; from
 * its second sighting a certificate is parsed once, from a private copy of
 * its bytes (later changes to a caller's buffer cannot reach it), and the
 * same immutable `Certificate` is returned for every identical encoding.
 * Identity is the full byte string: the key only picks candidates, which are
 * then compared byte for byte.
 */
import { raw, readSingle, type Tlv } from '../der/index.js';
import { bytesEqual, toHex } from './_asn1.js';
import { type Certificate, parseCertificateTlv } from './x509.js';

const MAX_ENTRIES = 1024;
/** Bytes from the end of the encoding used to pick candidates: they lie in the signature, which differs per certificate. */
const TAIL = 24;

interface Entry {
  readonly bytes: Uint8Array;
  /** Undefined until the second sighting. */
  cert: Certificate | undefined;
}

const entries = new Map<string, Entry[]>();

const keyOf = (b: Uint8Array): string => `${b.length}:${toHex(b.subarray(Math.max(0, b.length - TAIL)))}`;

/** `parseCertificateTlv(t, path)`, answered from the cache when the same bytes were parsed before. */
export function parseCertificateCached(t: Tlv, path: string): Certificate {
  const bytes = raw(t);
  const key = keyOf(bytes);
  const list = entries.get(key);
  const hit = list?.find((e) => bytesEqual(e.bytes, bytes));
  if (hit?.cert) return hit.cert;
  // Parsed in place first, so errors name the element's offset in the caller's buffer.
  const cert = parseCertificateTlv(t, path);
  if (!hit) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    const e: Entry = { bytes: bytes.slice(), cert: undefined };
    if (list) list.push(e);
    else entries.set(key, [e]);
    return cert;
  }
  try {
    hit.cert = parseCertificateTlv(readSingle(hit.bytes), path);
    return hit.cert;
  } catch {
    return cert;
  }
}
