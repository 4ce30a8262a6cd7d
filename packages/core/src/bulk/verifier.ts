/**
 * Bulk verification on a piscina pool. Each worker receives the trust store
 * once (a msgpackr frame in workerData); each card is packed once into its
 * own buffer and transferred. At most `window` cards are packed, queued or
 * running at a time, so memory does not grow with the number of cards.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TrustStore } from '../chip/index.js';
import { DinhdanhError } from '../errors/index.js';
import { workerModule } from '../workers/_worker-url.js';
import type { BulkTask, BulkTaskResult, BulkWorkerData } from '../workers/bulk-task.js';
import { packCard, packTrust } from './_frame.js';
import { type BulkItem, type CardResult, isInputError, type RunSettings } from './types.js';

export interface BulkVerifierOptions {
  readonly trust: TrustStore;
  /** Worker threads; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Cards in flight per worker (packed, queued or running); default 8. */
  readonly inFlightPerWorker?: number;
}

export interface VerifyManyRunOptions extends RunSettings {
  /** Results in input order (default true); false yields each as soon as it is ready. */
  readonly ordered?: boolean;
  /** Cancels the run: no further cards are read, in-flight ones are dropped, the iterator throws DD_BULK_ABORTED. */
  readonly signal?: AbortSignal;
}

const positiveInt = (v: number, name: string): number => {
  if (!Number.isInteger(v) || v < 1 || v > 1024)
    throw new DinhdanhError('DD_BULK_BAD_ARGUMENT', `${name}: an integer from 1 to 1024`, { status: 400 });
  return v;
};

const BROKEN = Symbol('worker threads cannot start');

const aborted = (reason?: unknown) =>
  reason === BROKEN
    ? new DinhdanhError('DD_BULK_WORKER_FAILED', 'worker threads fail to start', { status: 500 })
    : new DinhdanhError('DD_BULK_ABORTED', 'bulk verification cancelled', { status: 499 });

type Source = AsyncIterable<BulkItem> | Iterable<BulkItem>;

function iteratorOf(src: Source): AsyncIterator<BulkItem> | Iterator<BulkItem> {
  if (src !== null && typeof src === 'object' && Symbol.asyncIterator in src)
    return (src as AsyncIterable<BulkItem>)[Symbol.asyncIterator]();
  if (src !== null && typeof src === 'object' && Symbol.iterator in src)
    return (src as Iterable<BulkItem>)[Symbol.iterator]();
  throw new DinhdanhError('DD_BULK_BAD_ARGUMENT', 'cards: an iterable or async iterable', { status: 400 });
}

/** A pool of verification workers holding one trust store; reusable across runs, closed with close(). */
export class BulkVerifier {
  readonly #pool: Piscina;
  readonly workers: number;
  readonly window: number;
  #closed = false;
  #failuresInARow = 0;
  readonly #runs = new Set<AbortController>();

