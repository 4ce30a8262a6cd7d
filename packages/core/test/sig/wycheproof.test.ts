import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWycheproof } from '@dinhdanh/core/sig';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './_helpers.js';

const dir = join(FIXTURES, 'wycheproof');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('Wycheproof signature vectors', () => {
  it('has the vector files', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const backend of ['node', 'wasm', 'auto'] as const) {
    for (const f of files) {
      it(`${f} on ${backend}: every vector as expected`, () => {
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        const r = runWycheproof(doc, backend);
        expect(r.failures).toEqual([]);
        expect(r.tests).toBe(doc.numberOfTests);
        expect(r.passed + r.acceptable + r.skipped).toBe(r.tests);
        expect(r.skipped).toBe(0);
      });
    }
  }
});

// The shared vector set may grow beyond the copy in fixtures/; run it on wasm when present.
const shared = join(FIXTURES, '..', '..', 'shared', 'vectors', 'wycheproof');
describe.skipIf(!existsSync(shared))('Wycheproof files in ../shared (skipped when absent)', () => {
  const sharedFiles = existsSync(shared) ? readdirSync(shared).filter((f) => f.endsWith('.json')) : [];
  for (const f of sharedFiles) {
    it(`${f} on wasm`, () => {
      const doc = JSON.parse(readFileSync(join(shared, f), 'utf8'));
      const r = runWycheproof(doc, 'wasm');
      expect(r.failures).toEqual([]);
      expect(r.passed + r.acceptable).toBe(doc.numberOfTests);
    });
  }
});
