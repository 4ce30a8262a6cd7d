/** The error catalogue covers every code the sources throw, and docs/errors.md is its current rendering. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { errorCatalogue } from '../../src/errors/index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const CODE = /\b(DD_[A-Z0-9]+(?:_[A-Z0-9]+)+)\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('error catalogue', () => {
  it('lists every code used in the packages’ sources', () => {
    const used = new Set<string>();
    for (const pkg of readdirSync(join(root, 'packages'))) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        if (file.includes(`${join('src', 'generated')}`)) continue;
        for (const m of readFileSync(file, 'utf8').matchAll(CODE)) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((c) => !(c in errorCatalogue)).sort()).toEqual([]);
  });

  it('gives every code a status and a one-line summary', () => {
    for (const [code, info] of Object.entries(errorCatalogue)) {
      expect(info.status, code).toBeGreaterThanOrEqual(400);
      expect(info.status, code).toBeLessThan(600);
      expect(info.summary.length, code).toBeGreaterThan(10);
      expect(info.summary.includes('\n'), code).toBe(false);
    }
  });

  it('docs/errors.md is the rendering of the catalogue (run packages/core/scripts/errors-doc.ts)', () => {
    expect(readFileSync(join(root, 'docs/errors.md'), 'utf8')).toBe(renderErrorsDoc());
  });
});
