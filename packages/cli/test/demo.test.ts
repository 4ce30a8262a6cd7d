import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demo } from '../src/commands/demo.js';

const card = fileURLToPath(new URL('../../../fixtures/icao/openssl-cccd/', import.meta.url));
const dirs: string[] = [];
const copyOfCard = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-demo-'));
  dirs.push(dir);
  cpSync(card, dir, { recursive: true });
  return dir;
};

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await demo.run(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dinhdanh demo', () => {
  it('checks all five data groups and the signed content on every backend and exits 0', async () => {
    const { code, out } = await run(['--reps', '2']);
    expect(code).toBe(0);
    for (const dg of ['DG1', 'DG2', 'DG13', 'DG14', 'DG15']) {
      for (const backend of ['wasm', 'node', 'noble', 'auto']) {
        expect(out).toMatch(new RegExp(`^${dg} +\\d+ +SHA-256 +${backend}\\S* +✓`, 'm'));
      }
    }
    expect(out.match(/LDSSecurityObject vs messageDigest +217 +SHA-384 .* ✓/g)).toHaveLength(4);
    expect(out).toContain('verdict: ✓ all 28 hashes match');
    expect(out).not.toContain('✗');
    // No personal data from DG1/DG13 in the output.
    expect(out).not.toMatch(/030192628005|PHAM|Phạm/);
  });

  it('finds a changed data group and exits 1', async () => {
    const dir = copyOfCard();
    const dg2 = readFileSync(join(dir, 'EF_DG2.bin'));
    dg2[300] ^= 0x01; // one bit of the face image
    writeFileSync(join(dir, 'EF_DG2.bin'), dg2);
    const { code, out } = await run(['--dir', dir, '--reps', '0', '--backend', 'wasm']);
    expect(code).toBe(1);
    expect(out).toMatch(/^DG2 +507 +SHA-256 +wasm +✗/m);
    expect(out).toMatch(/^DG1 +95 +SHA-256 +wasm +✓/m);
    expect(out).toContain('verdict: ✗ 2 of 7 hashes do NOT match');
  });

  it('reports data groups listed in the SOD but not read', async () => {
    const dir = copyOfCard();
    rmSync(join(dir, 'EF_DG14.bin'));
    const { code, out } = await run(['--dir', dir, '--reps', '0', '--backend', 'noble']);
    expect(code).toBe(0);
    expect(out).toContain('not read: DG14');
  });

  it('rejects bad arguments with exit 2 and a usage line', async () => {
    for (const argv of [['--dir', '/nonexistent-card'], ['--reps', '-1'], ['--bogus']]) {
      const { code, err } = await run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toContain('usage: dinhdanh demo');
    }
  });

  it('a malformed EF.SOD is a typed DER error, not a crash', async () => {
    const dir = copyOfCard();
    const sod = readFileSync(join(dir, 'EF_SOD.bin'));
    writeFileSync(join(dir, 'EF_SOD.bin'), sod.subarray(0, 200));
    await expect(run(['--dir', dir])).rejects.toMatchObject({ code: 'DD_DER_TRUNCATED' });
  });
});
