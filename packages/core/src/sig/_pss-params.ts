/**
 * RSASSA-PSS-params (RFC 8017 §A.2.3, RFC 4055 §3.1):
 *   SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
 *              saltLength [2] DEFAULT 20, trailerField [3] DEFAULT 1 }
 */
import { children, expect, expectSequence, readInteger, readOid, type Tlv, UNIVERSAL } from '../der/index.js';
import { sigError } from './_errors.js';
import { HASH_BY_OID } from './_hash-names.js';
import type { HashName, PssParams } from './_types.js';

const MGF1 = '1.2.840.113549.1.1.8';

function hashAlgorithm(t: Tlv, path: string): HashName {
  const f = children(expectSequence(t, path), { path });
  if (f.length < 1 || f.length > 2)
    throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, 'malformed AlgorithmIdentifier');
  // Parameters are NULL or absent (RFC 5754 §2 allows both for SHA-2).
  if (f.length === 2) expect(f[1]!, 'universal', UNIVERSAL.NULL, `${path}.parameters`, false);
  const oid = readOid(f[0]!, `${path}.algorithm`);
  const h = HASH_BY_OID[oid];
  if (!h) throw sigError('DD_SIG_HASH_UNSUPPORTED', path, `unsupported hash ${oid}`);
  return h;
}

function explicitChild(t: Tlv, path: string): Tlv {
  const inner = children(t, { path });
  if (inner.length !== 1)
    throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, 'explicit tag must hold one element');
  return inner[0]!;
}

export function readPssParams(t: Tlv, path = '$'): PssParams {
  const fields = children(expectSequence(t, path), { path });
  let hash: HashName = 'sha1';
  let mgfHash: HashName = 'sha1';
  let saltLength = 20;
  let last = -1;
  for (const f of fields) {
    if (f.tagClass !== 'context' || !f.constructed || f.tagNumber <= last || f.tagNumber > 3) {
      throw sigError('DD_SIG_ALGORITHM_UNKNOWN', path, 'unexpected field in RSASSA-PSS-params');
    }
    last = f.tagNumber;
    const p = `${path}[${f.tagNumber}]`;
    const v = explicitChild(f, p);
    if (f.tagNumber === 0) hash = hashAlgorithm(v, p);
    else if (f.tagNumber === 1) {
      const mg = children(expectSequence(v, p), { path: p });
      if (mg.length !== 2 || readOid(mg[0]!, `${p}.algorithm`) !== MGF1) {
        throw sigError('DD_SIG_ALGORITHM_UNKNOWN', p, 'only MGF1 is supported');
      }
      mgfHash = hashAlgorithm(mg[1]!, `${p}.parameters`);
    } else if (f.tagNumber === 2) {
      const s = readInteger(v, p);
      if (s < 0n || s > 1024n) throw sigError('DD_SIG_ALGORITHM_UNKNOWN', p, 'salt length out of range');
      saltLength = Number(s);
    } else if (readInteger(v, p) !== 1n) {
      // trailerField 1 = 0xBC is the only value RFC 8017 defines.
      throw sigError('DD_SIG_ALGORITHM_UNKNOWN', p, 'unsupported trailer field');
    }
  }
  return { hash, mgfHash, saltLength };
}
