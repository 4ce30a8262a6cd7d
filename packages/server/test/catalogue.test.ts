import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue } from '@dinhdanh/core/errors';
import { describe, expect, it } from 'vitest';

const serverCodes = Object.fromEntries(
  Object.entries(errorCatalogue).filter(([c]) => c.startsWith('DD_SERVER_')),
);
const doc = readFileSync(join(import.meta.dirname, '../../../docs/server.md'), 'utf8');
const documented = [...doc.matchAll(/^\|\s*`(DD_SERVER_[A-Z_]+)`\s*\|\s*(\d+)\s*\|/gm)].map((m) => [
  m[1],
  Number(m[2]),
]);

describe('service error catalogue', () => {
  it('docs/server.md lists exactly the catalogue, with the same statuses', () => {
    expect(documented).toEqual(Object.entries(serverCodes).map(([code, info]) => [code, info.status]));
  });

  it('every code the service source uses is in the catalogue', () => {
    const srcDir = join(import.meta.dirname, '../src');
    const files = [
      'plugins/auth.ts',
      'plugins/error-handler.ts',
      'plugins/protection.ts',
      'routes/ekyc.ts',
      'routes/system.ts',
    ];
    for (const f of files) {
      const used = readFileSync(join(srcDir, f), 'utf8').match(/DD_SERVER_[A-Z_]+/g) ?? [];
      for (const code of used) expect(serverCodes, `${f}: ${code}`).toHaveProperty(code);
    }
  });
});
