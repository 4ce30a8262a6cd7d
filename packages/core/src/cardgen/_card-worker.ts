/**
 * Worker thread of the parallel card builder: builds the cards it is asked
 * for with its own CardFactory (same seed and options, so the same bytes as
 * any other builder) and sends them back encoded, the buffer transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CardFactory } from './factory.js';
import { encodeCards, type WorkerJob, type WorkerSetup } from './parallel.js';

const setup = workerData as WorkerSetup;
const factory = new CardFactory(setup.options);

parentPort!.on('message', (job: WorkerJob) => {
  try {
    const bytes = encodeCards(factory.cards(job.count, job.start), setup.format);
    parentPort!.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
