/**
 * The full-size accuracy check: a synthetic population of 100,000 linked to
 * an 80,000-record registry copy with that registry's corruption profile,
 * unsupervised, on the worker pool. DINHDANH_SLOW=1 npx vitest run …
 */
import { describe, expect, it } from 'vitest';
import { LinkagePool, runLinkage } from '../../src/linkage/index.js';
import { aboveThreshold, pairwiseAccuracy } from './_accuracy.js';
import { syntheticTables, truthOf } from './_synthetic.js';

describe('accuracy at size', () => {
  for (const registry of ['tax', 'social-insurance', 'telecom']) {
    it(`links 100,000 × 80,000 (${registry}) with F1 ≥ 0.99`, { timeout: 900_000 }, async () => {
      const { a, b } = syntheticTables(100_000, 2025, registry, { overlap: 0.8 });
      const pool = new LinkagePool();
      try {
        const r = await runLinkage({
          settings: { preset: 'vn-person', link_type: 'link_only' },
          left: a,
          right: b,
          scorer: pool,
        });
        const acc = pairwiseAccuracy(r, truthOf(a), truthOf(b), aboveThreshold(r));
        console.log(`100k × ${b.rows.length} ${registry}`, acc);
        expect(acc.f1).toBeGreaterThanOrEqual(0.99);
      } finally {
        await pool.close();
      }
    });
  }
});
