/**
 * A minimal baseline JPEG encoder (ITU-T T.81: 8-bit greyscale, one
 * component, sequential DCT, Huffman tables of Annex K.3) drawing a small
 * synthetic portrait, so each card carries a real, decodable face image of a
 * few hundred bytes. `padJpeg` grows an image to a target size with COM
 * segments (T.81 §B.2.4.5), which every decoder skips.
 */
import { DinhdanhError } from '../errors/index.js';
import type { Drbg } from './drbg.js';

export const FACE_WIDTH = 64;
export const FACE_HEIGHT = 80;

/** Natural (row-major) index of each zig-zag position (T.81 Figure A.6). */
const ZIGZAG: readonly number[] = (() => {
  const out: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let y = 0; y < 8; y++) {
      const x = s - y;
      if (x >= 0 && x < 8) cells.push(y * 8 + x);
    }
    // Even diagonals run bottom-left to top-right (x grows), odd ones the other way.
    out.push(...(s % 2 === 0 ? cells.reverse() : cells));
  }
  return out;
})();

/** Luminance quantisation table of T.81 Table K.1, row-major. */
const QUANT: readonly number[] = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
  29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
  121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** Table K.3 (DC luminance): code counts per length 1–16, then symbols. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Table K.5 (AC luminance) code counts; the symbols are every run/size pair plus EOB and ZRL. */
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALS = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71,
  0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72,
  0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37,
  0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
  0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83,
  0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
  0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
  0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

interface HuffmanCode {
  readonly code: Uint16Array;
  readonly length: Uint8Array;
}

/** Canonical codes from code-length counts (T.81 Annex C). */
function buildCodes(bits: readonly number[], vals: readonly number[]): HuffmanCode {
  const code = new Uint16Array(256);
  const length = new Uint8Array(256);
  let c = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) {
      code[vals[k]!] = c++;
      length[vals[k]!] = len;
      k++;
    }
    c <<= 1;
  }
  return { code, length };
}

const DC = buildCodes(DC_BITS, DC_VALS);
const AC = buildCodes(AC_BITS, AC_VALS);

/** cos((2x+1)uπ/16) · C(u)/2, the DCT-II basis (T.81 §A.3.3). */
const BASIS: Float64Array = (() => {
  const b = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    for (let x = 0; x < 8; x++) {
      b[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
    }
  }
  return b;
})();

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;

  write(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >>> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    // Byte stuffing: an entropy-coded 0xFF is followed by 0x00 (T.81 §F.1.2.3).
    if (this.acc === 0xff) this.bytes.push(0);
    this.acc = 0;
    this.n = 0;
  }

  /** Pads the last byte with 1-bits (T.81 §F.1.2.3). */
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.bytes;
  }
}

const category = (v: number): number => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));

function encodeBlock(block: Float64Array, prevDc: number, out: BitWriter): number {
  // Separable 2-D DCT: rows, then columns (T.81 §A.3.3 factorises this way).
  const tmp = new Float64Array(64);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += block[y * 8 + x]! * BASIS[u * 8 + x]!;
      tmp[y * 8 + u] = s;
    }
  }
  const coef = new Int32Array(64);
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += tmp[y * 8 + u]! * BASIS[v * 8 + y]!;
      coef[v * 8 + u] = Math.round(s / QUANT[v * 8 + u]!);
    }
  }
  const dc = coef[0]!;
  const diff = dc - prevDc;
  const dcCat = category(diff);
  out.write(DC.code[dcCat]!, DC.length[dcCat]!);
  if (dcCat > 0) out.write(diff < 0 ? diff + (1 << dcCat) - 1 : diff, dcCat);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = coef[ZIGZAG[k]!]!;
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      out.write(AC.code[0xf0]!, AC.length[0xf0]!);
      run -= 16;
    }
    const cat = category(v);
    const sym = (run << 4) | cat;
    out.write(AC.code[sym]!, AC.length[sym]!);
    out.write(v < 0 ? v + (1 << cat) - 1 : v, cat);
    run = 0;
  }
  if (run > 0) out.write(AC.code[0]!, AC.length[0]!);
  return dc;
}

const segment = (marker: number, body: readonly number[]): number[] => [
  0xff,
  marker,
  (body.length + 2) >> 8,
  (body.length + 2) & 0xff,
  ...body,
];

