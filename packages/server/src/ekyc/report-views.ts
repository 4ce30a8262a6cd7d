/**
 * The answer a client gets for one verified card and the masked form that is
 * stored for GET /v1/ekyc/verifications/:id: a new id and time, the verdict,
 * the checks and the non-personal document facts, and the holder masked —
 * in full in the answer only for clients with `ekyc:personal-data`.
 */
import { firstFailure } from '@dinhdanh/core/chip';
import { newId } from './_ids.js';
import { personView } from './person-view.js';
import type { CardOutcome } from './verify-card.js';

export interface ReportViews {
  readonly id: string;
  readonly createdAt: string;
  /** What the client is answered. */
  readonly answer: object;
  /** The masked report that is stored. */
  readonly stored: object;
}

export function reportViews(o: CardOutcome, full: boolean): ReportViews {
  const { verdict, checks, document } = o.report;
  const base = {
    id: newId('ver_'),
    verdict,
    firstFailure: firstFailure(o.report),
    checks,
    document,
    createdAt: new Date().toISOString(),
  };
  const masked = o.holder === undefined ? base : { ...base, person: personView(o.holder, false) };
  const answer = o.holder === undefined || !full ? masked : { ...base, person: personView(o.holder, true) };
  return { id: base.id, createdAt: base.createdAt, answer, stored: masked };
}

/** The metric labels of an outcome: verdict, and the first failing check and its reason. */
export function outcomeLabels(o: CardOutcome): { verdict: string; check: string; reason: string } {
  const f = firstFailure(o.report);
  return { verdict: o.report.verdict, check: f?.check ?? '', reason: f?.reason ?? '' };
}
