/**
 * EF.SOD (ICAO 9303-10 §4.6.2): application tag 23 (0x77) around a CMS
 * ContentInfo whose SignedData encapsulates the LDSSecurityObject:
 * the hash algorithm and one hash per data group (v0), plus LDS/Unicode
 * versions (v1, LDS 1.8).
 */
import { derError, expect, raw as rawOf, readOctetString, type Tlv } from '../der/index.js';
import { digestLength } from '../hash/index.js';
import { at, explicit, readSmallInt, readString, seq, single } from './_asn1.js';
import { chipError } from './_fail.js';
import { parseSignedData, type SignedData } from './cms.js';
import { HASH_BY_OID, type HashName, OID } from './oids.js';
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from './x509.js';

export interface LdsSecurityObject {
  readonly version: 0 | 1;
  readonly hashAlgorithm: AlgorithmIdentifier;
  readonly hash: HashName;
  /** Data-group number → hash, in the order of the encoding. */
  readonly dataGroupHashes: ReadonlyMap<number, Uint8Array>;
  readonly ldsVersion: string | undefined;
  readonly unicodeVersion: string | undefined;
}

export interface Sod {
  /** The whole EF.SOD as received. */
  readonly raw: Uint8Array;
  readonly signedData: SignedData;
  readonly lds: LdsSecurityObject;
}

export function parseLdsSecurityObject(buf: Uint8Array, path = 'LDSSecurityObject'): LdsSecurityObject {
  const c = seq(single(buf, path, true), path, true);
  const version = readSmallInt(at(c, 0, `${path}.version`), `${path}.version`);
  if (version !== 0 && version !== 1) {
    throw chipError('DD_CHIP_UNSUPPORTED_VERSION', `${path}.version`, `version ${version}`);
  }
  const hashAlgorithm = parseAlgorithmIdentifier(at(c, 1, `${path}.hashAlgorithm`), `${path}.hashAlgorithm`);
  const hash = HASH_BY_OID[hashAlgorithm.oid];
  const hp = hashAlgorithm.params;
  if (hp && !(hp.tagClass === 'universal' && hp.tagNumber === 5 && hp.valueEnd === hp.valueStart)) {
    throw chipError('DD_CHIP_BAD_STRUCTURE', `${path}.hashAlgorithm`, 'parameters must be NULL or absent');
  }
  if (!hash)
    throw chipError('DD_CHIP_UNKNOWN_ALGORITHM', `${path}.hashAlgorithm`, `hash ${hashAlgorithm.oid}`);
  const dataGroupHashes = new Map<number, Uint8Array>();
  const list = seq(at(c, 2, `${path}.dataGroupHashValues`), `${path}.dataGroupHashValues`, true);
  if (list.length === 0)
    throw chipError('DD_CHIP_BAD_STRUCTURE', `${path}.dataGroupHashValues`, 'no data-group hashes');
  list.forEach((e, i) => {
    const p = `${path}.dataGroupHashValues[${i}]`;
    const d = seq(e, p, true);
    const n = readSmallInt(at(d, 0, `${p}.dataGroupNumber`), `${p}.dataGroupNumber`);
    const h = readOctetString(at(d, 1, `${p}.dataGroupHashValue`), `${p}.dataGroupHashValue`);
    // ICAO 9303-10 §4.6.2.2: DataGroupNumber ::= INTEGER (1..16).
    if (n < 1 || n > 16) throw chipError('DD_CHIP_BAD_STRUCTURE', `${p}.dataGroupNumber`, `data group ${n}`);
    if (dataGroupHashes.has(n))
      throw chipError('DD_CHIP_BAD_STRUCTURE', `${p}.dataGroupNumber`, `data group ${n} twice`);
    if (h.length !== digestLength(hash)) {
      throw chipError('DD_CHIP_BAD_STRUCTURE', `${p}.dataGroupHashValue`, `${h.length} bytes for ${hash}`);
    }
    dataGroupHashes.set(n, h);
  });
  let ldsVersion: string | undefined;
  let unicodeVersion: string | undefined;
  if (c[3] !== undefined) {
    if (version !== 1)
      throw chipError('DD_CHIP_BAD_STRUCTURE', `${path}.ldsVersionInfo`, 'present in a version 0 object');
    const v = seq(c[3], `${path}.ldsVersionInfo`, true);
    ldsVersion = readString(
      at(v, 0, `${path}.ldsVersionInfo.ldsVersion`),
      `${path}.ldsVersionInfo.ldsVersion`,
    );
    unicodeVersion = readString(
      at(v, 1, `${path}.ldsVersionInfo.unicodeVersion`),
      `${path}.ldsVersionInfo.unicodeVersion`,
    );
  }
  if (c.length > 4) throw derError('DD_DER_TRAILING_DATA', path, 'elements after ldsVersionInfo');
  return { version, hashAlgorithm, hash, dataGroupHashes, ldsVersion, unicodeVersion };
}

/** Parses EF.SOD: tag 0x77 (or a bare ContentInfo), SignedData, LDSSecurityObject. */
export function parseSod(buf: Uint8Array): Sod {
  const path = 'SOD';
  const outer = single(buf, path, true);
  let ci: Tlv = outer;
  if (outer.tagClass === 'application') {
    expect(outer, 'application', 23, path, true);
    ci = explicit(outer, path, true);
  }
  const signedData = parseSignedData(ci, `${path}.ContentInfo`, OID.ldsSecurityObject, true);
  if (!signedData.eContent) {
    throw chipError(
      'DD_CHIP_BAD_STRUCTURE',
      `${path}.ContentInfo.SignedData.encapContentInfo`,
      'no eContent',
    );
  }
  const lds = parseLdsSecurityObject(signedData.eContent, `${path}.LDSSecurityObject`);
  return { raw: rawOf(outer), signedData, lds };
}
