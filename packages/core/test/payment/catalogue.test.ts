/** Every payment/VietQR code thrown in the sources is catalogued, and docs/payment.md lists exactly the catalogue. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { paymentErrorCodes } from '../../src/errors/codes-payment.js';
import { vietqrErrorCodes } from '../../src/errors/codes-vietqr.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const catalogue = new Set(Object.keys({ ...paymentErrorCodes, ...vietqrErrorCodes }));
const CODE = /'(DD_(?:PAY|VIETQR)_[A-Z_]+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('payment error catalogue', () => {
  it('covers every code the payment and VietQR sources throw', () => {
    const used = new Set<string>();
    for (const dir of ['packages/core/src/payment', 'packages/core/src/vietqr']) {
      for (const file of sources(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(CODE)) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((c) => !catalogue.has(c))).toEqual([]);
  });

  it('docs/payment.md lists exactly the catalogued codes', () => {
    const doc = readFileSync(join(root, 'docs/payment.md'), 'utf8');
    const listed = new Set([...doc.matchAll(/^\| `(DD_[A-Z_]+)` *\|/gm)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([...catalogue].sort());
  });
});
