/**
 * `dinhdanh fixtures cards --count N --seed S --out DIR [options]`
 * Builds a test PKI and synthetic CCCD cards (optionally the tampered
 * variants) and writes them as card JSON files, NDJSON or msgpack plus the
 * trust files and a manifest.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  AA_KEY_TYPES,
  type AaKeyType,
  DSC_ALGORITHMS,
  type DscAlgorithm,
  FIXTURE_FORMATS,
  type FixtureFormat,
  type HashName,
  isDscAlgorithm,
  MAX_DG2_SIZE,
  writeFixtures,
} from '@dinhdanh/core/cardgen';
import type { Command } from './index.js';

const USAGE = `usage: dinhdanh fixtures cards --count N --seed S --out DIR
    [--alg ${DSC_ALGORITHMS.join('|')}] [--explicit-params] [--tampered]
    [--format dir|ndjson|msgpack] [--dg2-size BYTES] [--cards-per-dsc N]
    [--dg-hash sha256|sha384|sha512] [--aa ${AA_KEY_TYPES.join('|')}] [--skip-aa]
    [--fast] [--workers N] [--force] [--json]`;

const OPTIONS = {
  count: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  alg: { type: 'string' },
  'explicit-params': { type: 'boolean' },
  tampered: { type: 'boolean' },
  format: { type: 'string' },
  'dg2-size': { type: 'string' },
  'cards-per-dsc': { type: 'string' },
  'dg-hash': { type: 'string' },
  aa: { type: 'string' },
  'skip-aa': { type: 'boolean' },
  workers: { type: 'string' },
  fast: { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

class UsageError extends Error {}

function int(v: string | undefined, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return Number(v);
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

export const fixturesCards: Command = {
  path: ['fixtures', 'cards'],
  summary: 'build a test PKI and synthetic CCCD chip cards (JSON, NDJSON or msgpack)',
  usage: USAGE,
  async run(argv) {
    let opts: Parameters<typeof writeFixtures>[0];
    let json = false;
    try {
      const { values } = parseArgs({
        args: [...argv],
        options: OPTIONS,
        strict: true,
        allowPositionals: false,
      });
      if (values.seed === undefined || values.seed === '') throw new UsageError('--seed is required');
      if (values.out === undefined || values.out === '') throw new UsageError('--out is required');
      if (values.alg !== undefined && !isDscAlgorithm(values.alg)) {
        throw new UsageError(`--alg must be one of ${DSC_ALGORITHMS.join(', ')}`);
      }
      json = values.json ?? false;
      opts = {
        count: int(values.count, 'count', 0, 10_000_000, 10),
        seed: values.seed,
        out: values.out,
        alg: (values.alg ?? 'brainpoolP384r1') as DscAlgorithm,
        explicitParams: values['explicit-params'] ?? false,
        tampered: values.tampered ?? false,
        format: oneOf<FixtureFormat>(values.format, 'format', FIXTURE_FORMATS, 'dir'),
        dg2Size: int(values['dg2-size'], 'dg2-size', 0, MAX_DG2_SIZE, 0),
        cardsPerDsc: int(values['cards-per-dsc'], 'cards-per-dsc', 1, 10_000_000, 1000),
        dgHash: oneOf<HashName>(values['dg-hash'], 'dg-hash', ['sha256', 'sha384', 'sha512'], 'sha256'),
        aaKey: oneOf<AaKeyType>(values.aa, 'aa', AA_KEY_TYPES, 'brainpoolP256r1'),
        activeAuthentication: !(values['skip-aa'] ?? false),
        fast: values.fast ?? false,
        force: values.force ?? false,
        workers: int(values.workers, 'workers', 1, 64, Math.min(availableParallelism(), 8)),
      };
    } catch (e) {
      console.error(`dinhdanh fixtures cards: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const started = performance.now();
    const tty = process.stderr.isTTY && !json;
    let last = 0;
    const manifest = await writeFixtures({
      ...opts,
      onProgress: (done, total) => {
        const now = performance.now();
        if (done !== total && now - last < (tty ? 200 : 5000)) return;
        last = now;
        const rate = done / ((now - started) / 1000);
        const line = `${done}/${total} cards, ${rate.toFixed(0)} cards/s`;
        if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
        else if (!json) console.error(line);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      console.log(JSON.stringify({ ...manifest, seconds: Number(seconds.toFixed(3)) }, null, 2));
    } else {
      const n = manifest.cards.valid + manifest.cards.tampered.length;
      console.log(
        `wrote ${n} cards (${manifest.cards.tampered.length} tampered) as ${manifest.format} to ${opts.out} in ${seconds.toFixed(1)} s`,
      );
      console.log(`trust: ${[...manifest.trust.anchors, ...manifest.trust.crls].join(', ')}`);
      console.log(`never trust: ${manifest.trust.neverTrust.join(', ')}`);
      if (!manifest.reproducible)
        console.log('note: --fast signatures use random ECDSA nonces (not byte-reproducible)');
    }
    return 0;
  },
};
