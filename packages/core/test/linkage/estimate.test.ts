import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/linkage/_random.js';
import { expectationMaximisation, levelFrequencies, MISSING } from '../../src/linkage/index.js';

// Draws level patterns from a known Fellegi–Sunter model (levels 1..3 per
// comparison, some missing) and checks EM recovers m and λ without labels.
describe('expectation–maximisation', () => {
  it('recovers known m and λ from synthetic agreement patterns', () => {
    const m = [
      [0, 0.85, 0.1, 0.05],
      [0, 0.7, 0.2, 0.1],
      [0, 0.9, 0.05, 0.05],
      [0, 0.8, 0.15, 0.05],
    ];
    const u = [
      [0, 0.02, 0.08, 0.9],
      [0, 0.05, 0.15, 0.8],
      [0, 0.01, 0.04, 0.95],
      [0, 0.1, 0.2, 0.7],
    ];
    const lambda = 0.15;
    const rnd = mulberry32(3);
    const n = 200_000;
    const nComp = m.length;
    const gammas = new Uint8Array(n * nComp);
    const draw = (p: number[]) => {
      let r = rnd();
      for (let l = 1; l < p.length; l++) if ((r -= p[l]!) < 0) return l;
      return p.length - 1;
    };
    for (let k = 0; k < n; k++) {
      const match = rnd() < lambda;
      for (let c = 0; c < nComp; c++) {
        gammas[k * nComp + c] = rnd() < 0.05 ? MISSING : draw(match ? m[c]! : u[c]!);
      }
    }
    const levelCounts = [4, 4, 4, 4];
    const uStart = u.map((x) => Float64Array.from(x.map((v) => v * 0.9 + 0.1 / 3)));
    const fit = expectationMaximisation(gammas, levelCounts, uStart, { maxIterations: 200, tolerance: 1e-7 });
    expect(fit.converged).toBe(true);
    expect(fit.lambdaBlocked).toBeCloseTo(lambda, 2);
    for (let c = 0; c < nComp; c++)
      for (let l = 1; l < 4; l++) expect(Math.abs(fit.m[c]![l]! - m[c]![l]!)).toBeLessThan(0.02);
  });

  it('level frequencies skip missing values and never return 0', () => {
    const f = levelFrequencies(Uint8Array.from([1, MISSING, 1, 2, 1, 1]), [3, 3]);
    expect(f[0]![1]).toBeCloseTo(3.5 / 4, 6);
    expect(f[0]![2]).toBeCloseTo(0.5 / 4, 6);
    expect(f[1]![1]! + f[1]![2]!).toBeCloseTo(1, 9);
    expect(f[1]![2]).toBeGreaterThan(0);
  });
});
