import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damerau, jaroWinkler, levenshtein, MAX_UNITS, MatchKernel, Op } from '../src/match.js';
import { refJw, refLev } from './_reference-strings.js';

/** A string column as the kernel takes it: UTF-16 units, offsets, and ids (first index of each value). */
function columnOf(values: readonly string[]) {
  const units = new Uint16Array(
    values
      .join('')
      .split('')
      .map((c) => c.charCodeAt(0)),
  );
  const offsets = new Int32Array(values.length + 1);
  values.forEach((w, i) => {
    offsets[i + 1] = offsets[i]! + w.length;
  });
  const ids = Int32Array.from(values, (w) => values.indexOf(w));
  return { offsets, units, ids, nums: new Int32Array(values.length) };
}

const alphabet = fc.constantFrom('a', 'b', 'c', 'đ', 'ơ', 'ễ', 'x');
const word = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(''));

describe('match kernel: string distances', () => {
  it('Jaro-Winkler matches published values (Winkler 1990 / Cohen et al. examples)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
    expect(jaroWinkler('nguyen', 'nguyen')).toBe(1);
  });

  it('Jaro-Winkler equals the flag-array definition exactly (every length up to 64 units and beyond)', () => {
    // Few letters, so most pairs share many units and transpositions occur;
    // lengths cross the 64-unit word and the window's growth phase.
    const letters = fc.constantFrom('n', 'g', 'u', 'y', 'e', 'a', ' ', 'đ');
    const text = fc.array(letters, { maxLength: 80 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(jaroWinkler(a, b)).toBe(refJw(a, b));
      }),
      { numRuns: 3000, seed: 5 },
    );
    // Near neighbours: one unit moved, dropped or changed.
    for (const a of fc.sample(text, { numRuns: 1500, seed: 6 })) {
      if (a.length < 3) continue;
      for (const b of [`${a.slice(1, 3)}${a[0]}${a.slice(3)}`, a.slice(0, -1), `x${a.slice(1)}`, `${a}${a}`])
        expect(jaroWinkler(a, b)).toBe(refJw(a, b));
    }
  });

  it('Levenshtein and OSA agree with the dynamic programme (short and > 64-unit strings)', () => {
    fc.assert(
      fc.property(word(20), word(20), (a, b) => {
        expect(levenshtein(a, b)).toBe(refLev(a, b, false));
        expect(damerau(a, b)).toBe(refLev(a, b, true));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(word(90), word(90), (a, b) => {
        expect(levenshtein(a, b)).toBe(refLev(a, b, false));
        expect(damerau(a, b)).toBe(refLev(a, b, true));
      }),
      { numRuns: 60 },
    );
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(damerau('ca', 'ac')).toBe(1);
    expect(levenshtein('ca', 'ac')).toBe(2);
    expect(damerau('abc', 'ca')).toBe(3); // OSA, not unrestricted Damerau (2)
  });

  it('batches over columnar buffers give the same numbers as single calls', () => {
    const words = ['nguyen', 'nguyn', 'tran', 'trần', 'lê', ''];
    const { offsets, units } = columnOf(words);
    const pairs: number[] = [];
    for (let i = 0; i < words.length; i++) for (let j = 0; j < words.length; j++) pairs.push(i, j);
    const k = new MatchKernel();
    const jw = k.batch('jaroWinkler', { offsets, units }, { offsets, units }, Int32Array.from(pairs));
    const lv = k.batch('levenshtein', { offsets, units }, { offsets, units }, Int32Array.from(pairs));
    for (let p = 0; p < pairs.length / 2; p++) {
      const a = words[pairs[2 * p]!]!;
      const b = words[pairs[2 * p + 1]!]!;
      expect(jw[p]).toBeCloseTo(jaroWinkler(a, b), 12);
      expect(lv[p]).toBe(refLev(a, b, false));
    }
  });

  it('scores "within one edit" levels exactly as the distance says', () => {
    const words = fc.sample(word(14), { numRuns: 300, seed: 7 });
    // Near neighbours too: one edit of each word.
    for (const w of [...words])
      if (w.length > 1) words.push(w.slice(1), `${w[1]}${w[0]}${w.slice(2)}`, `${w}x`);
    const col = columnOf(words);
    const pairs: number[] = [];
    for (let i = 0; i < words.length; i++)
      for (let j = 0; j < 20; j++) pairs.push(i, (i * 7 + j * 13) % words.length);
    for (let i = 0; i + 1 < words.length; i++) pairs.push(i, i + 1);
    for (const [op, osa] of [
      [Op.levLe, false],
      [Op.osaLe, true],
    ] as const) {
      const k = new MatchKernel();
      k.loadJob(
        [col],
        [col],
        [
          {
            levels: [
              { op: Op.null, colA: 0, colB: 0, param: 0, weight: 0 },
              { op, colA: 0, colB: 0, param: 1, weight: 1 },
              { op: Op.else, colA: 0, colB: 0, param: 0, weight: 0 },
            ],
          },
        ],
      );
      const out = k.score(Int32Array.from(pairs), 0);
      for (let p = 0; p < pairs.length / 2; p++) {
        const d = refLev(words[pairs[2 * p]!]!, words[pairs[2 * p + 1]!]!, osa);
        expect(out.gammas[p]).toBe(d <= 1 ? 1 : 2);
      }
    }
  });

  it('scores Jaro-Winkler levels as the similarity says (the signature bound never drops a pair)', () => {
    // Folded addresses and names, digits, non-ASCII units and strings longer
    // than the signatures' 255-unit limit, with near neighbours.
    const letters = fc.constantFrom('a', 'n', 'h', ' ', ',', '1', '8', '9', 'w', 'đ', 'ơ', 'x');
    const text = (max: number) => fc.array(letters, { maxLength: max }).map((cs) => cs.join(''));
    const words = [
      ...fc.sample(text(30), { numRuns: 250, seed: 11 }),
      ...fc.sample(text(300), { numRuns: 12, seed: 12 }),
    ];
    for (const w of [...words])
      if (w.length > 2) words.push(`${w[1]}${w[0]}${w.slice(2)}`, `${w.slice(0, -1)}9`);
    const col = columnOf(words);
    const pairs: number[] = [];
    for (let i = 0; i < words.length; i++) for (let j = 0; j < words.length; j += 3) pairs.push(i, j);
    const k = new MatchKernel();
    k.loadJob(
      [col],
      [col],
      [
        {
          levels: [
            { op: Op.null, colA: 0, colB: 0, param: 0, weight: 0 },
            { op: Op.jwGe, colA: 0, colB: 0, param: 0.92, weight: 0 },
            { op: Op.jwGe, colA: 0, colB: 0, param: 0.8, weight: 0 },
            { op: Op.jwGe, colA: 0, colB: 0, param: 0.6, weight: 0 },
            { op: Op.else, colA: 0, colB: 0, param: 0, weight: 0 },
          ],
        },
        // A distance level between Jaro-Winkler ones: the kernel's kept Peq
        // table must not leak into the bit-parallel distance.
        {
          levels: [
            { op: Op.null, colA: 0, colB: 0, param: 0, weight: 0 },
            { op: Op.levLe, colA: 0, colB: 0, param: 3, weight: 0 },
            { op: Op.else, colA: 0, colB: 0, param: 0, weight: 0 },
          ],
        },
      ],
    );
    const out = k.score(Int32Array.from(pairs), 0);
    for (let p = 0; p < pairs.length / 2; p++) {
      const a = words[pairs[2 * p]!]!;
      const b = words[pairs[2 * p + 1]!]!;
      const v = a === b ? 1 : refJw(a, b);
      expect(out.gammas[2 * p]).toBe(v >= 0.92 ? 1 : v >= 0.8 ? 2 : v >= 0.6 ? 3 : 4);
      const d = a.length <= 40 && b.length <= 40 ? refLev(a, b, false) : levenshtein(a, b);
      expect(out.gammas[2 * p + 1]).toBe(a === b || d <= 3 ? 1 : 2);
    }
  });

  it('Jaro-Winkler is symmetric (scoring relies on it to keep the left value as the text)', () => {
    const small = fc.array(fc.constantFrom('a', 'b', 'n', ' '), { minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(small, small, (x, y) => {
        const a = x.join('');
        const b = y.join('');
        expect(jaroWinkler(a, b)).toBe(jaroWinkler(b, a));
      }),
      { numRuns: 3000 },
    );
  });

  it('memoised Jaro-Winkler values never leak between id pairs, orders or jobs', () => {
    // 400 values → 160,000 id pairs, far more than the kernel's memo slots, so
    // slots are overwritten by colliding pairs; each pair is scored in both
    // orders and twice. A second job gives the same ids to other strings.
    const words = fc.sample(word(14), { numRuns: 400, seed: 21 });
    const program = [
      {
        levels: [
          { op: Op.null, colA: 0, colB: 0, param: 0, weight: 0 },
          { op: Op.jwGe, colA: 0, colB: 0, param: 0.9, weight: 0 },
          { op: Op.jwGe, colA: 0, colB: 0, param: 0.75, weight: 0 },
          { op: Op.jwGe, colA: 0, colB: 0, param: 0.5, weight: 0 },
          { op: Op.else, colA: 0, colB: 0, param: 0, weight: 0 },
        ],
      },
    ];
    const pairs: number[] = [];
    for (let i = 0; i < words.length; i++) for (let j = 0; j < words.length; j++) pairs.push(i, j);
    const all = Int32Array.from(pairs);
    const k = new MatchKernel();
    for (const values of [words, [...words].reverse()]) {
      const col = columnOf(values);
      k.loadJob([col], [col], program);
      const first = k.score(all, 0).gammas;
      expect(k.score(all, 0).gammas).toEqual(first);
      for (let p = 0; p < pairs.length / 2; p++) {
        const a = values[pairs[2 * p]!]!;
        const b = values[pairs[2 * p + 1]!]!;
        const v = a === b ? 1 : refJw(a, b);
        const want = v >= 0.9 ? 1 : v >= 0.75 ? 2 : v >= 0.5 ? 3 : 4;
        if (first[p] !== want) expect({ a, b, level: first[p] }).toEqual({ a, b, level: want });
      }
    }
  });

  it('keeps one Peq table per Jaro-Winkler column without mixing columns (more columns than tables)', () => {
    // Five Jaro-Winkler columns (the kernel keeps four tables, so two share
    // one), each a different transform of the same words, and pairs grouped
    // by left record as blocking emits them: each column's kept table must
    // hold that column's left value.
    const words = fc.sample(word(20), { numRuns: 120, seed: 31 });
    const views = [
      (w: string) => w,
      (w: string) => [...w].reverse().join(''),
      (w: string) => `${w}${w.length}`,
      (w: string) => w.replaceAll('a', 'x'),
      (w: string) => `n${w}`,
    ];
    const cols = views.map((f) => columnOf(words.map(f)));
    // Thresholds on both sides of the Winkler boost's edges (0.7, 0.82), where
    // the kernel's upper bound changes form.
    const thresholds = [
      [0.95, 0.82],
      [0.82, 0.7],
      [0.9, 0.7],
      [0.7, 0.4],
      [0.85, 0.6],
    ] as const;
    const program = cols.map((_, c) => ({
      levels: [
        { op: Op.null, colA: c, colB: c, param: 0, weight: 0 },
        { op: Op.jwGe, colA: c, colB: c, param: thresholds[c]![0], weight: 0 },
        { op: Op.jwGe, colA: c, colB: c, param: thresholds[c]![1], weight: 0 },
        { op: Op.else, colA: c, colB: c, param: 0, weight: 0 },
      ],
    }));
    const pairs: number[] = [];
    for (let i = 0; i < words.length; i++) for (let j = 0; j < words.length; j += 2) pairs.push(i, j);
    const k = new MatchKernel();
    k.loadJob(cols, cols, program);
    const out = k.score(Int32Array.from(pairs), 0);
    let checked = 0;
    for (let p = 0; p < pairs.length / 2; p++) {
      views.forEach((f, c) => {
        const a = f(words[pairs[2 * p]!]!);
        const b = f(words[pairs[2 * p + 1]!]!);
        const v = a === b ? 1 : refJw(a, b);
        const [hi, lo] = thresholds[c]!;
        const want = v >= hi ? 1 : v >= lo ? 2 : 3;
        if (out.gammas[p * views.length + c] !== want)
          expect({ a, b, c, got: out.gammas[p * views.length + c] }).toEqual({ a, b, c, got: want });
        checked++;
      });
    }
    expect(checked).toBe((pairs.length / 2) * views.length);
  });

  it('refuses over-long values and out-of-range pairs with typed errors', () => {
    expect(() => levenshtein('a'.repeat(MAX_UNITS + 1), 'a')).toThrow(/at most 4096/);
    const k = new MatchKernel();
    const col = {
      offsets: Int32Array.of(0, 1),
      units: Uint16Array.of(97),
      ids: Int32Array.of(0),
      nums: Int32Array.of(0),
    };
    k.loadJob([col], [col], [{ levels: [{ op: Op.null, colA: 0, colB: 0, param: 0, weight: 0 }] }]);
    expect(() => k.score(Int32Array.of(0, 1), 0)).toThrow(RangeError);
  });
});
