/**
 * One card of a batch, from its base64 fields (a msgpack body's `bin` values
 * arrive as base64 too, see plugins/body-parsers.ts) to what the route needs: the
 * card's result already written as the response schema writes it, and for a
 * verified or rejected card the record to store (masked report as JSON) and
 * its metric labels. It runs on the batch pool's worker threads, so decoding,
 * verification, holder parsing, masking and serialisation all stay off the
 * event loop; without a pool the route calls it in-process.
 */
import type { CardJson, TrustStore } from '@dinhdanh/core/chip';
import { isDinhdanhError } from '@dinhdanh/core/errors';
import fastJson from 'fast-json-stringify';
import { errorSchema } from '../schemas/common.js';
import { personSchema, verificationSchema } from '../schemas/ekyc.js';
import { outcomeLabels, reportViews } from './report-views.js';
import { type CardInput, readCard, verifyDecoded } from './verify-card.js';

/** What is stored and counted for a verified or rejected card. */
export interface BatchRecord {
  readonly id: string;
  readonly createdAt: string;
  /** The masked report as JSON when it is not the answer itself (clients with the personal-data scope). */
  readonly stored?: string;
  readonly verdict: 'verified' | 'rejected';
  readonly check: string;
  readonly reason: string;
}

/** One card's result, serialised as the route's response schema writes it. */
export type BatchItem =
  | { readonly verification: string; readonly record: BatchRecord }
  | { readonly error: string; readonly record?: undefined };

/** The result element `{"index":…,"verification":…}` or `{"index":…,"error":…}`. */
export const resultJson = (index: number, item: BatchItem): string =>
  'error' in item
    ? `{"index":${index},"error":${item.error}}`
    : `{"index":${index},"verification":${item.verification}}`;

/** The masked report to store for a verified or rejected card. */
export const storedJson = (item: BatchItem & { record: BatchRecord }): string =>
  item.record.stored ?? item.verification;

// The serialiser Fastify compiles for the route's response (fast-json-stringify over the route
// schema, the shared schemas by $id), here for one verification or error; resultJson() puts the
// element around it as the element's schema writes it.
// The schemas are `as const` (readonly arrays), which the builder's types do not accept.
const schema = (s: object): fastJson.Schema => s as fastJson.Schema;
const verificationJson = fastJson(schema(verificationSchema), {
  schema: { Person: schema(personSchema) },
}) as (verification: object) => string;
const errorJson = fastJson(schema(errorSchema)) as (error: object) => string;

const errorItem = (error: object): BatchItem => ({ error: errorJson(error) });

/**
 * Verifies one card; never throws: a card that cannot be read or verified becomes an error result.
 * `at` is the validation time, one per request (as verifyMany takes one per run), which also lets
 * a caching trust store answer a DSC's revocation status once for the whole batch.
 */
export function batchCard(trust: TrustStore, input: CardInput, full: boolean, at: Date): BatchItem {
  let card: CardJson;
  try {
    card = readCard(input);
  } catch (e) {
    return errorItem(readError(e));
  }
  let views: ReturnType<typeof reportViews>;
  let labels: ReturnType<typeof outcomeLabels>;
  try {
    const outcome = verifyDecoded(trust, card, at);
    views = reportViews(outcome, full);
    labels = outcomeLabels(outcome);
  } catch (e) {
    return errorItem(verifyError(e));
  }
  // The stored report is the masked view as the schema writes it (what GET answers with); for a
  // client without the personal-data scope it is the answer itself, serialised once.
  return {
    verification: verificationJson(views.answer),
    record: {
      id: views.id,
      createdAt: views.createdAt,
      ...(views.stored === views.answer ? {} : { stored: verificationJson(views.stored) }),
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
