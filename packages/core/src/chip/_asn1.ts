/**
 * Small walking helpers over the project's TLV reader: named paths for
 * errors, optional context-tagged fields, strings. Internal to the chip area.
 */
import {
  children,
  derError,
  expect,
  type ReadOptions,
  readSingle,
  type Tlv,
  UNIVERSAL,
  value,
} from '../der/index.js';

/** Children of a constructed element with the element's path used in errors. */
export function kids(t: Tlv, path: string, ber = false): Tlv[] {
  return children(t, { path, ber });
}

/** Children of a SEQUENCE (checked). */
export function seq(t: Tlv, path: string, ber = false): Tlv[] {
  expect(t, 'universal', UNIVERSAL.SEQUENCE, path, true);
  return children(t, { path, ber });
}

/** Children of a SET (checked). */
export function set(t: Tlv, path: string, ber = false): Tlv[] {
  expect(t, 'universal', UNIVERSAL.SET, path, true);
  return children(t, { path, ber });
}

/** Element `i` of `list`, or a truncation error naming the missing field. */
export function at(list: readonly Tlv[], i: number, path: string): Tlv {
  const t = list[i];
  if (t === undefined) throw derError('DD_DER_TRUNCATED', path, 'required element is missing');
  return t;
}

/** True when `t` is the context-specific tag [n]. */
export const isContext = (t: Tlv | undefined, n: number): boolean =>
  t !== undefined && t.tagClass === 'context' && t.tagNumber === n;

/** One element spanning all of `buf` (with the given path and BER flag). */
export const single = (buf: Uint8Array, path: string, ber = false, opts: ReadOptions = {}): Tlv =>
  readSingle(buf, { ...opts, path, ber });

/** The single child of an explicitly tagged element. */
export function explicit(t: Tlv, path: string, ber = false): Tlv {
  const c = kids(t, path, ber);
  if (c.length !== 1)
    throw derError('DD_DER_BAD_VALUE', path, `expected 1 inner element, found ${c.length}`, t.start);
  return c[0]!;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Text of a string-typed element. UTF8String strictly as UTF-8; the 8-bit
 * legacy types (Printable, IA5, T61, Visible, Numeric) as Latin-1; BMPString as UTF-16BE.
 */
export function readString(t: Tlv, path: string): string {
  if (t.tagClass !== 'universal' || t.constructed) {
    throw derError('DD_DER_BAD_TAG', path, 'expected a string type', t.start);
  }
  const v = value(t);
  switch (t.tagNumber) {
    case UNIVERSAL.UTF8_STRING:
      try {
        return utf8.decode(v);
      } catch {
        throw derError('DD_DER_BAD_VALUE', path, 'invalid UTF-8', t.start);
      }
    case UNIVERSAL.PRINTABLE_STRING:
    case UNIVERSAL.IA5_STRING:
    case UNIVERSAL.T61_STRING:
    case 18: // NumericString
    case 26: // VisibleString
      return latin1.decode(v);
    case UNIVERSAL.BMP_STRING: {
      if (v.length % 2 !== 0) throw derError('DD_DER_BAD_VALUE', path, 'odd-length BMPString', t.start);
      let s = '';
      for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    default:
      throw derError('DD_DER_BAD_TAG', path, `universal ${t.tagNumber} is not a string type`, t.start);
  }
}

/** Small non-negative INTEGER as a number (versions, DG numbers). */
export function readSmallInt(t: Tlv, path: string): number {
  expect(t, 'universal', UNIVERSAL.INTEGER, path, false);
  const v = value(t);
  if (v.length === 0 || v.length > 4 || (v[0]! & 0x80) !== 0) {
    throw derError('DD_DER_BAD_VALUE', path, 'expected a small non-negative INTEGER', t.start);
  }
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

export const toHex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Byte equality (public data; not constant time); long arrays (certificates) by memcmp. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (a.length > 128)
    return Buffer.from(a.buffer, a.byteOffset, a.length).equals(
      Buffer.from(b.buffer, b.byteOffset, b.length),
    );
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
