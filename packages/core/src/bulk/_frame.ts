/**
 * msgpackr frames between the pool and its workers. Cards travel in chunks:
 * many cards are packed into one buffer the frame owns, which is then
 * transferred (not cloned) to a worker, and the chunk's results come back
 * as one transferred frame. The trust store travels once per worker as the
 * raw DER of its anchors and CRLs, from which the worker rebuilds the same
 * store.
 */
import { Packr } from 'msgpackr';
import type { TrustStore, VerificationReport, VerifyPolicy } from '../chip/index.js';
import type { BulkError, CardInput } from './types.js';

// Inputs: plain maps and bins, no record structures.
const packr = new Packr({ useRecords: false, moreTypes: false });
// Results: reports share a few shapes (checks, document), so record structures make them small and
// fast to read. Structures are written into each frame (none are shared between threads).
const resultPackr = new Packr({ moreTypes: false });

/** Copies msgpackr's output (a view into its reused buffer) into an ArrayBuffer of exactly the frame's size. */
function owned(packed: Uint8Array): Uint8Array {
  const out = new Uint8Array(packed.length);
  out.set(packed);
  return out;
}

/** One card of a chunk: [SOD, [DG number, file bytes] pairs, AA exchange, QR string, DSC]. */
export type CardTuple = readonly [
  sod: Uint8Array,
  dataGroups: [number, Uint8Array][],
  aa: { challenge: Uint8Array; signature: Uint8Array } | undefined,
  qr: string | undefined,
  dsc: Uint8Array | undefined,
];

interface ChunkFrame {
  /** Validation time, ms since the epoch. */
  readonly t: number;
  readonly p: VerifyPolicy | undefined;
  readonly c: readonly CardTuple[];
}

export interface UnpackedCard {
  readonly sod: Uint8Array;
  readonly dataGroups: Map<number, Uint8Array>;
  readonly aa: { challenge: Uint8Array; signature: Uint8Array } | undefined;
  readonly qr: string | undefined;
  readonly dsc: Uint8Array | undefined;
}

export interface UnpackedChunk {
  readonly at: Date;
  readonly policy: VerifyPolicy | undefined;
  readonly cards: readonly UnpackedCard[];
}

function groupPairs(dg: CardInput['dataGroups']): [number, Uint8Array][] {
  if (dg instanceof Map) return [...(dg as ReadonlyMap<number, Uint8Array>).entries()];
  return Object.entries(dg as Readonly<Record<string, Uint8Array>>).map(([k, v]) => [Number(k), v]);
}

/** A card's place in a chunk; throws when its data groups are not a map or an object. */
export const cardTuple = (card: CardInput): CardTuple => [
  card.sod,
  groupPairs(card.dataGroups),
  card.aa,
  card.qr,
  card.dsc,
];

/** Packs cards (see cardTuple) with the run's settings; throws when a field cannot be packed. */
export function packChunk(
  cards: readonly CardTuple[],
  at: Date,
  policy: VerifyPolicy | undefined,
): Uint8Array {
  const frame: ChunkFrame = { t: at.getTime(), p: policy, c: cards };
  return owned(packr.pack(frame));
}

export function unpackChunk(bytes: Uint8Array): UnpackedChunk {
  const f = packr.unpack(bytes) as ChunkFrame;
  return {
    at: new Date(f.t),
    policy: f.p ?? undefined,
    cards: f.c.map(([sod, d, aa, qr, dsc]) => ({
      sod,
      dataGroups: new Map(d),
      aa: aa ?? undefined,
      qr: qr ?? undefined,
      dsc: dsc ?? undefined,
    })),
  };
}

/** One card's outcome in a result frame: its report, or the error that kept it from being verified. */
export type CardOutcome =
  | { readonly report: VerificationReport; readonly error?: undefined }
  | { readonly report?: undefined; readonly error: BulkError };

type OutcomeTuple = readonly [0, VerificationReport] | readonly [1, BulkError];

/** A chunk's outcomes, in the chunk's order, as one frame. */
export function packOutcomes(outcomes: readonly CardOutcome[]): Uint8Array {
  const list: OutcomeTuple[] = outcomes.map((o) => (o.report ? [0, o.report] : [1, o.error]));
  return owned(resultPackr.pack(list));
}

export function unpackOutcomes(bytes: Uint8Array): CardOutcome[] {
  const list = resultPackr.unpack(bytes) as OutcomeTuple[];
  return list.map((t) => (t[0] === 0 ? { report: t[1] } : { error: t[1] }));
}

interface TrustFrame {
  readonly anchors: { raw: Uint8Array; source: string }[];
  readonly crls: Uint8Array[];
}

/** The trust store as DER parts, in the order they were added. */
export function packTrust(trust: TrustStore): Uint8Array {
  const frame: TrustFrame = {
    anchors: trust.anchors.map((a) => ({ raw: a.certificate.raw, source: a.source })),
    crls: trust.crls.map((c) => c.raw),
  };
  return owned(packr.pack(frame));
}

/** Rebuilds a trust store into `into` (self-signed anchors are re-verified, as on first load). */
export function unpackTrust<T extends TrustStore>(bytes: Uint8Array, into: T): T {
  const f = packr.unpack(bytes) as TrustFrame;
  for (const a of f.anchors) into.addCertificate(a.raw, a.source);
  for (const c of f.crls) into.addCrl(c, 'crl');
  return into;
}
