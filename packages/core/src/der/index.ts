/**
 * A zero-copy TLV reader for ASN.1 DER (X.690 §10) and the BER subset real
 * travel documents use (indefinite lengths on constructed values, X.690
 * §8.1.3.6). Every element is described by offsets into the caller's bytes;
 * nothing is copied. Errors carry a stable code and the path of the element
 * that failed, e.g. `SignedData.certificates[0].tbs`.
 */
import { DER_ERROR_CODES } from '../errors/codes-der.js';
import { DinhdanhError } from '../errors/index.js';

export { DER_ERROR_CODES };

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface Tlv {
  /** The whole buffer the element lives in (never copied). */
  readonly buf: Uint8Array;
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  /** Tag number within its class (e.g. 16 for SEQUENCE, 0 for [0]). */
  readonly tagNumber: number;
  /** First identifier octet plus the full tag as one number for quick compares (≤ 4 tag bytes). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly valueStart: number;
  /** Offset just past the last content octet (before an end-of-contents for indefinite lengths). */
  readonly valueEnd: number;
  /** Offset just past the whole element (including an end-of-contents). */
  readonly end: number;
  /** True when the length was encoded in the indefinite form. */
  readonly indefinite: boolean;
}

export interface ReadOptions {
  /** Accept BER: indefinite lengths on constructed values and non-minimal length octets. Default false (DER). */
  readonly ber?: boolean;
  /** Path used in error messages. */
  readonly path?: string;
  /** Maximum nesting depth when walking indefinite-length values. Default 64. */
  readonly maxDepth?: number;
}

export type DerErrorCode = keyof typeof DER_ERROR_CODES;

export function derError(code: DerErrorCode, path: string, message: string, offset?: number): DinhdanhError {
  return new DinhdanhError(code, `${path}: ${message}`, {
    status: DER_ERROR_CODES[code].status,
    details: offset === undefined ? { path } : { path, offset },
  });
}

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

/** Reads one element starting at `offset`, not past `limit` (default: end of buf). */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length, opts: ReadOptions = {}): Tlv {
  return readAt(buf, offset, limit, opts, 0);
}

/** The path of an element for errors: `opts.path`, or its child number `index` below it (built only on error). */
const where = (opts: ReadOptions, index: number): string =>
  index < 0 ? (opts.path ?? '$') : `${opts.path ?? '$'}[${index}]`;

