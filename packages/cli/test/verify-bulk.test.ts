import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = (...args: string[]) =>
  spawnSync('npx', ['tsx', '--conditions=source', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
const set = join(root, 'fixtures', 'cards', 'bp384');
const tmp = mkdtempSync(join(tmpdir(), 'dd-vbulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dinhdanh verify-bulk', () => {
  it('verifies an NDJSON stream, writes one result per line and summarises by reason', () => {
    const files = readdirSync(join(set, 'cards')).sort();
    const lines = files.map((f) => JSON.stringify(JSON.parse(readFileSync(join(set, 'cards', f), 'utf8'))));
    const input = join(tmp, 'in.ndjson');
    writeFileSync(input, `${lines.join('\n')}\n{"version":1,"sod":\n`);
    const out = join(tmp, 'out.ndjson');
    const r = cli(
      'verify-bulk',
      input,
      '--trust',
      join(set, 'csca.der'),
      '--trust',
      join(set, 'crl.der'),
      '--out',
      out,
      '--workers',
      '2',
      '--at',
      '2027-01-01',
      '--json',
    );
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout);
    const expected = files.map((f) => JSON.parse(readFileSync(join(set, 'cards', f), 'utf8')).expect);
    const rejected = expected.filter((e) => e.verdict === 'rejected').length;
    expect(summary).toMatchObject({
      cards: files.length + 1,
      verified: files.length - rejected,
      rejected,
      errors: 1,
      errorsBy: { DD_BULK_BAD_LINE: 1 },
      workers: 2,
    });
    expect(summary.rejectedBy['dg.2.hash:mismatch']).toBe(1);
    expect(summary.peakRssMB).toBeGreaterThan(0);
    const results = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((x) => x.index)).toEqual([...Array(files.length + 1).keys()]);
    expected.forEach((e, i) => {
      expect(results[i].verdict).toBe(e.verdict);
      if (e.check) expect(results[i].failed.some((f: string) => f.startsWith(`${e.check}:`))).toBe(true);
    });
    expect(results.at(-1)).toMatchObject({ verdict: 'error', source: `in.ndjson:${files.length + 1}` });
    // No card content in the output: names and ID numbers never appear.
    expect(readFileSync(out, 'utf8')).not.toMatch(/Nguyễn|Trần|\d{12}/);
  });

  it('reads a directory and prints a plain summary', () => {
    const out = join(tmp, 'dir.ndjson');
    const r = cli(
      'verify-bulk',
      join(set, 'cards'),
      '--trust',
      join(set, 'csca.der'),
      '--trust',
      join(set, 'crl.der'),
      '--out',
      out,
      '--at',
      '2027-01-01',
      '--workers',
      '1',
    );
    expect(r.stdout).toMatch(/^\d+ cards: 5 verified, 10 rejected, 0 errors/);
    expect(r.stdout).toContain('rejected by reason:');
  });

  it('names an unreadable input and refuses bad arguments', () => {
    const r = cli(
      'verify-bulk',
      join(tmp, 'missing.ndjson'),
      '--trust',
      join(set, 'csca.der'),
      '--out',
      join(tmp, 'x'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DD_BULK_READ_FAILED: missing.ndjson: ENOENT');
    expect(cli('verify-bulk', join(set, 'cards'), '--out', join(tmp, 'y')).status).toBe(2);
    expect(
      cli('verify-bulk', join(set, 'cards'), '--trust', set, '--out', join(tmp, 'z'), '--workers', '0')
        .status,
    ).toBe(2);
    const badOut = cli(
      'verify-bulk',
      join(set, 'cards'),
      '--trust',
      set,
      '--out',
      join(tmp, 'no', 'such', 'dir.ndjson'),
    );
    expect(badOut.status).toBe(2);
    expect(badOut.stderr).toContain('ENOENT');
  });
});
