/**
 * The batch route's worker pool. A request's cards are split into a few
 * tasks per worker; each worker decodes, verifies, reads the holder, masks
 * and serialises its cards (batch-card.ts), so the event loop only hands the
 * cards over (their base64 strings are cloned, a copy) and joins finished
 * results.
 */
import { availableParallelism } from 'node:os';
import type { TrustStore } from '@dinhdanh/core/chip';
import { trustFrame } from '@dinhdanh/core/worker-trust';
import { Piscina } from 'piscina';
import { workerModule } from '../_worker-module.js';
import type { PoolStats } from '../metrics/service-metrics.js';
import type { BatchItem } from './batch-card.js';
import type { BatchTask, BatchWorkerData } from './batch-task.js';
import type { CardInput } from './verify-card.js';

export interface BatchPoolOptions {
  readonly trust: TrustStore;
  /** Worker threads; default: the machine's available parallelism. */
  readonly workers?: number;
}

/** Most cards in one task: small enough to spread a batch over every worker, large enough to amortise a message. */
const MAX_CARDS_PER_TASK = 16;

const WORKER_FAILED_JSON = JSON.stringify({
  code: 'DD_BULK_WORKER_FAILED',
  message: 'the worker stopped while verifying this card',
});

export class BatchPool {
  readonly #pool: Piscina;
  readonly workers: number;

  constructor(opts: BatchPoolOptions) {
    this.workers = opts.workers ?? availableParallelism();
    const mod = workerModule(import.meta.url, './batch-task');
    const workerData: BatchWorkerData = { trust: trustFrame(opts.trust), taskModule: mod.taskModule };
    this.#pool = new Piscina({
      filename: mod.filename,
      execArgv: mod.execArgv,
      minThreads: this.workers,
      maxThreads: this.workers,
      workerData,
    });
    // A thread that dies is replaced by piscina and its task rejected (→ error results); the pool's
    // 'error' event must still be listened to or it would take the process down.
    this.#pool.on('error', () => {});
  }

  get stats(): PoolStats {
    return {
      threads: this.#pool.threads.length,
      utilization: this.#pool.utilization,
      queueSize: this.#pool.queueSize,
    };
  }

  /**
   * One finished result per card, in order; a card whose worker stopped is an error result.
   * `at`: the validation time of every card (default: now).
   */
  async verify(cards: readonly CardInput[], full: boolean, at: Date = new Date()): Promise<BatchItem[]> {
    const perTask = Math.min(MAX_CARDS_PER_TASK, Math.max(1, Math.ceil(cards.length / (2 * this.workers))));
    const tasks: Promise<BatchItem[]>[] = [];
    for (let first = 0; first < cards.length; first += perTask) {
      const task: BatchTask = { cards: cards.slice(first, first + perTask), full, at: at.getTime() };
      tasks.push(
        (this.#pool.run(task) as Promise<BatchItem[]>).catch(() =>
          task.cards.map((): BatchItem => ({ error: WORKER_FAILED_JSON })),
        ),
      );
    }
    return (await Promise.all(tasks)).flat();
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
