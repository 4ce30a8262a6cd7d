import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstFailure, parseCardJson, TrustStore, verifyDocument } from '../../src/chip/index.js';
import { FIXTURES } from './_fixtures.js';

/** Card sets from the fixture generator (fixtures/cards/<set>/, see its README). */
const ROOT = join(FIXTURES, 'cards');
const SETS = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const AT = new Date('2026-11-27T12:00:00Z');

describe.each(SETS)('fixtures/cards/%s', (set) => {
  const dir = join(ROOT, set);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    trust: { anchors: string[]; crls: string[]; neverTrust: string[] };
  };
  const trust = new TrustStore();
  for (const f of [...manifest.trust.anchors, ...manifest.trust.crls])
    trust.add(new Uint8Array(readFileSync(join(dir, f))), f);
  const files = readdirSync(join(dir, 'cards'))
    .filter((f) => f.endsWith('.json'))
    .sort();

  it.each(files)('%s: verdict and the labelled check', (file) => {
    const card = parseCardJson(readFileSync(join(dir, 'cards', file), 'utf8'));
    expect(card.expect, 'every fixture card is labelled').toBeDefined();
    const r = verifyDocument({
      sod: card.sod,
      dataGroups: card.dataGroups,
      trust,
      at: AT,
      aa: card.aa,
      qr: card.qr,
    });
    expect(r.verdict).toBe(card.expect!.verdict);
    if (card.expect!.verdict === 'verified') {
      expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(r.checks.find((c) => c.check === 'aa.signature')?.status).toBe(card.aa ? 'pass' : 'skipped');
    } else {
      // Fails exactly at its labelled check: that is the first failing check.
      expect(firstFailure(r)?.check).toBe(card.expect!.check);
    }
  });

  it('with the impostor CSCA as the only anchor, valid cards are rejected at dsc.chain', () => {
    const impostor = new TrustStore();
    for (const f of manifest.trust.neverTrust) impostor.add(new Uint8Array(readFileSync(join(dir, f))), f);
    const card = parseCardJson(
      readFileSync(join(dir, 'cards', files.find((f) => f.startsWith('card-'))!), 'utf8'),
    );
    const r = verifyDocument({
      sod: card.sod,
      dataGroups: card.dataGroups,
      trust: impostor,
      at: AT,
      aa: card.aa,
      qr: card.qr,
    });
    expect(r.verdict).toBe('rejected');
    expect(firstFailure(r)?.check).toBe('dsc.chain');
  });
});
