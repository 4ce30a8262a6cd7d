import { describe, expect, it } from 'vitest';
import {
  type CardRecord,
  cardFromJson,
  cardsFromMsgpack,
  cardToJson,
  cardToJsonLine,
  cardToMsgpack,
  parseCardJson,
} from '../../src/cardgen/index.js';

const card: CardRecord = {
  version: 1,
  id: 'card-1',
  label: 'example',
  expect: { verdict: 'rejected', check: 'dg.13.hash' },
  com: Uint8Array.of(0x60, 0),
  sod: Uint8Array.of(0x77, 1, 2),
  dataGroups: { '13': Uint8Array.of(0x6d, 0), '1': Uint8Array.of(0x61, 0), '2': new Uint8Array(300).fill(7) },
  aa: { challenge: new Uint8Array(8).fill(1), signature: new Uint8Array(64).fill(2) },
  qr: '030192628005|149113572|Phạm Thị Hà|07081992|Nữ|Hải Dương|27032021',
};

describe('card exchange format', () => {
  it('writes the JSON shape with base64 fields and numeric DG order', () => {
    const j = cardToJson(card);
    expect(Object.keys(j)).toEqual([
      'version',
      'id',
      'label',
      'expect',
      'com',
      'sod',
      'dataGroups',
      'aa',
      'qr',
    ]);
    expect(Object.keys(j.dataGroups)).toEqual(['1', '2', '13']);
    expect(j.sod).toBe('dwEC');
    expect(j.dataGroups['1']).toBe('YQA=');
    expect(JSON.parse(cardToJsonLine(card))).toEqual(j);
  });

  it('round-trips through JSON text and msgpack', () => {
    const back = parseCardJson(cardToJsonLine(card));
    expect(cardToJson(back)).toEqual(cardToJson(card));
    const stream = Buffer.concat([
      cardToMsgpack(card),
      cardToMsgpack({ version: 1, sod: card.sod, dataGroups: {} }),
    ]);
    const cards = cardsFromMsgpack(stream);
    expect(cards).toHaveLength(2);
    expect(cardToJson(cards[0]!)).toEqual(cardToJson(card));
    expect(cards[0]!.dataGroups['2']).toBeInstanceOf(Uint8Array);
    expect(cards[1]!.dataGroups).toEqual({});
  });

  it('omits absent optional fields', () => {
    const j = cardToJson({ version: 1, sod: card.sod, dataGroups: { '1': Uint8Array.of(1) } });
    expect(Object.keys(j)).toEqual(['version', 'sod', 'dataGroups']);
  });

  it('rejects malformed records with DD_CARDGEN_BAD_CARD and the field path', () => {
    const bad: [unknown, string][] = [
      [null, '$'],
      [{ version: 2, sod: 'dwEC', dataGroups: {} }, '$.version'],
      [{ version: 1, sod: 'not base64!', dataGroups: {} }, '$.sod'],
      [{ version: 1, sod: 'dwEC', dataGroups: [] }, '$.dataGroups'],
      [{ version: 1, sod: 'dwEC', dataGroups: { '17': 'YQA=' } }, '$.dataGroups.17'],
      [{ version: 1, sod: 'dwEC', dataGroups: { '1': 5 } }, '$.dataGroups.1'],
      [{ version: 1, sod: 'dwEC', dataGroups: {}, expect: { verdict: 'ok' } }, '$.expect.verdict'],
      [{ version: 1, sod: 'dwEC', dataGroups: {}, aa: { challenge: 'AA==' } }, '$.aa.signature'],
      [{ version: 1, sod: 'dwEC', dataGroups: {}, qr: 5 }, '$.qr'],
    ];
    for (const [input, path] of bad) {
      expect(() => cardFromJson(input)).toThrow(
        expect.objectContaining({ code: 'DD_CARDGEN_BAD_CARD', details: { path } }),
      );
    }
    expect(() => parseCardJson('{')).toThrow(expect.objectContaining({ code: 'DD_CARDGEN_BAD_CARD' }));
    expect(() => cardsFromMsgpack(Uint8Array.of(0xc1))).toThrow(
      expect.objectContaining({ code: 'DD_CARDGEN_BAD_CARD' }),
    );
  });
});
