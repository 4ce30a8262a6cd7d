/**
 * A small DER encoder (X.690 §10): builders that return complete TLV
 * encodings as fresh byte arrays. Used to write test documents, certificates
 * and keys; the reader in this folder is the one used to check them.
 *
 * Tags are given as numbers holding the identifier octets big-endian, e.g.
 * 0x30 (SEQUENCE), 0xa0 ([0] constructed), 0x5f1f (ICAO MRZ), 0x7f61.
 */
import { derError } from './index.js';

const utf8 = new TextEncoder();

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Identifier octets of a tag number written as big-endian bytes (1–4 octets). */
function tagBytes(tag: number): number[] {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) {
    throw derError('DD_DER_BAD_TAG', '$', `cannot encode tag ${tag}`);
  }
  const out: number[] = [];
  let t = tag;
  do {
    out.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return out;
}

/** Definite length octets in the minimal form (X.690 §10.1). */
function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

/** One TLV: `tag` (identifier octets as a number) around `content` (bytes or parts to concatenate). */
export function tlv(tag: number, content: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : concatBytes(content);
  const head = [...tagBytes(tag), ...lengthBytes(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

export const sequence = (...items: readonly Uint8Array[]): Uint8Array => tlv(0x30, items);

/** Compares two encodings as octet strings, shorter padded with zeros (X.690 §11.6). */
function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** SET OF in DER order: elements sorted by their encodings (X.690 §11.6). */
export const set = (...items: readonly Uint8Array[]): Uint8Array =>
  tlv(0x31, [...items].sort(compareEncodings));

/** SET with elements in the given order (BER; what some documents carry, e.g. DG13's field list). */
export const setUnsorted = (...items: readonly Uint8Array[]): Uint8Array => tlv(0x31, items);

/** Minimal two's complement content octets of an integer (X.690 §8.3). */
export function integerContent(v: bigint | number): Uint8Array {
  let n = BigInt(v);
  const out: number[] = [];
  if (n >= 0n) {
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    if (out[0]! & 0x80) out.unshift(0);
  } else {
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n < -1n || (n === -1n && (out[0]! & 0x80) === 0));
  }
  return Uint8Array.from(out);
}

export const integer = (v: bigint | number): Uint8Array => tlv(0x02, integerContent(v));

/** INTEGER from unsigned big-endian bytes (e.g. a serial number or an RSA modulus). */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const b = bytes.subarray(i);
  return b.length > 0 && b[0]! & 0x80 ? tlv(0x02, [Uint8Array.of(0), b]) : tlv(0x02, b);
}

export const boolean = (v: boolean): Uint8Array => tlv(0x01, Uint8Array.of(v ? 0xff : 0));

export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00);

/** OBJECT IDENTIFIER from dotted form (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw derError('DD_DER_BAD_VALUE', '$', `bad OID arc in ${dotted}`);
    return BigInt(s);
  });
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! > 39n)) {
    throw derError('DD_DER_BAD_VALUE', '$', `bad OID ${dotted}`);
  }
  const sub = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const a of sub) {
    const chunk: number[] = [];
    let x = a;
    do {
      chunk.unshift(Number(x & 0x7fn) | (chunk.length > 0 ? 0x80 : 0));
      x >>= 7n;
    } while (x > 0n);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const octetString = (v: Uint8Array): Uint8Array => tlv(0x04, v);

/** BIT STRING with `unusedBits` unused bits in the last octet (X.690 §8.6). */
export const bitString = (v: Uint8Array, unusedBits = 0): Uint8Array =>
  tlv(0x03, [Uint8Array.of(unusedBits), v]);

/**
 * A named-bit BIT STRING (e.g. keyUsage) from the bit numbers set, with
 * trailing zero bits removed as DER requires (X.690 §11.2.2).
 */
export function namedBits(bits: readonly number[]): Uint8Array {
  if (bits.length === 0) return bitString(new Uint8Array(0));
  const top = Math.max(...bits);
  const bytes = new Uint8Array((top >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return bitString(bytes, 7 - (top & 7));
}

export const utf8String = (s: string): Uint8Array => tlv(0x0c, utf8.encode(s));

/** PrintableString (X.680 §41.4): A–Z a–z 0–9 space ' ( ) + , - . / : = ? */
export function printableString(s: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) {
    throw derError('DD_DER_BAD_VALUE', '$', 'character not allowed in a PrintableString');
  }
  return tlv(0x13, utf8.encode(s));
}

export function ia5String(s: string): Uint8Array {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: IA5 is exactly the 7-bit range
  if (!/^[\x00-\x7f]*$/.test(s))
    throw derError('DD_DER_BAD_VALUE', '$', 'character not allowed in IA5String');
  return tlv(0x16, utf8.encode(s));
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function timeDigits(d: Date): string {
  if (Number.isNaN(d.getTime())) throw derError('DD_DER_BAD_VALUE', '$', 'invalid date');
  return `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(
    d.getUTCMinutes(),
  )}${pad2(d.getUTCSeconds())}Z`;
}

/** UTCTime YYMMDDHHMMSSZ, years 1950–2049 (RFC 5280 §4.1.2.5.1). */
export function utcTime(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 2049) throw derError('DD_DER_BAD_VALUE', '$', 'UTCTime covers 1950–2049 only');
  return tlv(0x17, utf8.encode(`${pad2(y % 100)}${timeDigits(d)}`));
}

/** GeneralizedTime YYYYMMDDHHMMSSZ without fractions (RFC 5280 §4.1.2.5.2). */
export function generalizedTime(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw derError('DD_DER_BAD_VALUE', '$', 'year out of range');
  return tlv(0x18, utf8.encode(`${String(y).padStart(4, '0')}${timeDigits(d)}`));
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export const x509Time = (d: Date): Uint8Array =>
  d.getUTCFullYear() < 2050 ? utcTime(d) : generalizedTime(d);

/** [n] EXPLICIT: a constructed context tag wrapping complete encodings. */
export const explicit = (n: number, ...items: readonly Uint8Array[]): Uint8Array =>
  tlv(contextTag(n, true), items);

/** [n] IMPLICIT primitive: replaces the tag of a primitive value, content given. */
export const implicitPrimitive = (n: number, content: Uint8Array): Uint8Array =>
  tlv(contextTag(n, false), content);

/** [n] IMPLICIT constructed: content octets are the concatenated elements. */
export const implicitConstructed = (n: number, ...items: readonly Uint8Array[]): Uint8Array =>
  tlv(contextTag(n, true), items);

/** Identifier octets of a context-specific tag as a number (X.690 §8.1.2). */
export function contextTag(n: number, constructed: boolean): number {
  const first = 0x80 | (constructed ? 0x20 : 0);
  if (n < 31) return first | n;
  return tagNumberOctets(first | 0x1f, n);
}

function tagNumberOctets(first: number, n: number): number {
  const chunk: number[] = [];
  let x = n;
  do {
    chunk.unshift((x & 0x7f) | (chunk.length > 0 ? 0x80 : 0));
    x >>>= 7;
  } while (x > 0);
  if (chunk.length > 3) throw derError('DD_DER_BAD_TAG', '$', `tag number ${n} too large`);
  let tag = first;
  for (const b of chunk) tag = tag * 256 + b;
  return tag;
}
