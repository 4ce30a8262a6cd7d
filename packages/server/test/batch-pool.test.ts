import { afterAll, describe, expect, it } from 'vitest';
import { batchCard, resultJson, storedJson } from '../src/ekyc/batch-card.js';
import { BatchPool } from '../src/ekyc/batch-pool.js';
import { fixtureCard, testEkyc } from './_routes-setup.js';

const { trust } = testEkyc();
const pool = new BatchPool({ trust, workers: 2 });
afterAll(() => pool.close());

const tampered = {
  ...fixtureCard,
  sod: Buffer.from(fixtureCard.sod, 'base64').subarray(0, 200).toString('base64'),
};
const broken = { ...fixtureCard, dataGroups: { ...fixtureCard.dataGroups, '13': '@@@@' } };
/** The parts of a result that do not change between two verifications of the same card. */
const stable = (json: string) => {
  const { verification, ...rest } = JSON.parse(json);
  if (verification === undefined) return rest;
  const { id: _id, createdAt: _at, ...v } = verification;
  return { ...rest, verification: v };
};

describe('BatchPool', () => {
  it('answers every card in order across tasks, as the in-process path does', async () => {
    const cards = Array.from({ length: 13 }, (_, i) => [fixtureCard, tampered, broken][i % 3]!);
    for (const full of [false, true]) {
      const at = new Date();
      const items = await pool.verify(cards, full, at);
      expect(items).toHaveLength(cards.length);
      items.forEach((item, i) => {
        const local = batchCard(trust, cards[i]!, full, at);
        expect(stable(resultJson(i, item))).toEqual(stable(resultJson(i, local)));
        expect(item.record === undefined).toBe(i % 3 === 2);
        if (item.record !== undefined) {
          // The stored report is the masked view, whoever asked.
          const stored = JSON.parse(storedJson(item));
          expect(stored.id).toBe(item.record.id);
          expect(stored.person?.masked ?? true).toBe(true);
        }
      });
      expect(JSON.parse(resultJson(2, items[2]!)).error.details.path).toBe('$.dataGroups.13');
    }
  });

  it('reports its threads for /metrics', () => {
    expect(pool.stats.threads).toBe(2);
  });
});
