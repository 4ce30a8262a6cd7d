/**
 * Worker side of bulk verification: rebuilds the trust store once from the
 * msgpackr frame in workerData, then verifies one transferred chunk of cards
 * per task with `verifyDocument` and answers with one transferred frame of
 * outcomes. Prepared signature keys are cached per thread by the signature
 * layer; issuer and revocation answers by the store.
 */
// The error catalogue first: it imports der/, which imports it back; entered through chip/ the
// cycle would read der's code table before it is initialised.
import '../errors/index.js';
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import { CachingTrustStore } from '../bulk/_caching-trust.js';
import {
  type CardOutcome,
  packOutcomes,
  type UnpackedCard,
  unpackChunk,
  unpackTrust,
} from '../bulk/_frame.js';
import { type VerifyPolicy, verifyDocument } from '../chip/index.js';
import { isDinhdanhError } from '../errors/index.js';

export interface BulkWorkerData {
  /** packTrust() frame. */
  readonly trust: Uint8Array;
  /** file: URL of this module (read by the source-run entry, _tsx-task.mjs). */
  readonly taskModule: string;
}

export interface BulkTask {
  /** packChunk() buffer, transferred. */
  readonly frame: ArrayBuffer;
}

const trust = unpackTrust((workerData as BulkWorkerData).trust, new CachingTrustStore());

function verifyOne(card: UnpackedCard, at: Date, policy: VerifyPolicy | undefined): CardOutcome {
  try {
    const report = verifyDocument({
      sod: card.sod,
      dataGroups: card.dataGroups,
      trust,
      at,
      ...(policy ? { policy } : {}),
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

/**
 * Verifies a chunk; the answer is a packOutcomes() frame written into the chunk's own buffer
 * (transferred back for reuse). Nothing kept after the task refers to that buffer: caches hold
 * private copies of what they keep (chip/_cert-cache), and reports hold no views of the input.
 */
export default function verifyChunk(task: BulkTask): unknown {
  const chunk = unpackChunk(task.frame);
  const { cards, at, policy } = chunk;
  return move(packOutcomes(cards.length, (i) => verifyOne(cards[i]!, at, policy), task.frame));
}
