/**
 * `pnpm bench sig`: signature verifications per second in one process —
 * our wasm kernel (cold: SPKI parsed per call; prepared: prepareKey handle
 * with per-key tables) against node:crypto (prebuilt KeyObject, sync
 * crypto.verify), @noble/curves ({ format: 'der', lowS: false }, message
 * prehashed by noble with the curve's hash) and WebCrypto where it supports
 * the algorithm. Peers run interleaved in rounds; each figure is the median
 * over rounds. Writes bench/results/sig.{json,md} and regenerates the 'auto'
 * routing table packages/core/src/sig/_routing.ts from the measurements.
 *
 *   DINHDANH_BENCH_FULL=1 pnpm bench sig   longer rounds (default run ≤ 3 min)
 */
import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
  webcrypto,
} from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HashName, prepareKey, type VerifyRequest, verifySignature } from '@dinhdanh/core/sig';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { Bench } from 'tinybench';

const here = dirname(fileURLToPath(import.meta.url));
const full = process.env.DINHDANH_BENCH_FULL === '1';
const ROUNDS = full ? 5 : 3;
const TIME_MS = full ? 600 : 150;
const message = new TextEncoder().encode(
  'CCCD document security object: signed attributes, typically ~100 bytes long.',
);

type Impl = 'node' | 'noble' | 'webcrypto' | 'wasm-cold' | 'wasm-prepared';
interface Case {
  readonly name: string;
  readonly routingKey: string;
  readonly tasks: Partial<Record<Impl, () => unknown>>;
}

const subtle = webcrypto.subtle;
const WC_HASH: Record<HashName, string> = {
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

async function ecCase(
  label: string,
  nodeCurve: string,
  hash: HashName,
  noble: typeof p256,
  webcryptoCurve?: string,
): Promise<Case> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: nodeCurve });
  const spki = Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' }));
  const der = Uint8Array.from(sign(hash, message, privateKey));
  const p1363 = Uint8Array.from(sign(hash, message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const key = prepareKey(spki);
  const req = { scheme: 'ecdsa', hash, message, signature: der } as const;
  // A named-curve SPKI ends with the uncompressed point 04‖X‖Y.
  const fieldBytes = Math.ceil(Number.parseInt(/\d+/.exec(label)![0], 10) / 8);
  const raw = spki.subarray(spki.length - (2 * fieldBytes + 1));
  const tasks: Case['tasks'] = {
    node: () => check(verify(hash, message, publicKey, der)),
    'wasm-cold': () => check(verifySignature({ ...req, spki, backend: 'wasm' })),
    'wasm-prepared': () => check(verifySignature({ ...req, key, backend: 'wasm' })),
  };
  tasks.noble = () => check(noble.verify(der, message, raw, { format: 'der', lowS: false }));
  if (webcryptoCurve) {
    const wk = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: webcryptoCurve }, false, [
      'verify',
    ]);
    tasks.webcrypto = async () =>
      check(await subtle.verify({ name: 'ECDSA', hash: WC_HASH[hash] }, wk, p1363, message));
  }
  return { name: `ECDSA ${label}/${hash.toUpperCase()}`, routingKey: `ecdsa:${label}`, tasks };
}

async function rsaCase(bits: number, pss: boolean): Promise<Case> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const spki = Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' }));
  const padding = pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
  const signature = Uint8Array.from(sign('sha256', message, { key: privateKey, padding, saltLength: 32 }));
  const key = prepareKey(spki);
  const req: VerifyRequest = pss
    ? { scheme: 'rsa-pss', hash: 'sha256', message, signature, pss: { saltLength: 32 } }
    : { scheme: 'rsa-pkcs1', hash: 'sha256', message, signature };
  const ko: KeyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const alg = pss ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const wk = await subtle.importKey('spki', spki, alg, false, ['verify']);
  const wcAlg = pss ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5' };
  const scheme = pss ? 'rsa-pss' : 'rsa-pkcs1';
  return {
    name: `RSA-${bits} ${pss ? 'PSS' : 'PKCS#1 v1.5'}/SHA-256`,
    routingKey: `${scheme}:${bits}`,
    tasks: {
      node: () => check(verify('sha256', message, { key: ko, padding, saltLength: 32 }, signature)),
      webcrypto: async () => check(await subtle.verify(wcAlg, wk, signature, message)),
      'wasm-cold': () => check(verifySignature({ ...req, spki, backend: 'wasm' })),
      'wasm-prepared': () => check(verifySignature({ ...req, key, backend: 'wasm' })),
    },
  };
}

