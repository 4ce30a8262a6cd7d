/**
 * Bulk verification on a piscina pool. Each worker receives the trust store
 * once (a msgpackr frame in workerData). Cards go to the workers in chunks:
 * many cards packed into one transferred buffer per task, their outcomes
 * back as one transferred frame, so the per-task costs (packing, dispatch,
 * wake-ups, the answer's message) are paid once per chunk, not per card. At
 * most `window` cards are read and not yet yielded at a time, so memory does
 * not grow with the number of cards.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TrustStore } from '../chip/index.js';
import { DinhdanhError } from '../errors/index.js';
import { workerModule } from '../workers/_worker-url.js';
import type { BulkTask, BulkWorkerData } from '../workers/bulk-task.js';
import { type CardParts, cardParts, packChunk, packTrust, unpackOutcomes } from './_frame.js';
import { type BulkItem, type CardResult, isInputError, type RunSettings } from './types.js';

export interface BulkVerifierOptions {
  readonly trust: TrustStore;
  /** Worker threads; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Cards in flight per worker (read and not yet yielded: packed, queued, running or waiting to be yielded); default 64. */
  readonly inFlightPerWorker?: number;
  /** Most cards in one task; default a quarter of inFlightPerWorker, at most 16. */
  readonly cardsPerTask?: number;
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

interface Chunk {
  /** The chunk's results in input order; never rejects. */
  readonly results: Promise<CardResult[]>;
}

type Entry = { readonly index: number; readonly item: BulkItem };

const isPromise = <T>(x: T | Promise<T>): x is Promise<T> => typeof (x as Promise<T>)?.then === 'function';

const errorResult = (entry: Entry, error: { code: string; message: string }): CardResult => ({
  index: entry.index,
  id: entry.item.id,
  source: entry.item.source,
  verdict: 'error',
  report: undefined,
  error,
});

/** Largest chunk buffer kept for reuse: typical chunks (16 cards of ~20 KB) need well under 1 MiB. */
const SPARE_MAX_BYTES = 4 << 20;

const BAD_RECORD = { code: 'DD_BULK_BAD_RECORD', message: 'card fields are not bytes and strings' } as const;

/** A pool of verification workers holding one trust store; reusable across runs, closed with close(). */
export class BulkVerifier {
  readonly #pool: Piscina;
  readonly workers: number;
  readonly window: number;
  /** Most cards in one task. */
  readonly cardsPerTask: number;
  #closed = false;
  #failuresInARow = 0;
  readonly #runs = new Set<AbortController>();
  /** Chunk buffers handed back by the workers, for reuse. */
  readonly #spare: ArrayBuffer[] = [];

