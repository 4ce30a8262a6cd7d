import { describe, expect, it } from 'vitest';
import { packOutcomes, unpackOutcomes } from '../../src/bulk/_frame.js';
import { TreeReader, TreeWriter } from '../../src/bulk/_tree-codec.js';

const roundTrip = (trees: unknown[]): unknown[] => {
  const w = new TreeWriter();
  w.begin();
  for (const t of trees) w.write(t);
  const r = new TreeReader(w.bytes().slice());
  const out = trees.map(() => r.read());
  expect(r.done).toBe(true);
  return out;
};

describe('tree codec', () => {
  it('keeps values, key order and keys whose value is undefined', () => {
    const trees = [
      { check: 'dg.1.hash', status: 'fail', required: true, reason: 'mismatch', detail: undefined },
      { check: 'dg.1.hash', status: 'pass', required: false },
      [0, 1, 127, 128, 16383, 16384, 2 ** 53 - 1, -1, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY],
      { b: null, a: ['Nguyễn Văn A', '', 'x'.repeat(20_000), '😀'], nested: { deep: [{ k: true }] } },
      { detail: undefined, check: 'dg.1.hash' },
    ];
    const back = roundTrip(trees);
    expect(back).toStrictEqual(trees);
    expect(Object.keys(back[4] as object)).toEqual(['detail', 'check']);
    expect(Object.is((back[2] as number[])[8], -0)).toBe(true);
  });

  it('builds objects whose keys need quoting, and never takes __proto__ as the prototype', () => {
    const odd = { 'a"b': 1, 'c\\d': 2, '1': 3, '': 4, 'line\nbreak': 5 };
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as object;
    const back = roundTrip([odd, odd, proto, proto]);
    expect(back).toStrictEqual([odd, odd, proto, proto]);
    expect(Object.getPrototypeOf(back[2])).toBe(Object.prototype);
    expect(Object.keys(back[3] as object)).toEqual(['__proto__', 'x']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('numbers strings and key lists per frame: a new frame repeats nothing from the last', () => {
    const w = new TreeWriter();
    const tree = { check: 'signature', status: 'pass' };
    w.begin();
    w.write(tree);
    const first = w.bytes().length;
    w.write(tree);
    expect(w.bytes().length - first).toBeLessThan(first / 3);
    w.begin();
    w.write(tree);
    expect(w.bytes().length).toBe(first);
    expect(new TreeReader(w.bytes().slice()).read()).toStrictEqual(tree);
  });

  it('turns an outcome it cannot write into an error result and keeps the others intact', () => {
    const good = {
      report: { verdict: 'verified', checks: [{ check: 'a', status: 'pass', required: true }] },
    };
    const bad = {
      report: { verdict: 'verified', checks: [{ check: 'b', status: 'pass', raw: new Uint8Array(2) }] },
    };
    const outcomes = [good, bad, good, { error: { code: 'DD_X', message: 'm' } }] as never[];
    const back = unpackOutcomes(packOutcomes(outcomes.length, (i) => outcomes[i]!, new ArrayBuffer(16)));
    expect(back).toStrictEqual([
      good,
      { error: { code: 'DD_BULK_VERIFY_FAILED', message: 'verification failed unexpectedly' } },
      good,
      { error: { code: 'DD_X', message: 'm' } },
    ]);
  });

  it('refuses a truncated frame with an error, not a wrong tree', () => {
    const w = new TreeWriter();
    w.begin();
    w.write({ check: 'signature', status: 'pass' });
    const bytes = w.bytes().slice(0, -3);
    expect(() => new TreeReader(bytes).read()).toThrow(RangeError);
  });
});
