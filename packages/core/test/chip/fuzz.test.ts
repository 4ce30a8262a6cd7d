import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzProperty } from './_fuzz.js';

describe('mutation fuzzing (small sample; fuzz.slow.test.ts runs ≥ 100,000 cases)', () => {
  it('no untyped error and no verified verdict on altered SODs, DGs or CSCA certificates', () => {
    fc.assert(fuzzProperty(), { numRuns: 400 });
  });
});
