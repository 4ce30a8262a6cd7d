import { describe, expect, it } from 'vitest';
import { BulkVerifier, type CardResult, verifyMany } from '../../src/bulk/index.js';
import { TrustStore, verifyDocument } from '../../src/chip/index.js';
import { AT, fixtureCards, generatedSet, toInput, trustOf } from './_helpers.js';

async function collect(it: AsyncIterable<CardResult>): Promise<CardResult[]> {
  const out: CardResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('verifyMany', () => {
  it('gives the verifyDocument report for every fixture card (valid and tampered), in order', async () => {
    for (const set of ['bp384', 'bp384-explicit', 'rsa-pss']) {
      const { dir, cards } = fixtureCards(set);
      const trust = trustOf(dir);
      const results = await collect(
        verifyMany(
          cards.map((c) => toInput(c)),
          { trust, workers: 2, at: AT },
        ),
      );
      expect(results.map((r) => r.index)).toEqual(cards.map((_, i) => i));
      cards.forEach((c, i) => {
        const single = verifyDocument({
          sod: c.sod,
          dataGroups: c.dataGroups,
          trust,
          at: AT,
          aa: c.aa,
          qr: c.qr,
        });
        expect(results[i]!.report).toStrictEqual(single);
        expect(results[i]!.verdict).toBe(c.expect!.verdict);
        expect(results[i]!.id).toBe(c.id);
      });
    }
  });

  it('matches verifyDocument on a generated set, unordered too, with one pool reused', async () => {
    const { trust, cards } = generatedSet(24);
    const verifier = new BulkVerifier({ trust, workers: 2, inFlightPerWorker: 2 });
    try {
      const inputs = cards.map((c) => toInput(c));
      const ordered = await collect(verifier.verifyMany(inputs, { at: AT }));
      const unordered = await collect(verifier.verifyMany(inputs, { at: AT, ordered: false }));
      expect(unordered.map((r) => r.index).sort((a, b) => a - b)).toEqual(ordered.map((r) => r.index));
      for (const r of unordered) expect(r).toEqual(ordered[r.index]);
      cards.forEach((c, i) => {
        const single = verifyDocument({
          sod: c.sod,
          dataGroups: c.dataGroups,
          trust,
          at: AT,
          aa: c.aa,
          qr: c.qr,
        });
        expect(ordered[i]!.report).toStrictEqual(single);
        expect(ordered[i]!.verdict).toBe('verified');
      });
    } finally {
      await verifier.close();
    }
  });

  it('verifies many cards per task with reused buffers: same reports run after run, bad cards inside a chunk on their own', async () => {
    const { trust, cards } = generatedSet(12);
    const verifier = new BulkVerifier({ trust, workers: 1, inFlightPerWorker: 16, cardsPerTask: 5 });
    try {
      const singles = cards.map((c) =>
        verifyDocument({ sod: c.sod, dataGroups: c.dataGroups, trust, at: AT, aa: c.aa, qr: c.qr }),
      );
      function* source() {
        for (const [i, c] of cards.entries()) {
          yield toInput(c);
          if (i === 2) yield { ...toInput(c), sod: 'not bytes' as unknown as Uint8Array };
          if (i === 6) yield { source: 'x:8', error: { code: 'DD_BULK_BAD_LINE', message: 'line 8' } };
        }
      }
      for (let run = 0; run < 3; run++) {
        const results = await collect(verifier.verifyMany(source(), { at: AT }));
        expect(results.map((r) => r.index)).toEqual(results.map((_, i) => i));
        expect(results[3]!.error!.code).toBe('DD_CHIP_BAD_ARGUMENT');
        expect(results[8]!.error!.code).toBe('DD_BULK_BAD_LINE');
        const good = results.filter((_, i) => i !== 3 && i !== 8);
        good.forEach((r, i) => {
          expect(r.report).toEqual(singles[i]);
          expect(r.verdict).toBe('verified');
        });
      }
    } finally {
      await verifier.close();
    }
  });

  it('verifies a chunk larger than the reusable buffers (a 5 MB file) like any other', async () => {
    const { trust, cards } = generatedSet(2);
    const big = { ...cards[0]!.dataGroups, 3: new Uint8Array(5 << 20).fill(7) };
    const inputs = [{ ...toInput(cards[0]!), dataGroups: big }, toInput(cards[1]!)];
    const verifier = new BulkVerifier({ trust, workers: 1, cardsPerTask: 2 });
    try {
      for (let run = 0; run < 2; run++) {
        const results = await collect(verifier.verifyMany(inputs, { at: AT }));
        inputs.forEach((c, i) => {
          const single = verifyDocument({ ...c, trust, at: AT });
          expect(results[i]!.report).toStrictEqual(single);
        });
        expect(results[0]!.verdict).toBe('rejected'); // DG3 is not hashed in the SOD
        expect(results[1]!.verdict).toBe('verified');
      }
    } finally {
      await verifier.close();
    }
  });

  it('turns input errors and bad card fields into error results and goes on', async () => {
    const { dir, cards } = fixtureCards('bp384');
    const good = toInput(cards[0]!);
    const items = [
      good,
      { source: 'x:2', error: { code: 'DD_BULK_BAD_LINE', message: 'line 2: not valid JSON' } },
      { ...good, sod: 'not bytes' as unknown as Uint8Array },
      { ...good, dataGroups: { 99: new Uint8Array(3) } },
      good,
    ];
    const results = await collect(verifyMany(items, { trust: trustOf(dir), workers: 1, at: AT }));
    expect(results.map((r) => r.verdict)).toEqual(['verified', 'error', 'error', 'error', 'verified']);
    expect(results[1]!.error).toEqual({ code: 'DD_BULK_BAD_LINE', message: 'line 2: not valid JSON' });
    expect(results[1]!.source).toBe('x:2');
    expect(results[2]!.error!.code).toBe('DD_CHIP_BAD_ARGUMENT');
    expect(results[3]!.error!.code).toBe('DD_CHIP_BAD_ARGUMENT');
  });

  it('keeps in-flight work bounded while the consumer waits', async () => {
    const { trust, cards } = generatedSet(4);
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield toInput(cards[i % cards.length]!);
      }
    }
    const verifier = new BulkVerifier({ trust, workers: 1, inFlightPerWorker: 3 });
    try {
      const it = verifier.verifyMany(source(), { at: AT });
      await it.next();
      await new Promise((r) => setTimeout(r, 300));
      // window 3: after one result, at most 3 more were taken from the source.
      expect(pulled).toBeLessThanOrEqual(verifier.window + 1);
      await it.return(undefined);
    } finally {
      await verifier.close();
    }
  });

  it('stops on an AbortSignal with DD_BULK_ABORTED and shuts the pool down', async () => {
    const { trust, cards } = generatedSet(4);
    const ac = new AbortController();
    const endless = (function* () {
      for (let i = 0; ; i++) yield toInput(cards[i % cards.length]!);
    })();
    let seen = 0;
    const run = async () => {
      for await (const _ of verifyMany(endless, { trust, workers: 2, at: AT, signal: ac.signal })) {
        if (++seen === 3) ac.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'DD_BULK_ABORTED' });
    expect(seen).toBe(3);
    const already = AbortSignal.abort();
    await expect(collect(verifyMany([], { trust, signal: already }))).rejects.toMatchObject({
      code: 'DD_BULK_ABORTED',
    });
  });

  it('gives error results for the cards of a killed worker; the run continues', async () => {
    const { trust, cards } = generatedSet(4);
    const n = 60;
    const inputs = Array.from({ length: n }, (_, i) => toInput(cards[i % cards.length]!));
    const verifier = new BulkVerifier({ trust, workers: 2, inFlightPerWorker: 32 });
    try {
      await collect(verifier.verifyMany(inputs.slice(0, 8), { at: AT })); // both threads started
      const it = verifier.verifyMany(inputs, { at: AT });
      // The first next() hands the whole window to the pool before it waits: a thread is busy now.
      const first = it.next();
      const killed = verifier.threads[0]!.terminate();
      const results: CardResult[] = [(await first).value as CardResult];
      for await (const r of it) results.push(r);
      await killed;
      expect(results.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
      const failed = results.filter((r) => r.verdict === 'error');
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) expect(r.error!.code).toBe('DD_BULK_WORKER_FAILED');
      expect(results.filter((r) => r.verdict === 'verified').length).toBe(n - failed.length);
      // The surviving and the replacement threads verify the rest.
      expect(results.at(-1)!.verdict).toBe('verified');
    } finally {
      await verifier.close();
    }
  });

  it('rejects bad options with DD_BULK_BAD_ARGUMENT', () => {
    const trust = new TrustStore();
    expect(() => new BulkVerifier({ trust, workers: 0 })).toThrow(
      expect.objectContaining({ code: 'DD_BULK_BAD_ARGUMENT' }),
    );
    expect(() => new BulkVerifier({ trust, workers: 1, inFlightPerWorker: 1.5 })).toThrow(
      expect.objectContaining({ code: 'DD_BULK_BAD_ARGUMENT' }),
    );
    expect(() => new BulkVerifier({ trust, workers: 1, cardsPerTask: 0 })).toThrow(
      expect.objectContaining({ code: 'DD_BULK_BAD_ARGUMENT' }),
    );
  });
});
