/**
 * `dinhdanh demo`: hashes the data groups of a chip ID card on every hash
 * backend and checks them against the hashes its EF.SOD carries (ICAO
 * 9303-11 §5.1, passive authentication step "compare data-group hashes"),
 * plus the signed LDSSecurityObject against the signer's messageDigest.
 * The signature itself is not checked here.
 *
 *   dinhdanh demo [--dir <card dump>] [--backend wasm|node|noble|auto] [--reps <n>]
 *
 * Default card: fixtures/icao/openssl-cccd, a synthetic CCCD. Prints no
 * personal data: data-group numbers, sizes and match marks only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  availableHashBackends,
  digest,
  digestMany,
  type HashAlgorithm,
  type HashBackendChoice,
  hashAlgFromOid,
  hashBackendFor,
} from '@dinhdanh/core/hash';
import { readSodHashes } from './_demo-sod.js';
import type { Command } from './index.js';

const DEFAULT_DIR = fileURLToPath(new URL('../../../../fixtures/icao/openssl-cccd/', import.meta.url));
const LABEL: Readonly<Record<HashAlgorithm, string>> = {
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};
const USAGE =
  'usage: dinhdanh demo [--dir <card dump with EF_SOD.bin, EF_DG<n>.bin>] [--backend <name>] [--reps <n>]';

interface Row {
  readonly object: string;
  readonly bytes: number;
  readonly alg: HashAlgorithm;
  readonly backend: string;
  readonly match: boolean;
  readonly micros: number;
}

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * µs per call: `reps` warm-up calls, then the median of 9 timed runs of
 * `reps` / 9 calls each (a median, because the machine may be shared).
 */
function time(reps: number, fn: () => void): number {
  for (let i = 0; i < reps; i++) fn();
  const per = Math.max(1, Math.round(reps / 9));
  const samples: number[] = [];
  for (let s = 0; s < 9; s++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / per);
  }
  return samples.sort((a, b) => a - b)[4]!;
}

function table(rows: readonly Row[]): string {
  const head = ['object', 'bytes', 'hash', 'backend', 'match', 'µs/call'];
  const cells = rows.map((r) => [
    r.object,
    String(r.bytes),
    LABEL[r.alg],
    r.backend,
    r.match ? '✓' : '✗',
    r.micros.toFixed(2),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const right = new Set([1, 5]);
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (right.has(i) ? x.padStart(width[i]!) : x.padEnd(width[i]!))).join('  ');
  return [line(head), width.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const demo: Command = {
  path: ['demo'],
  summary: 'hash a chip ID card on every backend and check the hashes its EF.SOD carries',
  usage: USAGE,
  async run(argv) {
    let values: { dir?: string; backend?: string; reps?: string };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: { dir: { type: 'string' }, backend: { type: 'string' }, reps: { type: 'string' } },
      }));
    } catch (e) {
      console.error(`${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const dir = values.dir ?? DEFAULT_DIR;
    const reps = Number(values.reps ?? 200);
    if (!Number.isInteger(reps) || reps < 0) {
      console.error(`--reps must be a non-negative integer\n${USAGE}`);
      return 2;
    }
    const sodPath = join(dir, 'EF_SOD.bin');
    if (!existsSync(sodPath)) {
      console.error(`no EF_SOD.bin in ${dir}\n${USAGE}`);
      return 2;
    }
    const sod = readSodHashes(new Uint8Array(readFileSync(sodPath)));
    const dgAlg = hashAlgFromOid(sod.dgHashOid);
    const signerAlg = hashAlgFromOid(sod.signerDigestOid);
    const groups = [...sod.dgHashes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([n, expected]) => {
        const path = join(dir, `EF_DG${n}.bin`);
        return { n, expected, data: existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined };
      });
    const read = groups.filter((g): g is typeof g & { data: Uint8Array } => g.data !== undefined);
    const backends: HashBackendChoice[] =
      values.backend === undefined
        ? [...availableHashBackends(), 'auto']
        : [values.backend as HashBackendChoice];

    const rows: Row[] = [];
    for (const backend of backends) {
      const name = (alg: HashAlgorithm, bytes: number): string =>
        backend === 'auto' ? `auto→${hashBackendFor(alg, bytes)}` : backend;
      for (const g of read) {
        const match = equal(digest(dgAlg, g.data, { backend }), g.expected);
        const micros = time(reps, () => digest(dgAlg, g.data, { backend }));
        rows.push({
          object: `DG${g.n}`,
          bytes: g.data.length,
          alg: dgAlg,
          backend: name(dgAlg, g.data.length),
          match,
          micros,
        });
      }
      const all = read.map((g) => g.data);
      const many = digestMany(dgAlg, all, { backend });
      const bytes = all.reduce((s, d) => s + d.length, 0);
      rows.push({
        object: `DG${read.map((g) => g.n).join('+')} in one digestMany`,
        bytes,
        alg: dgAlg,
        backend: backend === 'auto' ? 'auto' : backend,
        match: many.every((d, i) => equal(d, read[i]!.expected)),
        micros: time(reps, () => digestMany(dgAlg, all, { backend })),
      });
      rows.push({
        object: 'LDSSecurityObject vs messageDigest',
        bytes: sod.eContent.length,
        alg: signerAlg,
        backend: name(signerAlg, sod.eContent.length),
        match: equal(digest(signerAlg, sod.eContent, { backend }), sod.messageDigest),
        micros: time(reps, () => digest(signerAlg, sod.eContent, { backend })),
      });
    }

    const missing = groups.filter((g) => g.data === undefined).map((g) => `DG${g.n}`);
    const failed = rows.filter((r) => !r.match).length;
    console.log('dinhdanh demo: data-group hashes of a chip ID card against its EF.SOD (ICAO 9303-11 §5.1)');
    console.log(`card:     ${dir}`);
    console.log(
      `EF.SOD:   data groups hashed with ${LABEL[dgAlg]} (LDSSecurityObject.hashAlgorithm ${sod.dgHashOid}),` +
        ` signed content with ${LABEL[signerAlg]} (SignerInfo.digestAlgorithm ${sod.signerDigestOid})`,
    );
    if (missing.length > 0) console.log(`not read: ${missing.join(', ')} (listed in the SOD, no file)`);
    console.log(
      `timing:   median µs per call (${reps} warm-up calls, then 9 runs of ${Math.max(1, Math.round(reps / 9))})\n`,
    );
    console.log(table(rows));
    console.log('');
    if (read.length === 0) {
      console.log('verdict: ✗ no data group of the SOD was found next to it');
      return 1;
    }
    if (failed > 0) {
      console.log(
        `verdict: ✗ ${failed} of ${rows.length} hashes do NOT match the EF.SOD: the card data was altered`,
      );
      return 1;
    }
    console.log(
      `verdict: ✓ all ${rows.length} hashes match the EF.SOD on ${backends.join(', ')}: ` +
        `${read.map((g) => `DG${g.n}`).join(', ')} are the data the document signer hashed` +
        ' (the SOD signature itself is checked by passive authentication, not by this demo)',
    );
    return 0;
  },
};
