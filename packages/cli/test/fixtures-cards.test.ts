import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardsFromMsgpack, cardToJsonLine, parseCardJson } from '@dinhdanh/core/cardgen';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesCards } from '../src/commands/fixtures-cards.js';

const root = mkdtempSync(join(tmpdir(), 'fixtures-cards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const repo = join(import.meta.dirname, '../../..');

async function run(args: string[]): Promise<number> {
  const log = console.log;
  const err = console.error;
  console.log = () => {};
  console.error = () => {};
  try {
    return await fixturesCards.run(args);
  } finally {
    console.log = log;
    console.error = err;
  }
}

describe('dinhdanh fixtures cards', () => {
  it('writes one JSON per card, tampered variants, trust files and a manifest', async () => {
    const out = join(root, 'dir');
    expect(
      await run(['--count', '3', '--seed', 'cli', '--out', out, '--tampered', '--cards-per-dsc', '2']),
    ).toBe(0);
    const files = readdirSync(join(out, 'cards')).sort();
    expect(files).toHaveLength(13);
    expect(files.slice(0, 3)).toEqual(['card-000001.json', 'card-000002.json', 'card-000003.json']);
    const card = parseCardJson(readFileSync(join(out, 'cards', 'card-000001.json'), 'utf8'));
    expect(card.expect).toEqual({ verdict: 'verified' });
    expect(Object.keys(card.dataGroups)).toEqual(['1', '2', '13', '14', '15']);
    expect(card.aa?.challenge).toHaveLength(8);
    const t = parseCardJson(readFileSync(join(out, 'cards', 'tampered-dsc-revoked.json'), 'utf8'));
    expect(t.expect).toEqual({ verdict: 'rejected', check: 'dsc.revocation' });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.trust.anchors).toEqual(['csca.der']);
    expect(manifest.trust.crls).toEqual(['crl.der']);
    expect(manifest.trust.neverTrust).toEqual(['csca-untrusted.der']);
    expect(manifest.trust.documentSigners).toEqual([
      'dsc/dsc-001.der',
      'dsc/dsc-002.der',
      'dsc/dsc-expired.der',
      'dsc/dsc-revoked.der',
      'dsc/dsc-untrusted.der',
    ]);
    expect(readFileSync(join(out, 'csca.der'))[0]).toBe(0x30);
    // A second run into the same directory needs --force.
    await expect(fixturesCards.run(['--count', '1', '--seed', 'cli', '--out', out])).rejects.toMatchObject({
      code: 'DD_CARDGEN_BAD_OPTION',
    });
    expect(await run(['--count', '1', '--seed', 'cli', '--out', out, '--force'])).toBe(0);
    expect(readdirSync(join(out, 'cards'))).toEqual(['card-000001.json']);
  });

  it('writes NDJSON and msgpack streams holding the same cards', async () => {
    const nd = join(root, 'nd');
    const mp = join(root, 'mp');
    const common = [
      '--count',
      '4',
      '--seed',
      'stream',
      '--dg2-size',
      '16000',
      '--tampered',
      '--workers',
      '1',
    ];
    expect(await run([...common, '--out', nd, '--format', 'ndjson'])).toBe(0);
    expect(await run([...common, '--out', mp, '--format', 'msgpack'])).toBe(0);
    const lines = readFileSync(join(nd, 'cards.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(14);
    const fromMsgpack = cardsFromMsgpack(new Uint8Array(readFileSync(join(mp, 'cards.msgpack'))));
    expect(fromMsgpack.map((c) => cardToJsonLine(c))).toEqual(lines);
    expect(parseCardJson(lines[0]!).dataGroups['2']).toHaveLength(16000);
  });

  it('builds the same bytes on two threads as on one (CLI through tsx)', () => {
    const cli = ['tsx', '--conditions=source', join(repo, 'packages/cli/src/main.ts'), 'fixtures', 'cards'];
    const args = ['--count', '450', '--seed', 'threads', '--format', 'msgpack', '--aa', 'p256'];
    execFileSync('npx', [...cli, ...args, '--out', join(root, 'w1'), '--workers', '1'], {
      cwd: repo,
      stdio: 'pipe',
    });
    execFileSync('npx', [...cli, ...args, '--out', join(root, 'w2'), '--workers', '2'], {
      cwd: repo,
      stdio: 'pipe',
    });
    const a = readFileSync(join(root, 'w1', 'cards.msgpack'));
    const b = readFileSync(join(root, 'w2', 'cards.msgpack'));
    expect(cardsFromMsgpack(new Uint8Array(a))).toHaveLength(450);
    expect(a.equals(b)).toBe(true);
  });

  it('reproduces the committed fixture sets byte for byte from the commands in fixtures/cards/README.md', async () => {
    const readme = readFileSync(join(repo, 'fixtures/cards/README.md'), 'utf8');
    const commands = [
      ...readme.matchAll(/`npx tsx --conditions=source packages\/cli\/src\/main.ts fixtures cards ([^`]+)`/g),
    ];
    expect(commands).toHaveLength(3);
    for (const [i, [, argString]] of commands.entries()) {
      const args = argString!.split(' ');
      const committed = join(repo, args[args.indexOf('--out') + 1]!);
      const fresh = join(root, `repro-${i}`);
      args[args.indexOf('--out') + 1] = fresh;
      expect(await run(args)).toBe(0);
      const list = (d: string): string[] =>
        readdirSync(d, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name).slice(d.length + 1))
          .sort();
      expect(list(fresh)).toEqual(list(committed).filter((f) => f !== 'README.md'));
      for (const f of list(fresh)) {
        expect(readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f))), f).toBe(true);
      }
    }
  });

  it('rejects bad options with usage (exit 2)', async () => {
    const out = join(root, 'bad');
    for (const args of [
      ['--seed', 's'],
      ['--out', out],
      ['--seed', 's', '--out', out, '--alg', 'ed25519'],
      ['--seed', 's', '--out', out, '--count', '-1'],
      ['--seed', 's', '--out', out, '--format', 'xml'],
      ['--seed', 's', '--out', out, '--dg2-size', '99999999'],
      ['--seed', 's', '--out', out, '--aa', 'dsa'],
      ['--seed', 's', '--out', out, '--bogus'],
    ]) {
      expect(await run(args)).toBe(2);
    }
  });
});
