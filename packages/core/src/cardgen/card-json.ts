/**
 * The card exchange format: the bytes a phone read from a chip, as one JSON
 * object (binary fields base64) or one msgpack record (binary fields as raw
 * bytes). Version 1:
 *
 * { "version": 1, "id"?, "label"?, "expect"?: { "verdict", "check"? },
 *   "com"?: b64, "sod": b64, "dataGroups": { "1": b64, "2": b64, … },
 *   "aa"?: { "challenge": b64, "signature": b64 }, "qr"?: string }
 *
 * `expect` is only present on test fixtures: the verdict a correct verifier
 * reaches and, for a rejected card, the reason code of the check that fails.
 */
import { Packr } from 'msgpackr';
import { DinhdanhError } from '../errors/index.js';

export type CardVerdict = 'verified' | 'rejected';

export interface CardExpectation {
  readonly verdict: CardVerdict;
  /** Reason code of the check that must fail, e.g. `dg.13.hash`. */
  readonly check?: string;
}

/** A card in memory: binary fields as bytes. */
export interface CardRecord {
  readonly version: 1;
  readonly id?: string;
  readonly label?: string;
  readonly expect?: CardExpectation;
  readonly com?: Uint8Array;
  readonly sod: Uint8Array;
  /** Data group files keyed by their number in decimal ("1", "2", "13", …), tag included. */
  readonly dataGroups: Readonly<Record<string, Uint8Array>>;
  readonly aa?: { readonly challenge: Uint8Array; readonly signature: Uint8Array };
  /** The string encoded in the QR code printed on the card. */
  readonly qr?: string;
}

/** The same card as JSON: binary fields base64 (RFC 4648 §4, padded). */
export interface CardJson {
  readonly version: 1;
  readonly id?: string;
  readonly label?: string;
  readonly expect?: CardExpectation;
  readonly com?: string;
  readonly sod: string;
  readonly dataGroups: Readonly<Record<string, string>>;
  readonly aa?: { readonly challenge: string; readonly signature: string };
  readonly qr?: string;
}

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** Converts a card to its JSON form (key order fixed, absent fields omitted). */
export function cardToJson(card: CardRecord): CardJson {
  const dataGroups: Record<string, string> = {};
  for (const k of dataGroupKeys(card.dataGroups)) dataGroups[k] = b64(card.dataGroups[k]!);
  return {
    version: 1,
    ...(card.id === undefined ? {} : { id: card.id }),
    ...(card.label === undefined ? {} : { label: card.label }),
    ...(card.expect === undefined ? {} : { expect: card.expect }),
    ...(card.com === undefined ? {} : { com: b64(card.com) }),
    sod: b64(card.sod),
    dataGroups,
    ...(card.aa === undefined
      ? {}
      : { aa: { challenge: b64(card.aa.challenge), signature: b64(card.aa.signature) } }),
    ...(card.qr === undefined ? {} : { qr: card.qr }),
  };
}

/** One line of NDJSON (no trailing newline). */
export const cardToJsonLine = (card: CardRecord): string => JSON.stringify(cardToJson(card));

/** Data group keys in numeric order. */
function dataGroupKeys(groups: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(groups).sort((a, b) => Number(a) - Number(b));
}

