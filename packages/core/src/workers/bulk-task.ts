/**
 * Worker side of bulk verification: rebuilds the trust store once from the
 * msgpackr frame in workerData, then verifies one transferred card frame per
 * task with `verifyDocument`. Prepared signature keys are cached per thread
 * by the signature layer; issuer and revocation answers by the store.
 */
// The error catalogue first: it imports der/, which imports it back; entered through chip/ the
// cycle would read der's code table before it is initialised.
import '../errors/index.js';
import { workerData } from 'node:worker_threads';
import { CachingTrustStore } from '../bulk/_caching-trust.js';
import { unpackCard, unpackTrust } from '../bulk/_frame.js';
import type { BulkError } from '../bulk/types.js';
import { type VerificationReport, verifyDocument } from '../chip/index.js';
import { isDinhdanhError } from '../errors/index.js';

export interface BulkWorkerData {
  /** packTrust() frame. */
  readonly trust: Uint8Array;
  /** file: URL of this module (read by the source-run entry, _tsx-task.mjs). */
  readonly taskModule: string;
}

export interface BulkTask {
  /** packCard() frame, transferred. */
  readonly frame: Uint8Array;
}

export type BulkTaskResult =
  | { readonly report: VerificationReport; readonly error?: undefined }
  | { readonly report?: undefined; readonly error: BulkError };

const trust = unpackTrust((workerData as BulkWorkerData).trust, new CachingTrustStore());

export default function verifyCardFrame(task: BulkTask): BulkTaskResult {
  try {
    const card = unpackCard(task.frame);
    const report = verifyDocument({
      sod: card.sod,
      dataGroups: card.dataGroups,
      trust,
      at: card.at,
      ...(card.policy ? { policy: card.policy } : {}),
      ...(card.aa ? { aa: card.aa } : {}),
      ...(card.qr !== undefined ? { qr: card.qr } : {}),
      ...(card.dsc ? { dsc: card.dsc } : {}),
    });
    return { report };
  } catch (e) {
    // verifyDocument reports bad documents as failed checks; what reaches here is a bad argument or a bug.
    return {
      error: isDinhdanhError(e)
        ? { code: e.code, message: e.message }
        : { code: 'DD_BULK_VERIFY_FAILED', message: 'verification failed unexpectedly' },
    };
  }
}
