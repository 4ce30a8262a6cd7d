/**
 * msgpackr frames between the pool and its workers. A card is packed once
 * into a buffer the frame owns, which is then transferred (not cloned) to a
 * worker; the trust store travels once per worker as the raw DER of its
 * anchors and CRLs, from which the worker rebuilds the same store.
 */
import { Packr } from 'msgpackr';
import type { TrustStore, VerifyPolicy } from '../chip/index.js';
import type { CardInput } from './types.js';

// Plain maps and bins: no shared record structures between threads.
const packr = new Packr({ useRecords: false, moreTypes: false });

/** Packs and copies into an ArrayBuffer of exactly the frame's size (msgpackr reuses its buffer). */
function ownedPack(value: unknown): Uint8Array {
  const packed = packr.pack(value);
  const out = new Uint8Array(packed.length);
  out.set(packed);
  return out;
}

interface CardFrame {
  /** Validation time, ms since the epoch. */
  readonly t: number;
  readonly p: VerifyPolicy | undefined;
  readonly s: Uint8Array;
  /** [DG number, file bytes] pairs. */
  readonly d: [number, Uint8Array][];
  readonly a: { challenge: Uint8Array; signature: Uint8Array } | undefined;
  readonly q: string | undefined;
  readonly c: Uint8Array | undefined;
}

export interface UnpackedCard {
  readonly at: Date;
  readonly policy: VerifyPolicy | undefined;
  readonly sod: Uint8Array;
  readonly dataGroups: Map<number, Uint8Array>;
  readonly aa: { challenge: Uint8Array; signature: Uint8Array } | undefined;
  readonly qr: string | undefined;
  readonly dsc: Uint8Array | undefined;
}

function groupPairs(dg: CardInput['dataGroups']): [number, Uint8Array][] {
  if (dg instanceof Map) return [...(dg as ReadonlyMap<number, Uint8Array>).entries()];
  return Object.entries(dg as Readonly<Record<string, Uint8Array>>).map(([k, v]) => [Number(k), v]);
}

export function packCard(card: CardInput, at: Date, policy: VerifyPolicy | undefined): Uint8Array {
  const frame: CardFrame = {
    t: at.getTime(),
    p: policy,
    s: card.sod,
    d: groupPairs(card.dataGroups),
    a: card.aa,
    q: card.qr,
    c: card.dsc,
  };
  return ownedPack(frame);
}

export function unpackCard(bytes: Uint8Array): UnpackedCard {
  const f = packr.unpack(bytes) as CardFrame;
  return {
    at: new Date(f.t),
    policy: f.p ?? undefined,
    sod: f.s,
    dataGroups: new Map(f.d),
    aa: f.a ?? undefined,
    qr: f.q ?? undefined,
    dsc: f.c ?? undefined,
  };
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
  return ownedPack(frame);
}

/** Rebuilds a trust store into `into` (self-signed anchors are re-verified, as on first load). */
export function unpackTrust<T extends TrustStore>(bytes: Uint8Array, into: T): T {
  const f = packr.unpack(bytes) as TrustFrame;
  for (const a of f.anchors) into.addCertificate(a.raw, a.source);
  for (const c of f.crls) into.addCrl(c, 'crl');
  return into;
}