function check(ok: boolean): void {
  if (!ok) throw new Error('benchmark signature did not verify');
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const loadBefore = loadavg();
const cases: Case[] = [
  await ecCase('P-256', 'prime256v1', 'sha256', p256, 'P-256'),
  await ecCase('P-384', 'secp384r1', 'sha384', p384, 'P-384'),
  await ecCase('P-521', 'secp521r1', 'sha512', p521, 'P-521'),
  await ecCase('brainpoolP256r1', 'brainpoolP256r1', 'sha256', brainpoolP256r1),
  await ecCase('brainpoolP384r1', 'brainpoolP384r1', 'sha384', brainpoolP384r1),
  await ecCase('brainpoolP512r1', 'brainpoolP512r1', 'sha512', brainpoolP512r1),
  await rsaCase(2048, false),
  await rsaCase(3072, false),
  await rsaCase(4096, false),
  await rsaCase(2048, true),
  await rsaCase(3072, true),
  await rsaCase(4096, true),
];

const IMPLS: Impl[] = ['node', 'noble', 'webcrypto', 'wasm-cold', 'wasm-prepared'];
const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const bench = new Bench({ time: TIME_MS, warmupTime: 30, warmupIterations: 3 });
    // Rotate the order each round so no implementation always runs first.
    const order = IMPLS.filter((i) => c.tasks[i]);
    for (let k = 0; k < order.length; k++) {
      const impl = order[(k + round) % order.length]!;
      bench.add(impl, c.tasks[impl]!);
    }
    await bench.run();
    for (const t of bench.tasks) {
      const r = t.result as { throughput?: { mean: number }; state?: string; error?: unknown };
      if (r.error) throw r.error;
      const key = `${c.name}|${t.name}`;
      samples.set(key, [...(samples.get(key) ?? []), r.throughput?.mean ?? 0]);
    }
  }
}

interface Row {
  readonly algorithm: string;
  readonly routingKey: string;
  readonly opsPerSec: Partial<Record<Impl, number>>;
}
const rows: Row[] = cases.map((c) => ({
  algorithm: c.name,
  routingKey: c.routingKey,
  opsPerSec: Object.fromEntries(
    IMPLS.filter((i) => c.tasks[i]).map((i) => [i, Math.round(median(samples.get(`${c.name}|${i}`)!))]),
  ),
}));

const ratio = (r: Row, a: Impl, b: Impl): number | undefined => {
  const x = r.opsPerSec[a];
  const y = r.opsPerSec[b];
  return x !== undefined && y ? x / y : undefined;
};
const row = (k: string) => rows.find((r) => r.routingKey === k)!;
const TARGETS: { name: string; key: string; a: Impl; b: Impl; min: number }[] = [
  ...['brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1', 'P-384'].map((c) => ({
    name: `${c} prepared vs node`,
    key: `ecdsa:${c}`,
    a: 'wasm-prepared' as Impl,
    b: 'node' as Impl,
    min: 3,
  })),
  { name: 'P-256 prepared vs node', key: 'ecdsa:P-256', a: 'wasm-prepared', b: 'node', min: 0.7 },
  ...['brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1', 'P-384'].map((c) => ({
    name: `${c} cold vs node`,
    key: `ecdsa:${c}`,
    a: 'wasm-cold' as Impl,
    b: 'node' as Impl,
    min: 1,
  })),
  ...['P-256', 'P-384', 'P-521', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'].map((c) => ({
    name: `${c} prepared vs noble`,
    key: `ecdsa:${c}`,
    a: 'wasm-prepared' as Impl,
    b: 'noble' as Impl,
    min: 20,
  })),
  { name: 'RSA-2048 PKCS#1 vs node', key: 'rsa-pkcs1:2048', a: 'wasm-prepared', b: 'node', min: 0.4 },
  { name: 'RSA-4096 PKCS#1 vs node', key: 'rsa-pkcs1:4096', a: 'wasm-prepared', b: 'node', min: 0.4 },
];
const targets = TARGETS.map((t) => {
  const v = ratio(row(t.key), t.a, t.b)!;
  return { target: t.name, ratio: Number(v.toFixed(2)), min: t.min, met: v >= t.min };
});

