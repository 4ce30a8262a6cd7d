/** Inputs and outputs of bulk verification. */
import type { VerificationReport, VerifyPolicy } from '../chip/index.js';

/** One chip read to verify: the fields of `verifyDocument`'s input without the trust store. */
export interface CardInput {
  /** Caller's identifier, echoed in the result. */
  readonly id?: string;
  /** EF.SOD bytes as read. */
  readonly sod: Uint8Array;
  /** Data-group files by number (tag included), as a map or an object keyed by the decimal number. */
  readonly dataGroups: ReadonlyMap<number, Uint8Array> | Readonly<Record<string, Uint8Array>>;
  readonly aa?: { readonly challenge: Uint8Array; readonly signature: Uint8Array };
  readonly qr?: string;
  /** A DSC supplied out of band. */
  readonly dsc?: Uint8Array;
  /** Where the card came from (`file:line`, `file#record`), echoed in the result; never card content. */
  readonly source?: string;
}

/** A stable error code and a one-line message without personal data. */
export interface BulkError {
  readonly code: string;
  readonly message: string;
}

/** An input that could not be read as a card; passed through as an error result. */
export interface CardInputError {
  readonly error: BulkError;
  readonly id?: string;
  readonly source?: string;
}

export type BulkItem = CardInput | CardInputError;

export const isInputError = (x: BulkItem): x is CardInputError =>
  (x as CardInputError).error !== undefined && (x as CardInput).sod === undefined;

export type BulkVerdict = 'verified' | 'rejected' | 'error';

export interface CardResult {
  /** Position of the card in the input, from 0. */
  readonly index: number;
  readonly id: string | undefined;
  readonly source: string | undefined;
  /** `error` when the card could not be verified at all (unreadable input, worker stopped). */
  readonly verdict: BulkVerdict;
  /** The report `verifyDocument` gives for this card; undefined on `error`. */
  readonly report: VerificationReport | undefined;
  readonly error: BulkError | undefined;
}

/** Per-run verification settings, the same for every card of the run. */
export interface RunSettings {
  /** Validation time; default: the run's start. */
  readonly at?: Date;
  readonly policy?: VerifyPolicy;
}