function readAt(
  buf: Uint8Array,
  offset: number,
  limit: number,
  opts: ReadOptions,
  depth: number,
  index = -1,
): Tlv {
  if (depth > (opts.maxDepth ?? 64))
    throw derError('DD_DER_TOO_DEEP', where(opts, index), 'nesting too deep', offset);
  if (offset >= limit) throw derError('DD_DER_TRUNCATED', where(opts, index), 'missing element', offset);
  const first = buf[offset]!;
  const tagClass = CLASSES[first >> 6]!;
  const constructed = (first & 0x20) !== 0;
  let p = offset + 1;
  let tagNumber = first & 0x1f;
  let tag = first;
  if (tagNumber === 0x1f) {
    // High tag number form (X.690 §8.1.2.4): base-128, first octet not 0x80.
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (p >= limit) throw derError('DD_DER_TRUNCATED', where(opts, index), 'tag runs past the end', offset);
      const b = buf[p++]!;
      if (i === 0 && b === 0x80)
        throw derError('DD_DER_BAD_TAG', where(opts, index), 'non-minimal tag number', offset);
      if (i >= 3) throw derError('DD_DER_BAD_TAG', where(opts, index), 'tag number too large', offset);
      tagNumber = (tagNumber << 7) | (b & 0x7f);
      tag = tag * 256 + b;
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw derError('DD_DER_TRUNCATED', where(opts, index), 'length runs past the end', offset);
  const lb = buf[p++]!;
  let length: number;
  let indefinite = false;
  if (lb < 0x80) {
    length = lb;
  } else if (lb === 0x80) {
    if (!opts.ber)
      throw derError(
        'DD_DER_BAD_LENGTH',
        where(opts, index),
        'indefinite length is not allowed in DER',
        offset,
      );
    if (!constructed)
      throw derError(
        'DD_DER_BAD_LENGTH',
        where(opts, index),
        'indefinite length on a primitive value',
        offset,
      );
    indefinite = true;
    length = -1;
  } else {
    const n = lb & 0x7f;
    if (n === 0x7f) throw derError('DD_DER_BAD_LENGTH', where(opts, index), 'reserved length octet', offset);
    if (n > 4)
      throw derError('DD_DER_BAD_LENGTH', where(opts, index), 'length does not fit in 32 bits', offset);
    if (p + n > limit)
      throw derError('DD_DER_TRUNCATED', where(opts, index), 'length octets run past the end', offset);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
    if (!opts.ber && (buf[p - n] === 0 || length < 0x80)) {
      throw derError('DD_DER_BAD_LENGTH', where(opts, index), 'length is not minimally encoded', offset);
    }
  }
  const valueStart = p;
  if (!indefinite) {
    const end = valueStart + length;
    if (end > limit)
      throw derError(
        'DD_DER_TRUNCATED',
        where(opts, index),
        `value of ${length} bytes runs past the end`,
        offset,
      );
    return {
      buf,
      tagClass,
      constructed,
      tagNumber,
      tag,
      start: offset,
      valueStart,
      valueEnd: end,
      end,
      indefinite,
    };
  }
  // Indefinite: walk children until the end-of-contents octets 00 00.
  let q = valueStart;
  for (;;) {
    if (q + 2 > limit)
      throw derError('DD_DER_TRUNCATED', where(opts, index), 'missing end-of-contents', offset);
    if (buf[q] === 0 && buf[q + 1] === 0) {
      return {
        buf,
        tagClass,
        constructed,
        tagNumber,
        tag,
        start: offset,
        valueStart,
        valueEnd: q,
        end: q + 2,
        indefinite,
      };
    }
    q = readAt(buf, q, limit, opts, depth + 1, index).end;
  }
}

/** Reads exactly one element spanning all of `buf` (no trailing bytes). */
export function readSingle(buf: Uint8Array, opts: ReadOptions = {}): Tlv {
  const t = readTlv(buf, 0, buf.length, opts);
  if (t.end !== buf.length) {
    throw derError(
      'DD_DER_TRAILING_DATA',
      opts.path ?? '$',
      `${buf.length - t.end} bytes after the element`,
      t.end,
    );
  }
  return t;
}

/** The children of a constructed element, in order. */
export function children(t: Tlv, opts: ReadOptions = {}): Tlv[] {
  const path = opts.path ?? '$';
  if (!t.constructed) throw derError('DD_DER_BAD_TAG', path, 'expected a constructed element', t.start);
  const out: Tlv[] = [];
  // A child's path (`path[i]`) is built only if reading it fails.
  const parent: ReadOptions = opts.path === undefined ? { ...opts, path } : opts;
  let p = t.valueStart;
  while (p < t.valueEnd) {
    const c = readAt(t.buf, p, t.valueEnd, parent, 0, out.length);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** Zero-copy view of the content octets. */
export const value = (t: Tlv): Uint8Array => t.buf.subarray(t.valueStart, t.valueEnd);

/** Zero-copy view of the whole encoding (identifier, length, content), exactly as received. */
export const raw = (t: Tlv): Uint8Array => t.buf.subarray(t.start, t.end);

/** Universal tag numbers used across the project. */
export const UNIVERSAL = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  BMP_STRING: 30,
} as const;

/** Throws unless `t` has the given class and number. */
export function expect(
  t: Tlv,
  tagClass: TagClass,
  tagNumber: number,
  path = '$',
  constructed?: boolean,
): Tlv {
  if (
    t.tagClass !== tagClass ||
    t.tagNumber !== tagNumber ||
    (constructed !== undefined && t.constructed !== constructed)
  ) {
    throw derError(
      'DD_DER_BAD_TAG',
      path,
      `expected ${tagClass} ${tagNumber}, found ${t.tagClass} ${t.tagNumber}`,
      t.start,
    );
  }
  return t;
}

export const expectSequence = (t: Tlv, path = '$'): Tlv =>
  expect(t, 'universal', UNIVERSAL.SEQUENCE, path, true);

/**
 * INTEGER content as a bigint (two's complement, X.690 §8.3). In DER the
 * encoding must be minimal (§8.3.2).
 */
export function readInteger(t: Tlv, path = '$', ber = false): bigint {
  expect(t, 'universal', UNIVERSAL.INTEGER, path, false);
  const v = value(t);
  if (v.length === 0) throw derError('DD_DER_BAD_VALUE', path, 'empty INTEGER', t.start);
  if (
    !ber &&
    v.length > 1 &&
    ((v[0] === 0 && (v[1]! & 0x80) === 0) || (v[0] === 0xff && (v[1]! & 0x80) !== 0))
  ) {
    throw derError('DD_DER_BAD_VALUE', path, 'INTEGER is not minimally encoded', t.start);
  }
  let n = bytesToBigInt(v);
  if (v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/** OBJECT IDENTIFIER content in dotted form (X.690 §8.19). */
export function readOid(t: Tlv, path = '$'): string {
  expect(t, 'universal', UNIVERSAL.OID, path, false);
  return decodeOid(value(t), path);
}

export function decodeOid(v: Uint8Array, path = '$'): string {
  if (v.length === 0) throw derError('DD_DER_BAD_VALUE', path, 'empty OBJECT IDENTIFIER');
  // Fast path: arcs below 2^46 fit a double exactly; larger arcs (e.g. 2.25 UUIDs) take the bigint path.
  let out = '';
  let acc = 0;
  let fresh = true;
  let first = true;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (fresh && b === 0x80) throw derError('DD_DER_BAD_VALUE', path, 'non-minimal OID arc');
    if (acc >= 2 ** 45) return decodeOidBig(v, path);
    acc = acc * 128 + (b & 0x7f);
    fresh = (b & 0x80) === 0;
    if (fresh) {
      out += first ? (acc < 40 ? `0.${acc}` : acc < 80 ? `1.${acc - 40}` : `2.${acc - 80}`) : `.${acc}`;
      first = false;
      acc = 0;
    }
  }
  if (!fresh) throw derError('DD_DER_BAD_VALUE', path, 'truncated OID arc');
  return out;
}

function decodeOidBig(v: Uint8Array, path: string): string {
  const arcs: bigint[] = [];
  let acc = 0n;
  let fresh = true;
  for (const b of v) {
    if (fresh && b === 0x80) throw derError('DD_DER_BAD_VALUE', path, 'non-minimal OID arc');
    acc = (acc << 7n) | BigInt(b & 0x7f);
    fresh = (b & 0x80) === 0;
    if (fresh) {
      arcs.push(acc);
      acc = 0n;
    }
  }
  if (!fresh) throw derError('DD_DER_BAD_VALUE', path, 'truncated OID arc');
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** BIT STRING content without the unused-bits octet; DER requires 0 unused bits for keys and signatures. */
export function readBitString(t: Tlv, path = '$'): Uint8Array {
  expect(t, 'universal', UNIVERSAL.BIT_STRING, path, false);
  const v = value(t);
  if (v.length === 0) throw derError('DD_DER_BAD_VALUE', path, 'empty BIT STRING', t.start);
  if (v[0] !== 0) throw derError('DD_DER_BAD_VALUE', path, 'BIT STRING with unused bits', t.start);
  return v.subarray(1);
}

export function readOctetString(t: Tlv, path = '$'): Uint8Array {
  expect(t, 'universal', UNIVERSAL.OCTET_STRING, path, false);
  return value(t);
}

/** UTCTime (years 1950–2049, RFC 5280 §4.1.2.5.1) or GeneralizedTime, 'Z' form. */
export function readTime(t: Tlv, path = '$'): Date {
  if (
    t.tagClass !== 'universal' ||
    (t.tagNumber !== UNIVERSAL.UTC_TIME && t.tagNumber !== UNIVERSAL.GENERALIZED_TIME)
  ) {
    throw derError('DD_DER_BAD_TAG', path, 'expected UTCTime or GeneralizedTime', t.start);
  }
  const s = new TextDecoder('latin1').decode(value(t));
  const m =
    t.tagNumber === UNIVERSAL.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s);
  if (!m) throw derError('DD_DER_BAD_VALUE', path, 'malformed time', t.start);
  let year = Number(m[1]);
  if (t.tagNumber === UNIVERSAL.UTC_TIME) year += year < 50 ? 2000 : 1900;
  const d = new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
  );
  if (Number.isNaN(d.getTime()) || d.getUTCMonth() !== Number(m[2]) - 1) {
    throw derError('DD_DER_BAD_VALUE', path, 'time out of range', t.start);
  }
  return d;
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Unsigned big-endian bytes as a bigint: one parse of the hex digits (a shift per byte is quadratic). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length <= 6) {
    let x = 0;
    for (const v of b) x = x * 256 + v;
    return BigInt(x);
  }
  let s = '0x';
  for (const v of b) s += HEX[v];
  return BigInt(s);
}

/** Fixed-length unsigned big-endian bytes of a non-negative integer that fits in `len` bytes. */
export function bigIntToBytes(x: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0 && x > 0n; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
export * from './writer.js';