  constructor(opts: BulkVerifierOptions) {
    this.workers = positiveInt(opts.workers ?? availableParallelism(), 'workers');
    const perWorker = positiveInt(opts.inFlightPerWorker ?? 64, 'inFlightPerWorker');
    this.window = this.workers * perWorker;
    this.cardsPerTask = positiveInt(
      opts.cardsPerTask ?? Math.min(16, Math.ceil(perWorker / 4)),
      'cardsPerTask',
    );
    // The task module lives in workers/ next to the other pools' tasks (source .ts or built .js).
    const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
    const mod = workerModule(new URL(`../workers/bulk-task.${ext}`, import.meta.url).href, 'bulk-task');
    const workerData: BulkWorkerData = { trust: packTrust(opts.trust), taskModule: mod.taskModule };
    this.#pool = new Piscina({
      filename: mod.filename,
      execArgv: [...mod.execArgv],
      minThreads: this.workers,
      maxThreads: this.workers,
      // The window already bounds the queue (a task holds at least one card); piscina must never refuse a task.
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
    // A known number of cards is spread over every worker, two tasks each at least.
    const perTask = Array.isArray(cards)
      ? Math.min(this.cardsPerTask, Math.max(1, Math.ceil(cards.length / (2 * this.workers))))
      : this.cardsPerTask;
    const queue: Chunk[] = []; // dispatched, in input order
    let open: Entry[] = []; // read, not yet dispatched
    let running = 0; // dispatched chunks not settled
    let ready: CardResult[] = []; // results of a settled chunk, yielded one by one
    let readyAt = 0;
    let next = 0; // index of the next input
    let yielded = 0;
    let exhausted = false;
    const flush = () => {
      if (open.length === 0) return;
      const results = this.#submit(open, at, opts, stop.signal);
      running++;
      void results.then(() => running--);
      queue.push({ results });
      open = [];
    };
    try {
      for (;;) {
        // Read while the window allows (cards read and not yet yielded), dispatching full chunks.
        while (!exhausted && next - yielded < this.window) {
          if (stop.signal.aborted) throw aborted(stop.signal.reason);
          let r = it.next();
          if (isPromise(r)) {
            // A source that makes us wait: hand idle workers what was read instead of a full chunk.
            if (running < this.workers) flush();
            r = await r;
          }
          if (r.done) {
            exhausted = true;
            break;
          }
          open.push({ index: next++, item: r.value });
          if (open.length >= perTask) flush();
        }
        if (stop.signal.aborted) throw aborted(stop.signal.reason);
        if (readyAt < ready.length) {
          yielded++;
          yield ready[readyAt++]!;
          continue;
        }
        flush();
        if (queue.length === 0) return;
        // No race against a long-lived abort promise: each race would leave a reaction on it
        // holding the results for the rest of the run. Aborting rejects the piscina tasks instead.
        let done: Chunk;
        if (ordered) done = queue[0]!;
        else done = await Promise.race(queue.map((c) => c.results.then(() => c)));
        ready = await done.results;
        readyAt = 0;
        queue.splice(queue.indexOf(done), 1);
        if (stop.signal.aborted) throw aborted(stop.signal.reason);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#runs.delete(stop);
      if (queue.length > 0) stop.abort();
      // Settled or cancelled, in-flight tasks must not leave unhandled rejections.
      await Promise.allSettled(queue.map((c) => c.results));
      if (!exhausted) await it.return?.();
    }
  }

  /** Packs the cards of `entries` into one frame and verifies them in one task; results in entry order. */
  #submit(entries: readonly Entry[], at: Date, run: RunSettings, signal: AbortSignal): Promise<CardResult[]> {
    const results: (CardResult | undefined)[] = new Array(entries.length);
    const sent: number[] = []; // positions in `entries` of the cards in the frame
    let tuples: CardParts[] = [];
    entries.forEach((e, i) => {
      if (isInputError(e.item)) results[i] = errorResult(e, e.item.error);
      else {
        try {
          tuples.push(cardParts(e.item));
          sent.push(i);
        } catch {
          results[i] = errorResult(e, BAD_RECORD);
        }
      }
    });
    const take = (size: number) => this.#takeBuffer(size);
    let frame: ArrayBuffer | undefined;
    try {
      frame = tuples.length > 0 ? packChunk(tuples, at, run.policy, take) : undefined;
    } catch {
      // A field msgpackr cannot pack: find the cards that hold one, send the others.
      const keep: number[] = [];
      tuples = tuples.filter((t, j) => {
        try {
          packChunk([t], at, run.policy, (size) => new ArrayBuffer(size));
          keep.push(sent[j]!);
          return true;
        } catch {
          results[sent[j]!] = errorResult(entries[sent[j]!]!, BAD_RECORD);
          return false;
        }
      });
      sent.splice(0, sent.length, ...keep);
      frame = tuples.length > 0 ? packChunk(tuples, at, run.policy, take) : undefined;
    }
    if (frame === undefined) return Promise.resolve(results as CardResult[]);
    const task: BulkTask = { frame };
    return (this.#pool.run(task, { signal, transferList: [frame] }) as Promise<ArrayBuffer>).then(
      (answer): CardResult[] => {
        this.#failuresInARow = 0;
        const outcomes = unpackOutcomes(answer);
        this.#recycle(answer);
        sent.forEach((i, j) => {
          const e = entries[i]!;
          const o = outcomes[j]!;
          results[i] = o.report
            ? {
                index: e.index,
                id: e.item.id,
                source: e.item.source,
                verdict: o.report.verdict,
                report: o.report,
                error: undefined,
              }
            : errorResult(e, o.error);
        });
        return results as CardResult[];
      },
      (): CardResult[] => {
        const error = signal.aborted
          ? { code: 'DD_BULK_ABORTED', message: 'cancelled before the card was verified' }
          : { code: 'DD_BULK_WORKER_FAILED', message: 'the worker stopped while verifying this card' };
        for (const i of sent) results[i] = errorResult(entries[i]!, error);
        return results as CardResult[];
      },
    );
  }

  /** A buffer of at least `size` bytes: a returned chunk buffer when one is large enough. */
  #takeBuffer(size: number): ArrayBuffer {
    const i = this.#spare.findIndex((b) => b.byteLength >= size);
    if (i >= 0) return this.#spare.splice(i, 1)[0]!;
    // Rounded up so that a buffer fits later chunks of a similar size too; an outsized chunk (cards
    // with very large files) gets a buffer of its own size, which is not kept.
    if (size > SPARE_MAX_BYTES) return new ArrayBuffer(size);
    return new ArrayBuffer(Math.min(SPARE_MAX_BYTES, Math.max(1 << 16, 2 ** Math.ceil(Math.log2(size)))));
  }

  /** Keeps a chunk buffer the worker handed back, up to one per task the window can hold. */
  #recycle(buf: ArrayBuffer): void {
    if (buf.byteLength > SPARE_MAX_BYTES) return;
    if (this.#spare.length < this.window / this.cardsPerTask + this.workers) this.#spare.push(buf);
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
  readonly cardsPerTask?: number;
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
