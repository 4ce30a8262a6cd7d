import { readdirSync, readFileSync } from 'node:fs';
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
