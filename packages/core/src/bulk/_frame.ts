/**
 * Frames between the pool and its workers. Cards travel in chunks: one
 * ArrayBuffer per task holds a small msgpackr header (per card: the lengths
 * of its SOD and data groups, its AA exchange, QR string and DSC) followed by
 * the SOD and data-group bytes, each copied once; it is transferred (not
 * cloned) to a worker. The worker writes the chunk's outcomes as one frame
 * (_tree-codec) into the same buffer and transfers it back, and the pool reuses it
 * for a later chunk, so steady streaming allocates no new large buffers.
 * The trust store travels once per worker as the raw DER of its anchors and
 * CRLs, from which the worker rebuilds the same store.
 */
import { Packr } from 'msgpackr';
import type { TrustStore, VerificationReport, VerifyPolicy } from '../chip/index.js';
import { TreeReader, TreeWriter } from './_tree-codec.js';
import type { BulkError, CardInput } from './types.js';

// Headers: plain maps and bins, no record structures.
const packr = new Packr({ useRecords: false, moreTypes: false });
// Outcomes: one writer per thread, its buffer reused for every chunk.
const outcomeWriter = new TreeWriter();

/** Copies msgpackr's output (a view into its reused buffer) into an ArrayBuffer of exactly the frame's size. */
function owned(packed: Uint8Array): Uint8Array {
  const out = new Uint8Array(packed.length);
  out.set(packed);
  return out;
}

/** One card of a chunk: its SOD, [DG number, file bytes] pairs, AA exchange, QR string and DSC. */
export interface CardParts {
  readonly sod: Uint8Array;
  readonly dataGroups: readonly (readonly [number, Uint8Array])[];
  readonly aa: { readonly challenge: Uint8Array; readonly signature: Uint8Array } | undefined;
  readonly qr: string | undefined;
  readonly dsc: Uint8Array | undefined;
}

/** A card in the header: [SOD length, [DG number, length] pairs, AA, QR, DSC]; the bytes follow the header. */
type CardHead = readonly [
  number,
  (readonly [number, number])[],
  CardParts['aa'] | undefined,
  string | undefined,
  Uint8Array | undefined,
];

