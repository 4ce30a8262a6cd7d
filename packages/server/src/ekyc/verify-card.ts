/**
 * One card through the library: decode the request's base64 fields with the
 * card-JSON reader (typed errors naming the path), run verifyDocument, and
 * read the holder from the data groups only when the verdict is `verified`
 * (their hashes, and so their bytes, were proven by passive authentication).
 */
import {
  type CardJson,
  type Dg1,
  type Dg13,
  parseCardJson,
  parseDg1,
  parseDg13,
  singleUseChallenge,
  type TrustStore,
  type VerificationReport,
  verifyDocument,
} from '@dinhdanh/core/chip';
import { holderOf } from './person-view.js';

export interface CardInput {
  readonly sod: string;
  readonly dataGroups: Readonly<Record<string, string>>;
  readonly qr?: string;
}

export interface CardOutcome {
  readonly report: VerificationReport;
  readonly holder: ReturnType<typeof holderOf>;
}

export interface VerifyContext {
  readonly trust: TrustStore;
}

/** The chip's answer to a challenge taken out of the store (single use across nodes), fresh until `expiresAt`. */
export interface AaAnswer {
  readonly challenge: Uint8Array;
  /** Unix milliseconds. */
  readonly expiresAt: number;
  /** Base64 of the chip's signature. */
  readonly signature: string;
}

const DG1 = 1;
const DG13 = 13;

function parsed<T>(bytes: Uint8Array | undefined, parse: (b: Uint8Array) => T): T | undefined {
  if (bytes === undefined) return undefined;
  try {
    return parse(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes a request's card (typed errors naming the path of a bad field). */
export function readCard(
  input: CardInput,
  aa?: { readonly challenge: Uint8Array; readonly signature: string },
): CardJson {
  return parseCardJson({
    version: 1,
    sod: input.sod,
    dataGroups: input.dataGroups,
    ...(input.qr === undefined ? {} : { qr: input.qr }),
    ...(aa === undefined
      ? {}
      : { aa: { challenge: Buffer.from(aa.challenge).toString('base64'), signature: aa.signature } }),
  });
}

/** The holder, read from the data groups only when passive authentication proved them. */
function outcomeOf(report: VerificationReport, card: CardJson): CardOutcome {
  if (report.verdict !== 'verified') return { report, holder: undefined };
  const dg13 = parsed<Dg13>(card.dataGroups.get(DG13), parseDg13);
  // The MRZ is read only when DG13 does not state the holder (holderOf prefers DG13).
  const dg1 = dg13 === undefined ? parsed<Dg1>(card.dataGroups.get(DG1), parseDg1) : undefined;
  return { report, holder: holderOf(dg13, dg1) };
}

export function verifyCard(ctx: VerifyContext, input: CardInput, aa?: AaAnswer): CardOutcome {
  return verifyDecoded(ctx.trust, readCard(input, aa), undefined, aa);
}

/** verifyDocument over a decoded card at `at` (default: now), then its holder. */
export function verifyDecoded(trust: TrustStore, card: CardJson, at?: Date, aa?: AaAnswer): CardOutcome {
  const report = verifyDocument({
    sod: card.sod,
    dataGroups: card.dataGroups,
    trust,
    ...(at === undefined ? {} : { at }),
    ...(card.aa === undefined || aa === undefined
      ? {}
      : { aa: card.aa, challenges: singleUseChallenge(aa.challenge, aa.expiresAt) }),
    ...(card.qr === undefined ? {} : { qr: card.qr }),
  });
  return outcomeOf(report, card);
}
