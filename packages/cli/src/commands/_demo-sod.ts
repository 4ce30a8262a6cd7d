/**
 * Just enough of EF.SOD for the demo: the data-group hashes of the
 * LDSSecurityObject and the signer's messageDigest. Not a validator — the
 * signature and certificate checks belong to passive authentication.
 *
 * EF.SOD = [APPLICATION 23] ContentInfo (ICAO 9303-10 §4.6.2); ContentInfo →
 * SignedData (RFC 5652 §5.1) → encapContentInfo.eContent = DER of
 * LDSSecurityObject { version, hashAlgorithm, dataGroupHashValues SEQUENCE OF
 * DataGroupHash { dataGroupNumber, dataGroupHashValue } } (ICAO 9303-10 §4.6.2.2).
 */
import {
  children,
  derError,
  expect,
  expectSequence,
  readInteger,
  readOctetString,
  readOid,
  readSingle,
  type Tlv,
  UNIVERSAL,
} from '@dinhdanh/core/der';

export interface SodHashes {
  /** OID of the LDSSecurityObject's hashAlgorithm (used for the data groups). */
  readonly dgHashOid: string;
  /** Data-group number → hash carried in the SOD. */
  readonly dgHashes: ReadonlyMap<number, Uint8Array>;
  /** The exact eContent bytes (the DER LDSSecurityObject) the signer hashed. */
  readonly eContent: Uint8Array;
  /** OID of the SignerInfo digestAlgorithm (RFC 5652 §5.3). */
  readonly signerDigestOid: string;
  /** The signed attribute messageDigest (RFC 5652 §11.2). */
  readonly messageDigest: Uint8Array;
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

function at(list: Tlv[], i: number, path: string): Tlv {
  const t = list[i];
  if (t === undefined) throw derError('DD_DER_TRUNCATED', path, 'missing element');
  return t;
}

export function readSodHashes(sod: Uint8Array): SodHashes {
  const outer = expect(readSingle(sod, { ber: true, path: 'EF.SOD' }), 'application', 23, 'EF.SOD', true);
  const [contentInfo] = children(outer, { ber: true, path: 'EF.SOD' });
  const ci = children(expectSequence(contentInfo!, 'ContentInfo'), { ber: true, path: 'ContentInfo' });
  if (readOid(at(ci, 0, 'ContentInfo.contentType'), 'ContentInfo.contentType') !== OID_SIGNED_DATA) {
    throw derError('DD_DER_BAD_VALUE', 'ContentInfo.contentType', 'EF.SOD does not hold SignedData');
  }
  const [sdSeq] = children(expect(at(ci, 1, 'ContentInfo.content'), 'context', 0, 'ContentInfo.content'), {
    ber: true,
  });
  const sd = children(expectSequence(sdSeq!, 'SignedData'), { ber: true, path: 'SignedData' });
  // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
  const encap = children(expectSequence(at(sd, 2, 'SignedData.encapContentInfo')), { ber: true });
  const [eContentOctets] = children(expect(at(encap, 1, 'eContent'), 'context', 0, 'eContent'), {
    ber: true,
  });
  const eContent = readOctetString(eContentOctets!, 'eContent');

  const lds = children(expectSequence(readSingle(eContent, { path: 'LDSSecurityObject' })), {
    path: 'LDSSecurityObject',
  });
  const dgHashOid = readOid(
    at(children(expectSequence(at(lds, 1, 'hashAlgorithm')), { path: 'hashAlgorithm' }), 0, 'hashAlgorithm'),
    'hashAlgorithm.algorithm',
  );
  const dgHashes = new Map<number, Uint8Array>();
  for (const [i, entry] of children(expectSequence(at(lds, 2, 'dataGroupHashValues'))).entries()) {
    const path = `dataGroupHashValues[${i}]`;
    const [num, hash] = children(expectSequence(entry, path), { path });
    dgHashes.set(
      Number(readInteger(num!, `${path}.dataGroupNumber`)),
      readOctetString(hash!, `${path}.hash`),
    );
  }

  const signerInfos = children(expect(sd[sd.length - 1]!, 'universal', UNIVERSAL.SET, 'signerInfos', true));
  const si = children(expectSequence(at(signerInfos, 0, 'signerInfos[0]')), { path: 'signerInfos[0]' });
  // version, sid, digestAlgorithm, [0] signedAttrs, …
  const signerDigestOid = readOid(
    at(children(expectSequence(at(si, 2, 'digestAlgorithm'))), 0, 'digestAlgorithm'),
  );
  let messageDigest: Uint8Array | undefined;
  for (const attr of children(expect(at(si, 3, 'signedAttrs'), 'context', 0, 'signedAttrs', true))) {
    const [type, values] = children(expectSequence(attr, 'signedAttrs[]'));
    if (readOid(type!) === OID_MESSAGE_DIGEST) messageDigest = readOctetString(children(values!)[0]!);
  }
  if (messageDigest === undefined) {
    throw derError('DD_DER_BAD_VALUE', 'signerInfos[0].signedAttrs', 'no messageDigest attribute');
  }
  return { dgHashOid, dgHashes, eContent, signerDigestOid, messageDigest };
}
