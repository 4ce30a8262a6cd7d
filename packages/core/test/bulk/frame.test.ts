import { describe, expect, it } from 'vitest';
import { cardParts, packChunk, packOutcomes, unpackChunk, unpackOutcomes } from '../../src/bulk/_frame.js';
import { AT, generatedSet, toInput } from './_helpers.js';

const fresh = (size: number) => new ArrayBuffer(size);

describe('chunk frames', () => {
  it('carry every card field through one buffer, bytes copied out of the caller’s arrays', () => {
    const { cards } = generatedSet(3);
    const inputs = cards.map((c) => ({ ...toInput(c), dsc: new Uint8Array([0x30, 0]) }));
    const buf = packChunk(inputs.map(cardParts), AT, { cccdChecks: 'never' }, fresh);
    inputs[0]!.sod.fill(0, 0, 4); // later changes to the caller's bytes do not reach the frame
    const back = unpackChunk(buf);
    expect(back.at).toEqual(AT);
    expect(back.policy).toEqual({ cccdChecks: 'never' });
    back.cards.forEach((c, i) => {
      const card = cards[i]!;
      if (i > 0) expect(c.sod).toEqual(card.sod);
      else expect(c.sod.subarray(4)).toEqual(card.sod.subarray(4));
      expect([...c.dataGroups.keys()]).toEqual(Object.keys(card.dataGroups).map(Number));
      for (const [n, v] of c.dataGroups) expect(v).toEqual(card.dataGroups[n]);
      expect(c.qr).toBe(card.qr);
      expect(c.aa?.signature).toEqual(card.aa?.signature);
      expect(new Uint8Array(c.dsc!)).toEqual(new Uint8Array([0x30, 0]));
    });
  });

  it('send a card whose fields are not bytes whole in the header, so the worker sees what was given', () => {
    const { cards } = generatedSet(2);
    const good = toInput(cards[0]!);
    const bad = { ...good, sod: 'not bytes' as unknown as Uint8Array };
    const back = unpackChunk(packChunk([good, bad, good].map(cardParts), AT, undefined, fresh));
    expect(back.cards[1]!.sod).toBe('not bytes');
    expect(back.cards[2]!.sod).toEqual(good.sod);
    expect(back.policy).toBeUndefined();
  });

  it('take the buffer the pool offers and write the outcomes back into it when they fit', () => {
    const { cards } = generatedSet(1);
    let offered: ArrayBuffer | undefined;
    const buf = packChunk([cardParts(toInput(cards[0]!))], AT, undefined, (size) => {
      offered = new ArrayBuffer(size + 100);
      return offered;
    });
    expect(buf).toBe(offered);
    const outcomes = [{ error: { code: 'DD_X', message: 'm' } }];
    const answer = packOutcomes(outcomes.length, (i) => outcomes[i]!, buf);
    expect(answer).toBe(buf);
    expect(unpackOutcomes(answer)).toStrictEqual(outcomes);
    const tiny = packOutcomes(outcomes.length, (i) => outcomes[i]!, new ArrayBuffer(4));
    expect(tiny.byteLength).toBeGreaterThan(4);
    expect(unpackOutcomes(tiny)).toStrictEqual(outcomes);
  });
});
