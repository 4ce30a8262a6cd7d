import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardInput } from '../../src/bulk/index.js';
import { CardFactory, type CardRecord, cardFromJson } from '../../src/cardgen/index.js';
import { TrustStore } from '../../src/chip/index.js';

export const AT = new Date('2027-03-01T00:00:00Z');

export function trustOf(dir: string): TrustStore {
  const t = new TrustStore();
  t.add(readFileSync(join(dir, 'csca.der')), 'csca.der');
  t.add(readFileSync(join(dir, 'crl.der')), 'crl.der');
  return t;
}

export const toInput = (r: CardRecord, source?: string): CardInput => ({
  ...(r.id === undefined ? {} : { id: r.id }),
  sod: r.sod,
  dataGroups: r.dataGroups,
  ...(r.aa === undefined ? {} : { aa: r.aa }),
  ...(r.qr === undefined ? {} : { qr: r.qr }),
  ...(source === undefined ? {} : { source }),
});

/** The committed fixture cards of one set (valid and tampered). */
export function fixtureCards(set: string): { dir: string; cards: CardRecord[] } {
  const dir = join('fixtures/cards', set);
  const files = readdirSync(join(dir, 'cards'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  return {
    dir,
    cards: files.map((f) => cardFromJson(JSON.parse(readFileSync(join(dir, 'cards', f), 'utf8')))),
  };
}

/** A freshly generated set: several DSCs, each signing a few cards. */
export function generatedSet(count: number): { trust: TrustStore; cards: CardRecord[] } {
  const f = new CardFactory({ seed: 'bulk-test', cardsPerDsc: 4, fast: true });
  const cards = Array.from({ length: count }, (_, i) => f.card(i));
  const trust = new TrustStore();
  trust.add(f.pki.csca.cert.der, 'csca');
  trust.add(f.pki.crl, 'crl');
  return { trust, cards };
}
