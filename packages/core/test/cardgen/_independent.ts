/**
 * Test-only helpers that check generated cards without the generator's
 * code: the SOD is walked with the project's DER reader, hashes and
 * signatures are checked with node:crypto, and the MRZ check digit is
 * re-implemented here from ICAO 9303-3 §4.9.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  children,
  raw,
  readInteger,
  readOctetString,
  readOid,
  readSingle,
  readTime,
  type Tlv,
  value,
} from '../../src/der/index.js';

export interface ParsedSod {
  readonly lds: Uint8Array;
  readonly ldsHash: string;
  readonly dgHashes: Map<number, Uint8Array>;
  readonly certificate: Uint8Array;
  readonly cmsDigest: string;
  readonly signedAttrsSet: Uint8Array;
  readonly messageDigest: Uint8Array;
  readonly signingTime: Date;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Walks EF.SOD strictly as DER (ICAO 9303-10 §4.6.2, RFC 5652 §5). */
export function parseSod(sod: Uint8Array): ParsedSod {
  const outer = readSingle(sod);
  if (outer.tag !== 0x77) throw new Error('not an EF.SOD');
  const [ct, content] = children(outer).flatMap((ci) => children(ci));
  if (readOid(ct!) !== '1.2.840.113549.1.7.2') throw new Error('not SignedData');
  const sd = children(children(content!)[0]!);
  if (readInteger(sd[0]!) !== 3n) throw new Error('SignedData version');
  const cmsDigest = HASHES[readOid(children(children(sd[1]!)[0]!)[0]!)]!;
  const [eType, eContent] = children(sd[2]!);
  if (readOid(eType!) !== '2.23.136.1.1.1') throw new Error('eContentType');
  const lds = readOctetString(children(eContent!)[0]!);
  const ldsKids = children(readSingle(lds));
  const ldsHash = HASHES[readOid(children(ldsKids[1]!)[0]!)]!;
  const dgHashes = new Map<number, Uint8Array>();
  for (const e of children(ldsKids[2]!)) {
    const [n, h] = children(e);
    dgHashes.set(Number(readInteger(n!)), readOctetString(h!));
  }
  const certificate = raw(children(sd[3]!)[0]!);
  const si = children(children(sd[4]!)[0]!);
  const signedAttrs = si[3]!;
  if (signedAttrs.tag !== 0xa0) throw new Error('signedAttrs missing');
  const signedAttrsSet = raw(signedAttrs).slice();
  signedAttrsSet[0] = 0x31;
  let messageDigest = new Uint8Array(0);
  let signingTime = new Date(0);
  for (const attr of children(signedAttrs)) {
    const [type, values] = children(attr);
    const v = children(values!)[0]!;
    const oid = readOid(type!);
    if (oid === '1.2.840.113549.1.9.4') messageDigest = readOctetString(v);
    if (oid === '1.2.840.113549.1.9.5') signingTime = readTime(v);
  }
  return {
    lds,
    ldsHash,
    dgHashes,
    certificate,
    cmsDigest,
    signedAttrsSet,
    messageDigest,
    signingTime,
    signatureAlgorithm: readOid(children(si[4]!)[0]!),
    signature: readOctetString(si[5]!),
  };
}

export const hashOf = (alg: string, b: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(alg).update(b).digest());

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export interface ParsedCert {
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  readonly serial: bigint;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
}

export function parseCert(der: Uint8Array): ParsedCert {
  const [tbs, alg, sig] = children(readSingle(der));
  const t = children(tbs!);
  const [nb, na] = children(t[4]!);
  return {
    tbs: raw(tbs!),
    signatureAlgorithm: readOid(children(alg!)[0]!),
    signature: value(sig!).subarray(1),
    serial: readInteger(t[1]!),
    issuer: raw(t[3]!),
    subject: raw(t[5]!),
    notBefore: readTime(nb!),
    notAfter: readTime(na!),
    spki: raw(t[6]!),
  };
}

export const publicKey = (spki: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });

const SIG_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
};

/** Verifies with node:crypto; RSASSA-PSS assumed SHA-256 / MGF1-SHA-256 / salt 32 as the generator declares. */
export function verifyWith(spki: Uint8Array, algOid: string, data: Uint8Array, sig: Uint8Array): boolean {
  const key = publicKey(spki);
  if (algOid === '1.2.840.113549.1.1.10') {
    return verify('sha256', data, { key, padding: 6, saltLength: 32 }, sig);
  }
  return verify(SIG_HASH[algOid]!, data, { key, dsaEncoding: 'der' }, sig);
}

/** ICAO 9303-3 §4.9, written independently of the generator. */
export function icaoCheckDigit(s: string): number {
  const w = [7, 3, 1];
  let sum = 0;
  [...s].forEach((c, i) => {
    const v = c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * w[i % 3]!;
  });
  return sum % 10;
}

export function hasTool(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The tree of tags (no lengths or values) of a TLV, to compare layouts. */
export function tagTree(t: Tlv, depth = 0, maxDepth = 6): string {
  const tag = t.tag.toString(16);
  if (!t.constructed || depth >= maxDepth) return tag;
  return `${tag}(${children(t)
    .map((c) => tagTree(c, depth + 1, maxDepth))
    .join(',')})`;
}
