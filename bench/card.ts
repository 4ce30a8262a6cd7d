/**
 * `pnpm bench card`: chip-data parsing and single-card passive authentication.
 *
 * 1. Parsing an EF.SOD with its DSC: `parseSod` against pkijs (asn1js BER
 *    decode → ContentInfo → SignedData with its Certificate → the
 *    LDSSecurityObject decoded by asn1js), on the BSI reference SOD
 *    (RSA-PSS DSC), the openssl-cccd SOD (brainpool, explicit parameters)
 *    and a generated one (brainpoolP384r1 DSC).
 * 2. One card's passive authentication (brainpoolP384r1 DSC under a
 *    brainpoolP512r1 CSCA, DG1 + DG2 + DG13 + DG14 + DG15 ≈ 25 KB), split
 *    into parse / hash / signature / chain, against the same steps built on
 *    node:crypto + pkijs, plus the whole `verifyDocument` call.
 *
 * Same process, warmed up, interleaved: ROUNDS rounds, each running every
 * task of a group once for TASK_MS; the median round counts.
 * DINHDANH_BENCH_FULL=1: more and longer rounds for a quiet machine.
 */
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSod, TrustStore, verifyDocument } from '@dinhdanh/core/chip';
import { digest } from '@dinhdanh/core/hash';
import { prepareKey, verifySignature } from '@dinhdanh/core/sig';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { Bench } from 'tinybench';
import { makeSod, testPki, tlv } from '../packages/core/test/chip/_pki.js';

const FULL = process.env.DINHDANH_BENCH_FULL === '1';
const ROUNDS = FULL ? 9 : 5;
const TASK_MS = FULL ? 300 : 80;
const here = dirname(fileURLToPath(import.meta.url));
const fixture = (p: string) => new Uint8Array(readFileSync(join(here, '..', 'fixtures', 'icao', p)));

let sink = 0;
const keep = (x: unknown): void => {
  sink ^= x ? 1 : 0;
};

