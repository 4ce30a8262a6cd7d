/**
 * One card of a batch, from request fields to what the route needs: the
 * card's result already written as the response schema writes it, and for a
 * verified or rejected card the record to store (masked report as JSON) and
 * its metric labels. It runs on the batch pool's worker threads, so decoding,
 * verification, holder parsing, masking and serialisation all stay off the
 * event loop; without a pool the route calls it in-process.
 */
import type { TrustStore } from '@dinhdanh/core/chip';
import { type CardJson, verifyDocument } from '@dinhdanh/core/chip';
import { isDinhdanhError } from '@dinhdanh/core/errors';
import fastJson from 'fast-json-stringify';
import { errorSchema } from '../schemas/common.js';
import { batchResultSchema, personSchema, verificationSchema } from '../schemas/ekyc.js';
import { outcomeLabels, reportViews } from './report-views.js';
import { outcomeOf, readCard } from './verify-card.js';

/** A card as the batch body holds it: base64 strings (JSON) or raw bytes (msgpack `bin`). */
export interface BatchCardInput {
  readonly sod: string | Uint8Array;
  readonly dataGroups: Readonly<Record<string, string | Uint8Array>>;
  readonly qr?: string;
}

/** What is stored and counted for a verified or rejected card. */
export interface BatchRecord {
  readonly id: string;
  readonly createdAt: string;
  /** The masked report as JSON, stored as is. */
  readonly reportJson: string;
  readonly verdict: 'verified' | 'rejected';
  readonly check: string;
  readonly reason: string;
}

export interface BatchItem {
  /** `{"index":…,"verification":…}` or `{"index":…,"error":…}`, as the route's response schema serialises it. */
  readonly json: string;
  /** Absent when the card was refused (an error result). */
  readonly record?: BatchRecord;
}

// The same serialiser Fastify compiles for the route's response (fast-json-stringify over the
// route schema with the shared schemas by $id), for one element of `results`.
// The schemas are `as const` (readonly arrays), which the builder's types do not accept.
const schema = (s: object): fastJson.Schema => s as fastJson.Schema;
const itemJson = fastJson(schema(batchResultSchema.properties.results.items), {
  schema: {
    Verification: schema(verificationSchema),
    Person: schema(personSchema),
    Error: schema(errorSchema),
  },
}) as (item: object) => string;

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const asBase64 = (v: string | Uint8Array): string =>
  isBytes(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v;

/**
 * Raw bytes need no decoding; a card given wholly as bytes is taken as it is. Any base64 field goes
 * through the card-JSON reader (typed errors naming the path), as a card given wholly as base64 does.
 */
function cardOf(input: BatchCardInput): CardJson {
  const groups = Object.entries(input.dataGroups);
  if (!isBytes(input.sod) || !groups.every(([, v]) => isBytes(v)))
    return readCard({
      sod: asBase64(input.sod),
      dataGroups: Object.fromEntries(groups.map(([k, v]) => [k, asBase64(v)])),
      ...(input.qr === undefined ? {} : { qr: input.qr }),
    });
  return {
    version: 1,
    id: undefined,
    label: undefined,
    expect: undefined,
    com: undefined,
    sod: input.sod,
    dataGroups: new Map(groups.map(([k, v]) => [Number(k), v as Uint8Array])),
    aa: undefined,
    qr: input.qr,
  };
}

/** Verifies one card; never throws: a card that cannot be read or verified becomes an error result. */
export function batchCard(trust: TrustStore, index: number, input: BatchCardInput, full: boolean): BatchItem {
  let card: CardJson;
  try {
    card = cardOf(input);
  } catch (e) {
    return { json: itemJson({ index, error: readError(e) }) };
  }
  let views: ReturnType<typeof reportViews>;
  let labels: ReturnType<typeof outcomeLabels>;
  try {
    const report = verifyDocument({
      sod: card.sod,
      dataGroups: card.dataGroups,
      trust,
      ...(card.qr === undefined ? {} : { qr: card.qr }),
    });
    const outcome = outcomeOf(report, card);
    views = reportViews(outcome, full);
    labels = outcomeLabels(outcome);
  } catch (e) {
    return { json: itemJson({ index, error: verifyError(e) }) };
  }
  return {
    json: itemJson({ index, verification: views.answer }),
    record: {
      id: views.id,
      createdAt: views.createdAt,
      reportJson: JSON.stringify(views.stored),
      verdict: labels.verdict as BatchRecord['verdict'],
      check: labels.check,
      reason: labels.reason,
    },
  };
}

const UNEXPECTED = { code: 'DD_BULK_VERIFY_FAILED', message: 'verification failed unexpectedly' } as const;

/** A field that cannot be decoded: the reader's typed error with the failing path. */
const readError = (e: unknown): object => (isDinhdanhError(e) && e.status < 500 ? e.toJSON() : UNEXPECTED);

/**
 * verifyDocument reports bad documents as failed checks; what it throws is a bad argument (code and
 * message, as bulk verification answers) or a bug (no message of its own).
 */
const verifyError = (e: unknown): object =>
  isDinhdanhError(e) ? { code: e.code, message: e.message } : UNEXPECTED;