function bad(path: string, message: string): DinhdanhError {
  return new DinhdanhError('DD_CARDGEN_BAD_CARD', `${path}: ${message}`, {
    status: 400,
    details: { path },
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function fromB64(v: unknown, path: string): Uint8Array {
  if (typeof v !== 'string' || !BASE64.test(v)) throw bad(path, 'expected a base64 string');
  const b = Buffer.from(v, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function fromBytes(v: unknown, path: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw bad(path, 'expected bytes');
  return v;
}

const DG_KEY = /^(?:[1-9]|1[0-6])$/;

function readRecord(o: unknown, bytes: (v: unknown, path: string) => Uint8Array): CardRecord {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw bad('$', 'expected an object');
  const r = o as Record<string, unknown>;
  if (r.version !== 1) throw bad('$.version', 'unsupported version (expected 1)');
  const optString = (k: string): string | undefined => {
    const v = r[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw bad(`$.${k}`, 'expected a string');
    return v;
  };
  const dgIn = r.dataGroups;
  if (typeof dgIn !== 'object' || dgIn === null || Array.isArray(dgIn)) {
    throw bad('$.dataGroups', 'expected an object');
  }
  const dataGroups: Record<string, Uint8Array> = {};
  for (const k of dataGroupKeys(dgIn as Record<string, unknown>)) {
    if (!DG_KEY.test(k)) throw bad(`$.dataGroups.${k}`, 'data group numbers are 1–16');
    dataGroups[k] = bytes((dgIn as Record<string, unknown>)[k], `$.dataGroups.${k}`);
  }
  let expectation: CardExpectation | undefined;
  if (r.expect !== undefined) {
    const e = r.expect as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || (e.verdict !== 'verified' && e.verdict !== 'rejected')) {
      throw bad('$.expect.verdict', "expected 'verified' or 'rejected'");
    }
    if (e.check !== undefined && typeof e.check !== 'string')
      throw bad('$.expect.check', 'expected a string');
    expectation = e.check === undefined ? { verdict: e.verdict } : { verdict: e.verdict, check: e.check };
  }
  let aa: CardRecord['aa'];
  if (r.aa !== undefined) {
    const a = r.aa as Record<string, unknown>;
    if (typeof a !== 'object' || a === null) throw bad('$.aa', 'expected an object');
    aa = { challenge: bytes(a.challenge, '$.aa.challenge'), signature: bytes(a.signature, '$.aa.signature') };
  }
  const id = optString('id');
  const label = optString('label');
  const qr = optString('qr');
  return {
    version: 1,
    ...(id === undefined ? {} : { id }),
    ...(label === undefined ? {} : { label }),
    ...(expectation === undefined ? {} : { expect: expectation }),
    ...(r.com === undefined ? {} : { com: bytes(r.com, '$.com') }),
    sod: bytes(r.sod, '$.sod'),
    dataGroups,
    ...(aa === undefined ? {} : { aa }),
    ...(qr === undefined ? {} : { qr }),
  };
}

/** Reads a parsed card JSON object; throws DD_CARDGEN_BAD_CARD with the path of the bad field. */
export const cardFromJson = (o: unknown): CardRecord => readRecord(o, fromB64);

/** Reads one card JSON text (a file or an NDJSON line). */
export function parseCardJson(text: string): CardRecord {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw bad('$', 'not valid JSON');
  }
  return cardFromJson(o);
}

// Plain msgpack maps (no msgpackr record extension) so any msgpack reader can decode the stream.
const packr = new Packr({ useRecords: false, moreTypes: false });

/** One msgpack record: the JSON shape with binary fields as msgpack bin. */
export function cardToMsgpack(card: CardRecord): Uint8Array {
  const dataGroups: Record<string, Uint8Array> = {};
  for (const k of dataGroupKeys(card.dataGroups)) dataGroups[k] = card.dataGroups[k]!;
  return packr.pack({
    version: 1,
    ...(card.id === undefined ? {} : { id: card.id }),
    ...(card.label === undefined ? {} : { label: card.label }),
    ...(card.expect === undefined ? {} : { expect: card.expect }),
    ...(card.com === undefined ? {} : { com: card.com }),
    sod: card.sod,
    dataGroups,
    ...(card.aa === undefined ? {} : { aa: card.aa }),
    ...(card.qr === undefined ? {} : { qr: card.qr }),
  });
}

/** Reads one decoded msgpack value (as produced by msgpackr's unpack) as a card. */
export const cardFromMsgpackValue = (o: unknown): CardRecord => readRecord(o, fromBytes);

/** Decodes every record of a msgpack stream held in memory. */
export function cardsFromMsgpack(buf: Uint8Array): CardRecord[] {
  let values: unknown[];
  try {
    values = packr.unpackMultiple(buf) as unknown[];
  } catch {
    throw bad('$', 'not a valid msgpack stream');
  }
  return values.map((v, i) => {
    try {
      return cardFromMsgpackValue(v);
    } catch (e) {
      if (e instanceof DinhdanhError) throw bad(`record ${i}`, e.message);
      throw e;
    }
  });
}