/** Encodes an 8-bit greyscale image (width and height multiples of 8) as baseline JPEG. */
export function encodeGreyJpeg(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const out = new BitWriter();
  let prev = 0;
  const block = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) block[y * 8 + x] = pixels[(by + y) * width + bx + x]! - 128;
      }
      prev = encodeBlock(block, prev, out);
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dqt = [0, ...ZIGZAG.map((i) => QUANT[i]!)];
  const sof = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
  const dht = [0x00, ...DC_BITS, ...DC_VALS, 0x10, ...AC_BITS, ...AC_VALS];
  const sos = [1, 1, 0x00, 0, 63, 0];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, jfif),
    ...segment(0xdb, dqt),
    ...segment(0xc0, sof),
    ...segment(0xc4, dht),
    ...segment(0xda, sos),
    ...out.finish(),
    0xff,
    0xd9,
  ]);
}

/** A synthetic 64×80 portrait: background, hair, face oval, eyes, brows and mouth, varied by the DRBG. */
export function drawFace(drbg: Drbg): Uint8Array {
  const w = FACE_WIDTH;
  const h = FACE_HEIGHT;
  const px = new Uint8Array(w * h);
  const bg = drbg.between(170, 235);
  const skin = drbg.between(120, 190);
  const hair = drbg.between(15, 60);
  const cx = 32 + drbg.between(-2, 2);
  const cy = 42 + drbg.between(-2, 2);
  const rx = drbg.between(17, 21);
  const ry = drbg.between(23, 27);
  const eyeY = cy - drbg.between(3, 6);
  const eyeDx = drbg.between(7, 9);
  const mouthY = cy + drbg.between(11, 14);
  const mouthW = drbg.between(5, 8);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = bg - Math.floor(y / 8);
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      const inFace = dx * dx + dy * dy <= 1;
      const hy = (y - cy + 6) / (ry + 2);
      const inHair = dx * dx + hy * hy <= 1.15 && y < cy - ry * 0.45;
      if (y > cy + ry - 2 && Math.abs(x - cx) < rx + 8) v = skin - 50; // shoulders
      if (inFace) v = skin + Math.round(8 * (1 - dx * dx));
      if (inHair) v = hair;
      const ey = ((y - eyeY) * (y - eyeY)) / 2;
      const exl = x - cx + eyeDx;
      const exr = x - cx - eyeDx;
      if ((exl * exl) / 6 + ey <= 1 || (exr * exr) / 6 + ey <= 1) v = 30;
      if (y === eyeY - 4 && Math.abs(Math.abs(x - cx) - eyeDx) <= 3) v = hair + 10;
      if (Math.abs(y - mouthY) <= 1 && Math.abs(x - cx) <= mouthW) v = skin - 55;
      if (x === cx && y > eyeY + 2 && y < mouthY - 4) v = skin - 20; // nose ridge
      px[y * w + x] = Math.max(0, Math.min(255, v));
    }
  }
  return px;
}

/** The face image of one card. */
export const faceJpeg = (drbg: Drbg): Uint8Array => encodeGreyJpeg(drawFace(drbg), FACE_WIDTH, FACE_HEIGHT);

const MAX_COM = 65533;

/**
 * Inserts COM segments after the JFIF header so the file is exactly
 * `target` bytes (or unchanged if already that large). Filler bytes come
 * from an xorshift stream seeded by the caller, so padded images do not
 * compress away.
 */
export function padJpeg(jpeg: Uint8Array, target: number, fillerSeed: number): Uint8Array {
  let extra = target - jpeg.length;
  if (extra <= 0) return jpeg;
  if (extra < 4) {
    throw new DinhdanhError(
      'DD_CARDGEN_BAD_OPTION',
      'padding of fewer than 4 bytes cannot be a COM segment',
      {
        status: 400,
      },
    );
  }
  // SOI (2) + APP0 (2 + its length) come first.
  const app0End = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  const out = new Uint8Array(target);
  out.set(jpeg.subarray(0, app0End), 0);
  let o = app0End;
  let s = fillerSeed >>> 0 || 0x9e3779b9;
  while (extra > 0) {
    let body = Math.min(MAX_COM, extra - 4);
    // Never leave a remainder too small for its own segment.
    if (extra - (body + 4) > 0 && extra - (body + 4) < 4) body -= 4;
    out[o] = 0xff;
    out[o + 1] = 0xfe;
    out[o + 2] = (body + 2) >> 8;
    out[o + 3] = (body + 2) & 0xff;
    o += 4;
    for (let i = 0; i < body; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[o++] = s & 0xff;
    }
    extra -= body + 4;
  }
  out.set(jpeg.subarray(app0End), o);
  return out;
}
