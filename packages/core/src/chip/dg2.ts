/**
 * DG2 face (ICAO 9303-10 §4.7.2): 0x75 { 7F61 biometric information group
 * template { 02 count, 7F60 { A1 header, 5F2E | 7F2E biometric data block } } }.
 * The data block is an ISO/IEC 19794-5:2005 record ("FAC\0") or an
 * ISO/IEC 39794-5 ASN.1 record; either way the result is a view of the
 * image bytes and its format.
 */
import { expect, type Tlv, value } from '../der/index.js';
import { kids, single } from './_asn1.js';
import { chipError } from './_fail.js';

export type ImageFormat = 'jpeg' | 'jpeg2000';

export interface FaceImage {
  readonly format: ImageFormat;
  /** The encoded image (view into the DG2 bytes). */
  readonly data: Uint8Array;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly record: 'iso19794-5' | 'iso39794-5';
}

export interface Dg2 {
  readonly images: readonly FaceImage[];
}

/** Magic numbers: JPEG SOI (ITU T.81 B.1.1.2), JP2 signature box and J2K SOC+SIZ (ISO/IEC 15444-1 I.5.1, A.4.1). */
export function sniffImage(b: Uint8Array): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    b.length >= 12 &&
    b[0] === 0 &&
    b[1] === 0 &&
    b[2] === 0 &&
    b[3] === 0x0c &&
    b[4] === 0x6a &&
    b[5] === 0x50
  )
    return 'jpeg2000';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return 'jpeg2000';
  return undefined;
}

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number) =>
  b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

/** ISO/IEC 19794-5:2005 §5.4–5.7: general header 14, facial header 20, 8 per feature point, image info 12. */
function parse19794(b: Uint8Array, path: string): FaceImage[] {
  if (b.length < 14) throw chipError('DD_CHIP_DG2_FORMAT', path, 'record header truncated');
  const faces = u16(b, 12);
  const out: FaceImage[] = [];
  let o = 14;
  for (let i = 0; i < faces; i++) {
    const p = `${path}.face[${i}]`;
    if (o + 20 > b.length) throw chipError('DD_CHIP_DG2_FORMAT', p, 'facial record header truncated');
    const len = u32(b, o);
    const points = u16(b, o + 4);
    const info = o + 20 + 8 * points;
    if (len < 32 + 8 * points || o + len > b.length)
      throw chipError('DD_CHIP_DG2_FORMAT', p, 'facial record length out of range');
    const img = b.subarray(info + 12, o + len);
    const typeByte = b[info + 1]!;
    const format: ImageFormat | undefined = typeByte === 0 ? 'jpeg' : typeByte === 1 ? 'jpeg2000' : undefined;
    const sniffed = sniffImage(img);
    if (!format || sniffed !== format)
      throw chipError(
        'DD_CHIP_DG2_FORMAT',
        `${p}.imageData`,
        'image data is not the JPEG / JPEG 2000 the header declares',
      );
    out.push({ format, data: img, width: u16(b, info + 2), height: u16(b, info + 4), record: 'iso19794-5' });
    o += len;
  }
  return out;
}

/** ISO/IEC 39794-5 records are BER; the image is the primitive value that starts with an image signature. */
function parse39794(t: Tlv, path: string, depth = 0): FaceImage[] {
  if (depth > 16) return [];
  if (!t.constructed) {
    const v = value(t);
    const format = sniffImage(v);
    return format ? [{ format, data: v, width: undefined, height: undefined, record: 'iso39794-5' }] : [];
  }
  return kids(t, path, true).flatMap((c, i) => parse39794(c, `${path}[${i}]`, depth + 1));
}

export function parseDg2(buf: Uint8Array): Dg2 {
  const path = 'DG2';
  const top = expect(single(buf, path, true), 'application', 21, path, true);
  const groups = kids(top, path, true).filter((c) => c.tag === 0x7f61);
  if (groups.length === 0)
    throw chipError('DD_CHIP_DG2_FORMAT', path, 'no biometric information group template (7F61)');
  const images: FaceImage[] = [];
  groups.forEach((g, gi) => {
    const gp = `${path}.group[${gi}]`;
    kids(g, gp, true)
      .filter((c) => c.tag === 0x7f60)
      .forEach((bit, bi) => {
        const bp = `${gp}.template[${bi}]`;
        const block = kids(bit, bp, true).find((c) => c.tag === 0x5f2e || c.tag === 0x7f2e);
        if (!block) throw chipError('DD_CHIP_DG2_FORMAT', bp, 'no biometric data block (5F2E / 7F2E)');
        const v = value(block);
        if (v.length >= 4 && v[0] === 0x46 && v[1] === 0x41 && v[2] === 0x43 && v[3] === 0) {
          images.push(...parse19794(v, `${bp}.ISO19794-5`));
        } else if (block.constructed) {
          images.push(...parse39794(block, `${bp}.ISO39794-5`));
        } else {
          // 5F2E holding an ISO 39794-5 BER record as octets.
          images.push(...parse39794(single(v, `${bp}.ISO39794-5`, true), `${bp}.ISO39794-5`));
        }
      });
  });
  if (images.length === 0) throw chipError('DD_CHIP_DG2_FORMAT', path, 'no JPEG or JPEG 2000 image found');
  return { images };
}