// 'auto' routing: per algorithm and key state, the faster of wasm and node as measured here.
const routing: Record<string, 'wasm' | 'node'> = {};
for (const r of rows) {
  for (const state of ['cold', 'prepared'] as const) {
    const ours = r.opsPerSec[`wasm-${state}`] ?? 0;
    routing[`${r.routingKey}:${state}`] = ours >= (r.opsPerSec.node ?? 0) ? 'wasm' : 'node';
  }
}

const fmt = (x: number | undefined) => (x === undefined ? '—' : x.toLocaleString('en-US'));
const fr = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(2)}×`);
const md = [
  '| algorithm | node:crypto | @noble/curves | WebCrypto | ours cold | ours prepared | prepared / node | cold / node | prepared / noble |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.algorithm} | ${fmt(r.opsPerSec.node)} | ${fmt(r.opsPerSec.noble)} | ${fmt(r.opsPerSec.webcrypto)} | ${fmt(r.opsPerSec['wasm-cold'])} | ${fmt(r.opsPerSec['wasm-prepared'])} | ${fr(ratio(r, 'wasm-prepared', 'node'))} | ${fr(ratio(r, 'wasm-cold', 'node'))} | ${fr(ratio(r, 'wasm-prepared', 'noble'))} |`,
  ),
  '',
  '| target | measured | required | met |',
  '|---|---:|---:|:---:|',
  ...targets.map((t) => `| ${t.target} | ${t.ratio}× | ≥ ${t.min}× | ${t.met ? 'yes' : 'no'} |`),
].join('\n');

const loadAfter = loadavg();
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadavgBefore: loadBefore,
  loadavgAfter: loadAfter,
  rounds: ROUNDS,
  timePerTaskMs: TIME_MS,
  unit: 'verifications per second (median of rounds)',
};
const header = `Verifications/s, ${meta.node}, ${meta.cpu} (${meta.cores} cores), load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${loadAfter.map((x) => x.toFixed(2)).join(' ')}, ${ROUNDS} rounds × ${TIME_MS} ms.`;
console.log(`${header}\n\n${md}`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'sig.json'),
  `${JSON.stringify({ ...meta, rows, targets, routing }, null, 2)}\n`,
);
writeFileSync(
  join(here, 'results', 'sig.md'),
  `${header}\nCommand: \`${full ? 'DINHDANH_BENCH_FULL=1 ' : ''}npx -y pnpm@12.4.2 bench sig\`\n\n${md}\n`,
);
writeFileSync(
  join(here, '..', 'packages', 'core', 'src', 'sig', '_routing.ts'),
  [
    '// Generated by bench/sig.ts from the measurements in bench/results/sig.json — do not edit.',
    "// For 'auto': the faster backend per algorithm and key state (cold SPKI or prepared handle).",
    "export const ROUTING: Readonly<Record<string, 'wasm' | 'node'>> = {",
    ...Object.entries(routing).map(([k, v]) => `  '${k}': '${v}',`),
    '};',
    '',
  ].join('\n'),
);