  constructor(opts: BulkVerifierOptions) {
    this.workers = positiveInt(opts.workers ?? availableParallelism(), 'workers');
    this.window = this.workers * positiveInt(opts.inFlightPerWorker ?? 8, 'inFlightPerWorker');
    // The task module lives in workers/ next to the other pools' tasks (source .ts or built .js).
    const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
    const mod = workerModule(new URL(`../workers/bulk-task.${ext}`, import.meta.url).href, 'bulk-task');
    const workerData: BulkWorkerData = { trust: packTrust(opts.trust), taskModule: mod.taskModule };
    this.#pool = new Piscina({
      filename: mod.filename,
      execArgv: [...mod.execArgv],
      minThreads: this.workers,
      maxThreads: this.workers,
      // The window already bounds the queue; piscina must never refuse a task.
      maxQueue: this.window + this.workers,
      workerData,
    });
    // A thread that dies is replaced by piscina and its tasks rejected (→ error results); the
    // pool's 'error' event must still be listened to or it would take the process down.
    this.#pool.on('error', () => {
      // Threads that fail again and again without a card verified in between (a thread that
      // cannot start) would make a run wait forever: stop the runs instead.
      if (++this.#failuresInARow > 2 * this.workers + 2) for (const stop of this.#runs) stop.abort(BROKEN);
    });
  }

  /** Pool figures for monitoring: threads, busy share (0..1) and waiting tasks. */
  get stats(): { threads: number; utilization: number; queueSize: number } {
    return {
      threads: this.#pool.threads.length,
      utilization: this.#pool.utilization,
      queueSize: this.#pool.queueSize,
    };
  }

  /** The pool's worker threads (for monitoring; a stopped thread is replaced). */
  get threads(): readonly Worker[] {
    return this.#pool.threads;
  }

  /**
   * Verifies every card of `cards`, yielding one result per input item:
   * input errors and cards that cannot be verified become `error` results.
   */
  async *verifyMany(cards: Source, opts: VerifyManyRunOptions = {}): AsyncGenerator<CardResult> {
    if (this.#closed)
      throw new DinhdanhError('DD_BULK_BAD_ARGUMENT', 'the verifier is closed', { status: 400 });
    const { signal } = opts;
    if (signal?.aborted) throw aborted();
    const ordered = opts.ordered ?? true;
    const at = opts.at ?? new Date();
    const stop = new AbortController();
    setMaxListeners(this.window + 8, stop.signal); // one listener per in-flight task
    this.#runs.add(stop);
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const it = iteratorOf(cards);
    const pending = new Map<number, Promise<CardResult>>();
    let next = 0; // index of the next input
    let emit = 0; // ordered: index of the next result to yield
    let exhausted = false;
    try {
      for (;;) {
        // Fill the window (ordered: counted from the oldest result not yet yielded).
        while (!exhausted && (ordered ? next - emit : pending.size) < this.window) {
          if (stop.signal.aborted) throw aborted(stop.signal.reason);
          const r = await it.next();
          if (r.done) {
            exhausted = true;
            break;
          }
          const index = next++;
          pending.set(index, this.#submit(index, r.value, at, opts, stop.signal));
        }
        if (stop.signal.aborted) throw aborted(stop.signal.reason);
        if (ordered) {
          const p = pending.get(emit);
          if (p === undefined) return;
          // No race against a long-lived abort promise: each race would leave a reaction on it
          // holding the result for the rest of the run. Aborting rejects the piscina tasks instead.
          const result = await p;
          if (stop.signal.aborted) throw aborted(stop.signal.reason);
          pending.delete(emit++);
          yield result;
        } else {
          if (pending.size === 0) return;
          const result = await Promise.race(pending.values());
          if (stop.signal.aborted) throw aborted(stop.signal.reason);
          pending.delete(result.index);
          yield result;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#runs.delete(stop);
      if (pending.size > 0) stop.abort();
      // Settled or cancelled, in-flight tasks must not leave unhandled rejections.
      await Promise.allSettled(pending.values());
      if (!exhausted) await it.return?.();
    }
  }

  #submit(
    index: number,
    item: BulkItem,
    at: Date,
    run: RunSettings,
    signal: AbortSignal,
  ): Promise<CardResult> {
    const base = { index, id: item.id, source: item.source };
    if (isInputError(item))
      return Promise.resolve({ ...base, verdict: 'error', report: undefined, error: item.error });
    let frame: Uint8Array;
    try {
      frame = packCard(item, at, run.policy);
    } catch {
      return Promise.resolve({
        ...base,
        verdict: 'error',
        report: undefined,
        error: { code: 'DD_BULK_BAD_RECORD', message: 'card fields are not bytes and strings' },
      });
    }
    const task: BulkTask = { frame };
    return (
      this.#pool.run(task, { signal, transferList: [frame.buffer as ArrayBuffer] }) as Promise<BulkTaskResult>
    ).then(
      (r): CardResult => {
        this.#failuresInARow = 0;
        return r.report
          ? { ...base, verdict: r.report.verdict, report: r.report, error: undefined }
          : { ...base, verdict: 'error', report: undefined, error: r.error };
      },
      (): CardResult => ({
        ...base,
        verdict: 'error',
        report: undefined,
        error: signal.aborted
          ? { code: 'DD_BULK_ABORTED', message: 'cancelled before the card was verified' }
          : { code: 'DD_BULK_WORKER_FAILED', message: 'the worker stopped while verifying this card' },
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.destroy();
  }
}

export interface VerifyManyOptions extends VerifyManyRunOptions {
  readonly trust: TrustStore;
  readonly workers?: number;
  readonly inFlightPerWorker?: number;
}

/**
 * Verifies a stream of cards on a pool started for this run and shut down
 * when the stream ends, fails, is cancelled or the consumer stops early.
 */
export async function* verifyMany(cards: Source, opts: VerifyManyOptions): AsyncGenerator<CardResult> {
  const verifier = new BulkVerifier(opts);
  try {
    yield* verifier.verifyMany(cards, opts);
  } finally {
    await verifier.close();
  }
}