interface ChunkHead {
  /** Validation time, ms since the epoch. */
  readonly t: number;
  readonly p: VerifyPolicy | undefined;
  /** A card whose SOD or a data-group file is not bytes travels whole in the header: [parts]. */
  readonly c: readonly (CardHead | readonly [CardParts])[];
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

/** Bytes before the header and before an outcome frame: a little-endian uint32 length. */
const LEN = 4;

function groupPairs(dg: CardInput['dataGroups']): [number, Uint8Array][] {
  if (dg instanceof Map) return [...(dg as ReadonlyMap<number, Uint8Array>).entries()];
  return Object.entries(dg as Readonly<Record<string, Uint8Array>>).map(([k, v]) => [Number(k), v]);
}

const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array;

/** A card's parts; throws when its data groups are not a map or an object. */
export const cardParts = (card: CardInput): CardParts => ({
  sod: card.sod,
  dataGroups: groupPairs(card.dataGroups),
  aa: card.aa,
  qr: card.qr,
  dsc: card.dsc,
});

/**
 * Packs cards with the run's settings into `take(size)`'s buffer (a recycled one or a new one of
 * at least `size` bytes); throws when a field cannot be packed. A SOD or data-group file that is
 * not bytes travels inside the header, so the worker gives the same argument error verifyDocument
 * gives for it.
 */
export function packChunk(
  cards: readonly CardParts[],
  at: Date,
  policy: VerifyPolicy | undefined,
  take: (size: number) => ArrayBuffer,
): ArrayBuffer {
  let body = 0;
  const heads = cards.map((c): CardHead | readonly [CardParts] => {
    if (!isBytes(c.sod) || !c.dataGroups.every(([, v]) => isBytes(v))) return [c];
    body += c.sod.length;
    for (const [, v] of c.dataGroups) body += v.length;
    return [c.sod.length, c.dataGroups.map(([n, v]) => [n, v.length] as const), c.aa, c.qr, c.dsc];
  });
  const chunkHead: ChunkHead = { t: at.getTime(), p: policy, c: heads };
  const head = packr.pack(chunkHead);
  const size = LEN + head.length + body;
  const buf = take(size);
  const bytes = new Uint8Array(buf, 0, size);
  new DataView(buf).setUint32(0, head.length, true);
  bytes.set(head, LEN);
  let o = LEN + head.length;
  cards.forEach((c, i) => {
    if (heads[i]!.length === 1) return;
    bytes.set(c.sod, o);
    o += c.sod.length;
    for (const [, v] of c.dataGroups) {
      bytes.set(v, o);
      o += v.length;
    }
  });
  return buf;
}

export function unpackChunk(buf: ArrayBuffer): UnpackedChunk {
  const headLen = new DataView(buf).getUint32(0, true);
  const f = packr.unpack(new Uint8Array(buf, LEN, headLen)) as ChunkHead;
  let o = LEN + headLen;
  const view = (n: number): Uint8Array => {
    const v = new Uint8Array(buf, o, n);
    o += n;
    return v;
  };
  return {
    at: new Date(f.t),
    policy: f.p ?? undefined,
    cards: f.c.map((h): UnpackedCard => {
      if (h.length === 1) {
        const c = h[0] as CardParts;
        return {
          sod: c.sod,
          dataGroups: new Map(c.dataGroups),
          aa: c.aa ?? undefined,
          qr: c.qr ?? undefined,
          dsc: c.dsc ?? undefined,
        };
      }
      const [sodLen, groups, aa, qr, dsc] = h;
      const sod = view(sodLen);
      return {
        sod,
        dataGroups: new Map(groups.map(([n, len]) => [n, view(len)])),
        aa: aa ?? undefined,
        qr: qr ?? undefined,
        dsc: dsc ?? undefined,
      };
    }),
  };
}

/** One card's outcome in a result frame: its report, or the error that kept it from being verified. */
export type CardOutcome =
  | { readonly report: VerificationReport; readonly error?: undefined }
  | { readonly report?: undefined; readonly error: BulkError };

/** Stands in for an outcome that cannot be written (a report with a value that is not JSON-like). */
const UNWRITABLE: BulkError = { code: 'DD_BULK_VERIFY_FAILED', message: 'verification failed unexpectedly' };

/**
 * A chunk's `count` outcomes, in the chunk's order, as one frame (_tree-codec: each check code,
 * reason and key list written once per chunk) written into `buf` (the chunk's own buffer, handed
 * back for reuse) or into a new buffer when they do not fit. Each outcome is a tag (0 report,
 * 1 error) and its tree. `outcome(i)` is called in order and its result written at once, so a
 * report is garbage as soon as the next card starts, not kept until the chunk ends.
 */
export function packOutcomes(
  count: number,
  outcome: (i: number) => CardOutcome,
  buf: ArrayBuffer,
): ArrayBuffer {
  const w = outcomeWriter;
  w.begin();
  for (let i = 0; i < count; i++) {
    const o = outcome(i);
    const mark = w.mark();
    try {
      w.write(o.report ? 0 : 1);
      w.write(o.report ?? o.error);
    } catch {
      w.rewind(mark);
      w.write(1);
      w.write(UNWRITABLE);
    }
  }
  const packed = w.bytes();
  const out = buf.byteLength >= LEN + packed.length ? buf : new ArrayBuffer(LEN + packed.length);
  new DataView(out).setUint32(0, count, true);
  new Uint8Array(out, LEN, packed.length).set(packed);
  return out;
}

export function unpackOutcomes(buf: ArrayBuffer): CardOutcome[] {
  const n = new DataView(buf).getUint32(0, true);
  const r = new TreeReader(new Uint8Array(buf, LEN));
  const list: CardOutcome[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const isReport = r.read() === 0;
    const t = r.read();
    list[i] = isReport ? { report: t as VerificationReport } : { error: t as BulkError };
  }
  return list;
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
