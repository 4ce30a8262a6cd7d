/**
 * @dinhdanh/core/bulk — chip verification of many cards on all cores:
 * `verifyMany` over a piscina pool (trust store sent once per worker,
 * cards as transferred msgpackr frames, bounded in-flight work, per-card
 * error results, AbortSignal cancellation), and streaming card readers.
 */
export {
  type CardFormat,
  type CardSource,
  msgpackCards,
  ndjsonCards,
  openCards,
  type ReaderOptions,
} from './readers.js';
export type {
  BulkError,
  BulkItem,
  BulkVerdict,
  CardInput,
  CardInputError,
  CardResult,
  RunSettings,
} from './types.js';
export {
  BulkVerifier,
  type BulkVerifierOptions,
  type VerifyManyOptions,
  type VerifyManyRunOptions,
  verifyMany,
} from './verifier.js';