/** Runs every task once per round for TASK_MS; returns the median mean latency (µs) per task. */
async function measure(tasks: Record<string, () => void>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (const f of Object.values(tasks)) for (let i = 0; i < 20; i++) f(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, f] of Object.entries(tasks)) {
      const b = new Bench({ time: TASK_MS, warmupTime: 10 });
      b.add(name, f);
      await b.run();
      const res = b.tasks[0]!.result;
      if (res.state !== 'completed') throw new Error(`${name}: ${res.state}`);
      samples[name]!.push(res.latency.mean * 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

// ---- pkijs / node:crypto peer pipeline --------------------------------------------------

interface PeerSod {
  signedData: pkijs.SignedData;
  ldsHashes: Map<number, Uint8Array>;
  eContent: Uint8Array;
  cert: pkijs.Certificate;
}

function pkijsParseSod(buf: Uint8Array): PeerSod {
  const outer = asn1js.fromBER(buf);
  if (outer.offset === -1) throw new Error('asn1js: bad SOD');
  const wrapped = (outer.result as asn1js.Constructed).valueBlock.value[0]!;
  const ci = new pkijs.ContentInfo({ schema: wrapped });
  const signedData = new pkijs.SignedData({ schema: ci.content });
  const eContent = new Uint8Array(signedData.encapContentInfo.eContent!.getValue());
  const lds = asn1js.fromBER(eContent);
  const items = (lds.result as asn1js.Sequence).valueBlock.value;
  const ldsHashes = new Map<number, Uint8Array>();
  for (const e of (items[2] as asn1js.Sequence).valueBlock.value) {
    const [n, h] = (e as asn1js.Sequence).valueBlock.value as [asn1js.Integer, asn1js.OctetString];
    ldsHashes.set(n.valueBlock.valueDec, new Uint8Array(h.getValue()));
  }
  return { signedData, ldsHashes, eContent, cert: signedData.certificates![0] as pkijs.Certificate };
}

const NODE_HASH: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const NODE_SIG_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

function peerHash(p: PeerSod, groups: Map<number, Uint8Array>): boolean {
  let ok = true;
  for (const [n, b] of groups) {
    const d = createHash('sha256').update(b).digest();
    ok &&= Buffer.compare(d, p.ldsHashes.get(n)!) === 0;
  }
  const si = p.signedData.signerInfos[0]!;
  const md = si.signedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.4')!;
  const mdv = new Uint8Array((md.values[0] as asn1js.OctetString).getValue());
  const h = NODE_HASH[si.digestAlgorithm.algorithmId]!;
  return ok && Buffer.compare(createHash(h).update(p.eContent).digest(), mdv) === 0;
}

function peerSignature(p: PeerSod): boolean {
  const si = p.signedData.signerInfos[0]!;
  const data = new Uint8Array(si.signedAttrs!.encodedValue).slice();
  data[0] = 0x31;
  const key = createPublicKey({
    key: Buffer.from(p.cert.subjectPublicKeyInfo.toSchema().toBER(false)),
    format: 'der',
    type: 'spki',
  });
  return nodeVerify(
    NODE_SIG_HASH[si.signatureAlgorithm.algorithmId]!,
    data,
    key,
    new Uint8Array(si.signature.getValue()),
  );
}

function peerChain(p: PeerSod, csca: pkijs.Certificate): boolean {
  const key = createPublicKey({
    key: Buffer.from(csca.subjectPublicKeyInfo.toSchema().toBER(false)),
    format: 'der',
    type: 'spki',
  });
  const sig = new Uint8Array(p.cert.signatureValue.valueBlock.valueHexView);
  return nodeVerify(NODE_SIG_HASH[p.cert.signatureAlgorithm.algorithmId]!, p.cert.tbsView, key, sig);
}

// ---- inputs ---------------------------------------------------------------------------------

const pki = testPki('brainpoolP384r1', 'brainpoolP512r1');
const groups = new Map<number, Uint8Array>([
  [1, fixture('openssl-cccd/EF_DG1.bin')],
  [2, tlv(0x75, new Uint8Array(24_000).fill(0x5a))],
  [13, fixture('openssl-cccd/EF_DG13.bin')],
  [14, fixture('openssl-cccd/EF_DG14.bin')],
  [15, fixture('openssl-cccd/EF_DG15.bin')],
]);
const dgBytes = [...groups.values()].reduce((n, b) => n + b.length, 0);
const cardSod = makeSod({
  dataGroups: groups,
  dsc: pki.dsc,
  dscKey: pki.dscKey,
  dscIssuer: pki.cscaName,
  dscSerial: pki.dscSpec.serial,
});
const trust = new TrustStore();
trust.add(pki.csca, 'bench CSCA');

const sods: [string, Uint8Array][] = [
  ['BSI reference SOD (RSA-PSS DSC)', fixture('bsi-tr03105-5/EF_SOD.bin')],
  ['openssl-cccd SOD (brainpoolP384r1 explicit DSC)', fixture('openssl-cccd/EF_SOD.bin')],
  ['generated SOD (brainpoolP384r1 DSC)', cardSod],
];

// ---- 1. parse ---------------------------------------------------------------------------------

interface Row {
  group: string;
  task: string;
  us: number;
  ratio?: string;
}
const rows: Row[] = [];
const parseRatios: Record<string, number> = {};
for (const [name, sod] of sods) {
  const r = await measure({
    'dinhdanh parseSod': () => keep(parseSod(sod).lds.dataGroupHashes.size),
    'pkijs (asn1js + ContentInfo + SignedData + LDS)': () => keep(pkijsParseSod(sod).ldsHashes.size),
  });
  const ours = r['dinhdanh parseSod']!;
  const peer = r['pkijs (asn1js + ContentInfo + SignedData + LDS)']!;
  parseRatios[name] = peer / ours;
  rows.push({
    group: `parse: ${name} (${sod.length} B)`,
    task: 'dinhdanh parseSod',
    us: ours,
    ratio: `${(peer / ours).toFixed(1)}× faster`,
  });
  rows.push({
    group: `parse: ${name} (${sod.length} B)`,
    task: 'pkijs (asn1js + ContentInfo + SignedData + LDS)',
    us: peer,
  });
}

// ---- 2. single-card PA breakdown ------------------------------------------------------------

const sodParsed = parseSod(cardSod);
const si = sodParsed.signedData.signerInfos[0]!;
const dsc = sodParsed.signedData.certificates[0]!;
const csca = trust.anchors[0]!.certificate;
const signedAttrs = si.signedAttrsRaw!.slice();
signedAttrs[0] = 0x31;
const dscKey = prepareKey(dsc.spki.raw);
const cscaKey = prepareKey(csca.spki.raw);
const peerParsed = pkijsParseSod(cardSod);
const peerCsca = new pkijs.Certificate({ schema: asn1js.fromBER(pki.csca).result });

const oursSteps = {
  parse: () => keep(parseSod(cardSod)),
  hash: () => {
    let ok = true;
    for (const [n, b] of groups)
      ok &&= Buffer.compare(digest('sha256', b), sodParsed.lds.dataGroupHashes.get(n)!) === 0;
    keep(ok && digest('sha256', sodParsed.signedData.eContent!).length);
  },
  signature: () =>
    keep(
      verifySignature({
        scheme: 'ecdsa',
        hash: 'sha384',
        key: dscKey,
        message: signedAttrs,
        signature: si.signature,
      }),
    ),
  chain: () =>
    keep(
      verifySignature({
        scheme: 'ecdsa',
        hash: 'sha512',
        key: cscaKey,
        message: dsc.tbs,
        signature: dsc.signature,
      }),
    ),
};
const peerSteps = {
  parse: () => keep(pkijsParseSod(cardSod)),
  hash: () => keep(peerHash(peerParsed, groups)),
  signature: () => keep(peerSignature(peerParsed)),
  chain: () => keep(peerChain(peerParsed, peerCsca)),
};
// Sanity: every step answers "valid" on the intact card.
if (!peerHash(peerParsed, groups) || !peerSignature(peerParsed) || !peerChain(peerParsed, peerCsca))
  throw new Error('peer pipeline rejects the card');
const whole = verifyDocument({ sod: cardSod, dataGroups: groups, trust, policy: { cccdChecks: 'never' } });
if (whole.verdict !== 'verified') throw new Error('verifyDocument rejects the bench card');

const stepTasks: Record<string, () => void> = {};
for (const k of Object.keys(oursSteps) as (keyof typeof oursSteps)[]) {
  stepTasks[`dinhdanh ${k}`] = oursSteps[k];
  stepTasks[`node:crypto+pkijs ${k}`] = peerSteps[k];
}
stepTasks['dinhdanh verifyDocument (whole report)'] = () =>
  keep(verifyDocument({ sod: cardSod, dataGroups: groups, trust, policy: { cccdChecks: 'never' } }).verdict);
stepTasks['node:crypto+pkijs whole pipeline'] = () => {
  const p = pkijsParseSod(cardSod);
  keep(peerHash(p, groups) && peerSignature(p) && peerChain(p, peerCsca));
};
const steps = await measure(stepTasks);
const breakdown: Record<string, { dinhdanh: number; peer: number; ratio: number }> = {};
for (const k of Object.keys(oursSteps)) {
  const a = steps[`dinhdanh ${k}`]!;
  const b = steps[`node:crypto+pkijs ${k}`]!;
  breakdown[k] = { dinhdanh: a, peer: b, ratio: b / a };
  rows.push({ group: `PA step: ${k}`, task: 'dinhdanh', us: a, ratio: `${(b / a).toFixed(2)}×` });
  rows.push({ group: `PA step: ${k}`, task: 'node:crypto + pkijs', us: b });
}
const wa = steps['dinhdanh verifyDocument (whole report)']!;
const wb = steps['node:crypto+pkijs whole pipeline']!;
rows.push({
  group: 'PA whole card',
  task: 'dinhdanh verifyDocument (all checks, report)',
  us: wa,
  ratio: `${(wb / wa).toFixed(2)}×`,
});
rows.push({ group: 'PA whole card', task: 'node:crypto + pkijs (parse, hash, signature, chain)', us: wb });

// ---- output ---------------------------------------------------------------------------------

const env = {
  node: process.version,
  platform: `${platform()} ${release()}`,
  cpu: cpus()[0]?.model,
  cpus: cpus().length,
  loadavg: loadavg(),
  full: FULL,
  rounds: ROUNDS,
  taskMs: TASK_MS,
  cardDataGroupBytes: dgBytes,
};
const md = [
  '# bench card',
  '',
  `Command: \`npx -y pnpm@12.4.2 bench card\`${FULL ? ' (DINHDANH_BENCH_FULL=1)' : ''}. Node ${env.node}, ${env.cpus}× ${env.cpu}, load average ${env.loadavg.map((x) => x.toFixed(2)).join(' ')}.`,
  `Median of ${ROUNDS} interleaved rounds; µs per operation (lower is better). Card: brainpoolP384r1 DSC, brainpoolP512r1 CSCA, ${dgBytes} B of data groups.`,
  '',
  '| group | task | µs/op | vs peer |',
  '|---|---|---:|---:|',
  ...rows.map((r) => `| ${r.group} | ${r.task} | ${r.us.toFixed(1)} | ${r.ratio ?? ''} |`),
  '',
  `Target "SOD + DSC parse ≥ 10× pkijs": ${Object.entries(parseRatios)
    .map(([k, v]) => `${k}: ${v.toFixed(1)}× ${v >= 10 ? '(met)' : '(missed)'}`)
    .join('; ')}.`,
  '',
];
console.log(md.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'card.md'), md.join('\n'));
writeFileSync(
  join(here, 'results', 'card.json'),
  `${JSON.stringify({ env, parseRatios, breakdown, whole: { dinhdanh: wa, peer: wb }, rows }, null, 2)}\n`,
);
if (sink === 42) console.log('');
