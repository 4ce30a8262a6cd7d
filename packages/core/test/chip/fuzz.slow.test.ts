import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzProperty } from './_fuzz.js';

const RUNS = Number(process.env.DINHDANH_FUZZ_RUNS ?? 100_000);

describe('mutation fuzzing, full run', () => {
  it(`${RUNS} cases: no untyped error and no verified verdict on altered data`, () => {
    fc.assert(fuzzProperty(), { numRuns: RUNS });
  }, 3_600_000);
});
