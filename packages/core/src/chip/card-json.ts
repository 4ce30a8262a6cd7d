/**
 * Card JSON (docs/chip.md): one chip read as a file, shared with the
 * fixture generator.
 * { "version": 1, "id"?, "label"?, "expect"?: { "verdict", "check"? },
 *   "com"?: b64, "sod": b64, "dataGroups": { "1": b64, … }, "aa"?: { "challenge": b64, "signature": b64 }, "qr"? }
 */
import { chipError } from './_fail.js';
import type { Verdict } from './report.js';

export interface CardJson {
  readonly version: 1;
  readonly id: string | undefined;
  readonly label: string | undefined;
  readonly expect: { readonly verdict: Verdict; readonly check: string | undefined } | undefined;
  readonly com: Uint8Array | undefined;
  readonly sod: Uint8Array;
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  readonly aa: { readonly challenge: Uint8Array; readonly signature: Uint8Array } | undefined;
  readonly qr: string | undefined;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function b64(v: unknown, path: string): Uint8Array {
  if (typeof v !== 'string') throw chipError('DD_CHIP_CARD_JSON', path, 'expected a base64 string');
  // Fast path: canonical padded base64 (what every encoder writes) decodes and re-encodes to itself,
  // and matches B64 with a length divisible by 4; anything else takes the checks below.
  const fast = Buffer.from(v, 'base64');
  if (fast.toString('base64') === v) return new Uint8Array(fast);
  const s = v.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !B64.test(s)) throw chipError('DD_CHIP_CARD_JSON', path, 'not base64');
  return new Uint8Array(Buffer.from(s, 'base64'));
}

const optStr = (v: unknown, path: string): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw chipError('DD_CHIP_CARD_JSON', path, 'expected a string');
  return v;
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseCardJson(text: string | unknown): CardJson {
  let o: unknown = text;
  if (typeof text === 'string') {
    try {
      o = JSON.parse(text);
    } catch {
      throw chipError('DD_CHIP_CARD_JSON', '$', 'not JSON');
    }
  }
  if (!isObj(o)) throw chipError('DD_CHIP_CARD_JSON', '$', 'expected an object');
  if (o.version !== 1) throw chipError('DD_CHIP_CARD_JSON', '$.version', 'expected 1');
  if (!isObj(o.dataGroups)) throw chipError('DD_CHIP_CARD_JSON', '$.dataGroups', 'expected an object');
  const dataGroups = new Map<number, Uint8Array>();
  for (const [k, v] of Object.entries(o.dataGroups)) {
    const n = Number(k);
    if (!/^\d{1,2}$/.test(k) || n < 1 || n > 16)
      throw chipError(
        'DD_CHIP_CARD_JSON',
        `$.dataGroups`,
        `key ${JSON.stringify(k).slice(0, 8)} is not 1..16`,
      );
    dataGroups.set(n, b64(v, `$.dataGroups.${k}`));
  }
  let expect: CardJson['expect'];
  if (o.expect !== undefined) {
    if (!isObj(o.expect) || (o.expect.verdict !== 'verified' && o.expect.verdict !== 'rejected')) {
      throw chipError(
        'DD_CHIP_CARD_JSON',
        '$.expect',
        'expected { verdict: "verified" | "rejected", check? }',
      );
    }
    expect = { verdict: o.expect.verdict, check: optStr(o.expect.check, '$.expect.check') };
  }
  let aa: CardJson['aa'];
  if (o.aa !== undefined) {
    if (!isObj(o.aa)) throw chipError('DD_CHIP_CARD_JSON', '$.aa', 'expected an object');
    aa = {
      challenge: b64(o.aa.challenge, '$.aa.challenge'),
      signature: b64(o.aa.signature, '$.aa.signature'),
    };
  }
  return {
    version: 1,
    id: optStr(o.id, '$.id'),
    label: optStr(o.label, '$.label'),
    expect,
    com: o.com === undefined ? undefined : b64(o.com, '$.com'),
    sod: b64(o.sod, '$.sod'),
    dataGroups,
    aa,
    qr: optStr(o.qr, '$.qr'),
  };
}
