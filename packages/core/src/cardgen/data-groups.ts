/**
 * LDS files of a CCCD chip (ICAO 9303-10 §4.6–4.7, Vietnam's DG13): each a
 * complete TLV with its application tag, laid out as on real cards.
 */
import {
  concatBytes,
  integer,
  oid,
  printableString,
  sequence,
  setUnsorted,
  tlv,
  utf8String,
} from '../der/writer.js';
import { ECDSA_OID, type HashName, OID } from './algorithms.js';
import { FACE_HEIGHT, FACE_WIDTH } from './jpeg.js';
import { td1Lines } from './mrz.js';
import { formatDate, NO_EXPIRY, type Person } from './person.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Application tags of the LDS files (9303-10 Table 34). */
export const DG_TAG: Readonly<Record<number, number>> = { 1: 0x61, 2: 0x75, 13: 0x6d, 14: 0x6e, 15: 0x6f };

/** EF.COM: LDS version 1.7, Unicode 4.0.0, tag list (9303-10 §4.6.1). */
export function buildCom(dataGroups: readonly number[]): Uint8Array {
  return tlv(0x60, [
    tlv(0x5f01, ascii('0107')),
    tlv(0x5f36, ascii('040000')),
    tlv(0x5c, Uint8Array.from(dataGroups.map((n) => DG_TAG[n]!))),
  ]);
}

/** DG1: 61 { 5F1F <MRZ, 90 characters for TD1> }. */
export const buildDg1 = (p: Person): Uint8Array => tlv(0x61, tlv(0x5f1f, ascii(td1Lines(p).join(''))));

/**
 * ISO/IEC 19794-5:2005 facial record: general header "FAC\0" "010\0", one
 * facial information block (§5.5: gender, no feature points), image
 * information (§5.7: full frontal, JPEG, width, height, greyscale, digital
 * still), then the image.
 */
function faceRecord(jpeg: Uint8Array, sex: Person['sex']): Uint8Array {
  const block = 20 + 12 + jpeg.length;
  const total = 14 + block;
  const head = new Uint8Array(14 + 20 + 12);
  const dv = new DataView(head.buffer);
  head.set(ascii('FAC\u0000010\u0000'), 0);
  dv.setUint32(8, total);
  dv.setUint16(12, 1);
  dv.setUint32(14, block);
  dv.setUint16(18, 0); // feature points
  head[20] = sex === 'M' ? 1 : 2;
  // eye colour, hair colour, feature mask, expression, pose angles, pose uncertainty: unspecified (0)
  head[34] = 1; // face image type: full frontal
  head[35] = 0; // image data type: JPEG
  dv.setUint16(36, FACE_WIDTH);
  dv.setUint16(38, FACE_HEIGHT);
  head[40] = 3; // colour space: greyscale 8-bit
  head[41] = 2; // source type: digital still
  return concatBytes([head, jpeg]);
}

/**
 * DG2: 75 { 7F61 { 02 01 01, 7F60 { A1 <biometric header template>, 5F2E <record> } } }
 * with the header of 9303-10 §4.7.2.1 (ICAO header version 0101, type face,
 * format owner 0101 ISO/IEC JTC1 SC37, format type 0008).
 */
export function buildDg2(jpeg: Uint8Array, sex: Person['sex']): Uint8Array {
  const bht = tlv(0xa1, [
    tlv(0x80, Uint8Array.of(1, 1)),
    tlv(0x81, Uint8Array.of(2)),
    tlv(0x87, Uint8Array.of(1, 1)),
    tlv(0x88, Uint8Array.of(0, 8)),
  ]);
  return tlv(0x75, tlv(0x7f61, [integer(1), tlv(0x7f60, [bht, tlv(0x5f2e, faceRecord(jpeg, sex))])]));
}

const field = (n: number, ...values: Uint8Array[]): Uint8Array => sequence(integer(n), ...values);

/**
 * DG13 (Vietnam): 6D { SEQUENCE { INTEGER 1, OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value } … } } }
 * with fields 1–15 in order (the SET is not DER-sorted on real cards), string
 * types as read from cards; 13 = father and mother as two SEQUENCEs; 14 =
 * spouse, only the number when there is none; 15 omitted without an old CMND.
 */
export function buildDg13(p: Person): Uint8Array {
  const fields: Uint8Array[] = [
    field(1, printableString(p.idNumber)),
    field(2, utf8String(p.fullName)),
    field(3, printableString(formatDate(p.dateOfBirth))),
    field(4, utf8String(p.sex === 'M' ? 'Nam' : 'Nữ')),
    field(5, utf8String(p.nationality)),
    field(6, utf8String(p.ethnicity)),
    field(7, utf8String(p.religion)),
    field(8, utf8String(p.placeOfOrigin)),
    field(9, utf8String(p.placeOfResidence)),
    field(10, utf8String(p.identifyingMarks)),
    field(11, printableString(formatDate(p.dateOfIssue))),
    field(12, utf8String(p.dateOfExpiry === null ? NO_EXPIRY : formatDate(p.dateOfExpiry))),
    field(13, sequence(utf8String(p.fatherName)), sequence(utf8String(p.motherName))),
    p.spouseName === '' ? field(14) : field(14, utf8String(p.spouseName)),
  ];
  if (p.oldIdNumber !== '') fields.push(field(15, printableString(p.oldIdNumber)));
  return tlv(0x6d, sequence(integer(1), oid(OID.utf8Characters), setUnsorted(...fields)));
}

/**
 * DG14 SecurityInfos (9303-11 §9.2): PACEInfo (ECDH-GM-AES-CBC-CMAC-128,
 * version 2, brainpoolP256r1 = standardized parameter 13),
 * ChipAuthenticationInfo (CA-ECDH-AES-CBC-CMAC-128, version 1),
 * ChipAuthenticationPublicKeyInfo, and — for an ECDSA AA key —
 * ActiveAuthenticationInfo (version 1, signature algorithm, 9303-11 §6.1).
 */
export function buildDg14(chipAuthSpki: Uint8Array, aaHash: HashName | null): Uint8Array {
  const infos = [
    sequence(oid(OID.paceEcdhGmAesCbcCmac128), integer(2), integer(13)),
    sequence(oid(OID.caEcdhAesCbcCmac128), integer(1)),
    sequence(oid(OID.pkEcdh), chipAuthSpki),
  ];
  if (aaHash !== null)
    infos.push(sequence(oid(OID.activeAuthentication), integer(1), oid(ECDSA_OID[aaHash])));
  return tlv(0x6e, setUnsorted(...infos));
}

/** DG15: 6F { SubjectPublicKeyInfo of the AA key }. */
export const buildDg15 = (aaSpki: Uint8Array): Uint8Array => tlv(0x6f, aaSpki);
