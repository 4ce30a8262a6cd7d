/**
 * Worker side of the batch pool: rebuilds the trust store once from the frame
 * in workerData (with per-worker caching of DSC issuer and revocation
 * answers), then turns each task's cards into finished results (batchCard).
 */
// The error catalogue first: it imports der/, which imports it back; entered through chip/ the
// cycle would read der's code table before it is initialised.
import '@dinhdanh/core/errors';
import { workerData } from 'node:worker_threads';
import { cachingTrustFrom } from '@dinhdanh/core/worker-trust';
import { type BatchItem, batchCard } from './batch-card.js';
import type { CardInput } from './verify-card.js';

export interface BatchWorkerData {
  /** trustFrame() of the service's trust store. */
  readonly trust: Uint8Array;
  /** file: URL of this module (read by the source-run entry, _tsx-task.mjs). */
  readonly taskModule: string;
}

export interface BatchTask {
  readonly cards: readonly CardInput[];
  /** The client may see the holder's data in full. */
  readonly full: boolean;
  /** Validation time of the request's cards, ms since the epoch. */
  readonly at: number;
}

const trust = cachingTrustFrom((workerData as BatchWorkerData).trust);

export default function verifyBatchTask(task: BatchTask): BatchItem[] {
  const at = new Date(task.at);
  return task.cards.map((card) => batchCard(trust, card, task.full, at));
}
