/**
 * DG14 security infos (ICAO 9303-11 §9.2, BSI TR-03110-3 §A.1.1):
 * 0x6E { SET OF SecurityInfo { protocol OID, requiredData, optionalData? } }.
 * Known protocols are decoded; others are kept with their raw bytes.
 */
import { expect, raw as rawOf, readOid, type Tlv, UNIVERSAL } from '../der/index.js';
import { at, kids, readSmallInt, seq, set, single } from './_asn1.js';
import { chipError } from './_fail.js';
import { SECURITY_INFO_PREFIXES } from './oids.js';
import { parseSpki, type SubjectPublicKeyInfo } from './x509.js';

export interface SecurityInfo {
  readonly protocol: string;
  /** PACEInfo, ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, ActiveAuthenticationInfo, … or "unknown". */
  readonly type: string;
  readonly version: number | undefined;
  /** PACE standardized domain parameter id, CA key id. */
  readonly parameterId: number | undefined;
  /** ActiveAuthenticationInfo: the signature algorithm OID for ECDSA AA. */
  readonly signatureAlgorithm: string | undefined;
  /** ChipAuthenticationPublicKeyInfo: the chip's public key. */
  readonly publicKey: SubjectPublicKeyInfo | undefined;
  readonly raw: Uint8Array;
}

export interface Dg14 {
  readonly securityInfos: readonly SecurityInfo[];
  /** Signature algorithm OID from ActiveAuthenticationInfo, when present. */
  readonly activeAuthenticationAlgorithm: string | undefined;
}

const isInt = (t: Tlv | undefined): t is Tlv =>
  t?.tagClass === 'universal' && t.tagNumber === UNIVERSAL.INTEGER;

export function parseSecurityInfos(t: Tlv, path: string): SecurityInfo[] {
  return set(t, path, true).map((s, i) => {
    const p = `${path}[${i}]`;
    const c = seq(s, p, true);
    const protocol = readOid(at(c, 0, `${p}.protocol`), `${p}.protocol`);
    at(c, 1, `${p}.requiredData`);
    const type = SECURITY_INFO_PREFIXES.find(([prefix]) => protocol.startsWith(prefix))?.[1] ?? 'unknown';
    let version: number | undefined;
    let parameterId: number | undefined;
    let signatureAlgorithm: string | undefined;
    let publicKey: SubjectPublicKeyInfo | undefined;
    if (type === 'ChipAuthenticationPublicKeyInfo') {
      publicKey = parseSpki(c[1]!, `${p}.chipAuthenticationPublicKey`);
      if (isInt(c[2])) parameterId = readSmallInt(c[2], `${p}.keyId`);
    } else if (type !== 'unknown') {
      if (isInt(c[1])) version = readSmallInt(c[1], `${p}.version`);
      if (type === 'ActiveAuthenticationInfo') {
        signatureAlgorithm = readOid(at(c, 2, `${p}.signatureAlgorithm`), `${p}.signatureAlgorithm`);
      } else if (isInt(c[2])) parameterId = readSmallInt(c[2], `${p}.parameterId`);
    }
    return { protocol, type, version, parameterId, signatureAlgorithm, publicKey, raw: rawOf(s) };
  });
}

export function parseDg14(buf: Uint8Array): Dg14 {
  const path = 'DG14';
  const top = expect(single(buf, path, true), 'application', 14, path, true);
  const inner = kids(top, path, true);
  if (inner.length !== 1) throw chipError('DD_CHIP_BAD_STRUCTURE', path, 'expected one SET of SecurityInfos');
  const securityInfos = parseSecurityInfos(inner[0]!, `${path}.SecurityInfos`);
  const aa = securityInfos.find((s) => s.type === 'ActiveAuthenticationInfo');
  return { securityInfos, activeAuthenticationAlgorithm: aa?.signatureAlgorithm };
}
