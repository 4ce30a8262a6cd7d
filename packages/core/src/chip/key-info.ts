/** Human-readable key and signature descriptions (master-list statistics, reports). No key material. */
import { parseSpki, signatureAlgorithmFromOid } from '../sig/index.js';
import type { Certificate } from './x509.js';

/** "<key> / <signature>", e.g. "ec brainpoolP512r1 (explicit) / ecdsa-sha512", "rsa-4096 / rsa-pss-sha256". */
export function describeKey(c: Certificate): string {
  let sigText: string;
  try {
    const s = signatureAlgorithmFromOid(c.signatureAlgorithm.oid, c.signatureAlgorithm.params);
    sigText = `${s.scheme}-${s.hash}`;
  } catch {
    sigText = c.signatureAlgorithm.oid;
  }
  const k = c.spki;
  let keyText: string;
  if (k.kind === 'rsa') keyText = `rsa-${k.bits}`;
  else if (k.kind === 'ec') {
    try {
      const info = parseSpki(k.raw);
      keyText =
        info.kind === 'ec'
          ? `ec ${info.curve.name}${info.curveEncoding === 'explicit' ? ' (explicit)' : ''}`
          : `ec ${k.bits}-bit`;
    } catch {
      keyText = `ec ${k.bits}-bit (unknown curve)`;
    }
  } else keyText = k.algorithm.oid;
  return `${keyText} / ${sigText}`;
}
