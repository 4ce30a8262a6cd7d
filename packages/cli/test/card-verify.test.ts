import { spawnSync } from 'node:child_process';
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
const fx = (f: string) => join(root, 'fixtures', 'icao', f);
const b64 = (f: string) => readFileSync(fx(`openssl-cccd/${f}`)).toString('base64');

function cards(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dd-cards-'));
  const card = {
    version: 1,
    id: 'openssl-cccd',
    sod: b64('EF_SOD.bin'),
    dataGroups: {
      1: b64('EF_DG1.bin'),
      2: b64('EF_DG2.bin'),
      13: b64('EF_DG13.bin'),
      14: b64('EF_DG14.bin'),
      15: b64('EF_DG15.bin'),
    },
    aa: { challenge: b64('challenge.bin'), signature: b64('aa_signature.bin') },
  };
  writeFileSync(join(dir, 'a-good.json'), JSON.stringify(card));
  const dg13 = Buffer.from(card.dataGroups[13], 'base64');
  dg13[200] = dg13[200]! ^ 1;
  writeFileSync(
    join(dir, 'b-dg13.json'),
    JSON.stringify({
      ...card,
      id: 'dg13-flipped',
      expect: { verdict: 'rejected', check: 'dg.13.hash' },
      dataGroups: { ...card.dataGroups, 13: dg13.toString('base64') },
    }),
  );
  return dir;
}

describe('dinhdanh card verify', () => {
  it('verifies a directory of cards; a labelled tampered card matches its label; exit 0', () => {
    const r = cli('card', 'verify', cards(), '--trust', fx('openssl-cccd/csca.der'), '--at', '2026-11-27');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('openssl-cccd: VERIFIED');
    expect(r.stdout).toContain('dg13-flipped: REJECTED (expected rejected at dg.13.hash: ok)');
    expect(r.stdout).toContain('2/2 cards');
    // no personal data in the output
    expect(r.stdout).not.toMatch(/030192628005|Phạm|PHAM/);
  });

  it('--json gives every check; without the CSCA the card is rejected at dsc.chain, exit 1', () => {
    const dir = cards();
    const r = cli(
      'card',
      'verify',
      join(dir, 'a-good.json'),
      '--trust',
      fx('masterlists/VN_CSCA_ePassport_from_DE_ML.der'),
      '--json',
    );
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.cards[0].verdict).toBe('rejected');
    expect(out.cards[0].checks.find((c: { check: string }) => c.check === 'dsc.chain').status).toBe('fail');
  });

  it('bad arguments exit 2', () => {
    expect(cli('card', 'verify', 'x.json').status).toBe(2);
    expect(
      cli('card', 'verify', 'x.json', '--trust', fx('openssl-cccd/csca.der'), '--at', 'yesterday').status,
    ).toBe(2);
  });
});

describe('dinhdanh masterlist verify', () => {
  it('prints signer, counts, link certificates and failures for the German list', () => {
    const r = cli('masterlist', 'verify', fx('masterlists/DE_ML_2026-05-28.ml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('DE_ML_2026-05-28.ml: VALID');
    expect(r.stdout).toContain('CSCA Master List Signer');
    expect(r.stdout).toMatch(/CSCAs:\s+588/);
    expect(r.stdout).toMatch(/self-signed:\s+375\/375 verified/);
    expect(r.stdout).toMatch(/link certs:\s+201\/213 verified, 12 issuer missing/);
    expect(r.stdout).toContain('ec brainpoolP512r1 (explicit) / ecdsa-sha512');
  });

  it('--json', () => {
    const r = cli('masterlist', 'verify', fx('masterlists/DE_ML_2026-05-28.ml'), '--json');
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.cscaCount).toBe(588);
  });
});
