import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = (...args: string[]) =>
  spawnSync('npx', ['tsx', '--conditions=source', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
const vectors = (f: string) => join(root, 'fixtures', 'wycheproof', f);

describe('dinhdanh conformance wycheproof', () => {
  it('prints a line per file and the totals, exit 0 when all pass', () => {
    const r = cli(
      'conformance',
      'wycheproof',
      vectors('rsa_pss_2048_sha256_mgf1_32_test.json'),
      vectors('ecdsa_secp256r1_sha256_test.json'),
      '--backend',
      'node',
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rsa_pss_2048_sha256_mgf1_32_test\.json: 108\/108 passed, 0 failed/);
    expect(lines[1]).toMatch(/^ecdsa_secp256r1_sha256_test\.json: 484\/484 passed, 0 failed/);
    expect(lines.at(-1)).toBe('592 passed, 0 failed');
  });

  it('--json reports per-file results, counting acceptable vectors apart', () => {
    const out = execFileSync(
      'npx',
      [
        'tsx',
        '--conditions=source',
        'packages/cli/src/main.ts',
        'conformance',
        'wycheproof',
        vectors('rsa_signature_2048_sha256_test.json'),
        '--json',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const j = JSON.parse(out);
    expect(j.failed).toBe(0);
    expect(j.files[0].acceptable).toBe(1);
    expect(j.files[0].passed + j.files[0].acceptable).toBe(259);
  });

  it('exits 1 when a vector fails and 2 on bad usage', () => {
    // The first vector is valid; flipping its expectation must be reported as a failure.
    const doc = JSON.parse(readFileSync(vectors('rsa_pss_2048_sha256_mgf1_32_test.json'), 'utf8'));
    doc.testGroups[0].tests[0].result = 'invalid';
    const file = join(mkdtempSync(join(tmpdir(), 'dd-wp-')), 'flipped.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = cli('conformance', 'wycheproof', file, '--backend', 'node');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('tcId 1: expected invalid, got true');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('107 passed, 1 failed');
    const bad = cli(
      'conformance',
      'wycheproof',
      '--backend',
      'gpu',
      vectors('ecdsa_secp256r1_sha256_test.json'),
    );
    expect(bad.status).toBe(2);
    expect(cli('conformance', 'wycheproof').status).toBe(2);
  });
});
