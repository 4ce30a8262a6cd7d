/**
 * EF.COM (ICAO 9303-10 §4.6.1): tag 0x60 { 5F01 LDS version "aabb",
 * 5F36 Unicode version "aabbcc", 5C tag list }. Informational only: it is
 * not hashed in the SOD, so nothing is trusted from it.
 */
import { derError, expect, value } from '../der/index.js';
import { kids, single } from './_asn1.js';
import { chipError } from './_fail.js';

/** Data-group file tags (ICAO 9303-10 §4.6, table 35). */
export const DG_TAGS: Readonly<Record<number, number>> = {
  97: 1,
  117: 2,
  99: 3,
  118: 4,
  101: 5,
  102: 6,
  103: 7,
  104: 8,
  105: 9,
  106: 10,
  107: 11,
  108: 12,
  109: 13,
  110: 14,
  111: 15,
  112: 16,
};

export const DG_TAG_OF: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(DG_TAGS).map(([tag, n]) => [n, Number(tag)]),
);

export interface Com {
  readonly ldsVersion: string | undefined;
  readonly unicodeVersion: string | undefined;
  /** Data groups announced by the tag list. */
  readonly dataGroups: readonly number[];
}

export function parseCom(buf: Uint8Array): Com {
  const path = 'COM';
  const top = expect(single(buf, path, true), 'application', 0, path, true);
  let ldsVersion: string | undefined;
  let unicodeVersion: string | undefined;
  let dataGroups: number[] | undefined;
  const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
  kids(top, path, true).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (c.tag === 0x5f01) ldsVersion = text(value(c));
    else if (c.tag === 0x5f36) unicodeVersion = text(value(c));
    else if (c.tag === 0x5c) {
      dataGroups = [...value(c)].map((t) => {
        const n = DG_TAGS[t];
        if (n === undefined)
          throw derError(
            'DD_DER_BAD_VALUE',
            `${p}.tagList`,
            `unknown data-group tag 0x${t.toString(16)}`,
            c.start,
          );
        return n;
      });
    }
  });
  if (!dataGroups) throw chipError('DD_CHIP_BAD_STRUCTURE', path, 'no tag list (5C)');
  return { ldsVersion, unicodeVersion, dataGroups };
}
