/**
 * Builds many cards on several threads and yields them, in card order, as
 * encoded NDJSON or msgpack chunks. Each worker owns a CardFactory made from
 * the same options, so the output equals the single-threaded output.
 * At most two batches per worker are in flight, so memory stays bounded.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { concatBytes } from '../der/writer.js';
import { DinhdanhError } from '../errors/index.js';
import { cardToJsonLine, cardToMsgpack } from './card-json.js';
import { CardFactory, type CardFactoryOptions, type GeneratedCard } from './factory.js';

export type StreamFormat = 'ndjson' | 'msgpack';

export interface WorkerSetup {
  readonly options: CardFactoryOptions;
  readonly format: StreamFormat;
}

export interface WorkerJob {
  readonly id: number;
  readonly start: number;
  readonly count: number;
}

const utf8 = new TextEncoder();

/** Encodes cards as consecutive NDJSON lines or msgpack records. */
export function encodeCards(cards: Iterable<GeneratedCard>, format: StreamFormat): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of cards)
    parts.push(format === 'ndjson' ? utf8.encode(`${cardToJsonLine(c)}\n`) : cardToMsgpack(c));
  return concatBytes(parts);
}

export interface ParallelBuildOptions {
  readonly options: CardFactoryOptions;
  readonly count: number;
  readonly format: StreamFormat;
  /**
   * Worker threads (default: available parallelism); 1 builds on the calling
   * thread, as does any count when threads cannot load the TypeScript sources.
   */
  readonly workers?: number;
  /** Cards per job (default 200). */
  readonly batchSize?: number;
}

const runningFromSource = import.meta.url.endsWith('.ts');
/** tsx's loader, when this process runs TypeScript sources through it (tests, benchmarks). */
const tsxLoader = process.execArgv.find((a) => /\/tsx\/dist\/loader\.mjs$/.test(a));

/** Whether worker threads can load the builder: always from compiled code, from sources only under tsx. */
const threadsAvailable = (): boolean => !runningFromSource || tsxLoader !== undefined;

/**
 * A worker running `_card-worker`: the compiled file normally. From the
 * TypeScript sources, the thread first registers tsx's ESM hooks (found next
 * to the loader this process was started with), then imports the source.
 */
function spawnWorker(setup: WorkerSetup): Worker {
  if (!runningFromSource) {
    return new Worker(new URL('./_card-worker.js', import.meta.url), { workerData: setup });
  }
  const entry = new URL('./_card-worker.ts', import.meta.url).href;
  const loader = tsxLoader!;
  const api = new URL('./esm/api/index.mjs', loader.startsWith('file:') ? loader : pathToFileURL(loader))
    .href;
  const script = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(script, { eval: true, workerData: setup });
}

/** Encoded valid cards 0 … count − 1, in order, in chunks of whole cards. */
export async function* buildEncodedCards(o: ParallelBuildOptions): AsyncGenerator<Uint8Array> {
  const workers = o.workers ?? availableParallelism();
  const batch = o.batchSize ?? 200;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'workers must be an integer from 1 to 64', {
      status: 400,
      details: { option: 'workers' },
    });
  }
  const jobs = Math.ceil(o.count / batch);
  // One thread, a single batch, or sources run without tsx (e.g. under vitest): build here.
  if (workers === 1 || jobs <= 1 || !threadsAvailable()) {
    const factory = new CardFactory(o.options);
    for (let s = 0; s < o.count; s += batch) {
      yield encodeCards(factory.cards(Math.min(batch, o.count - s), s), o.format);
    }
    return;
  }
  const setup: WorkerSetup = { options: o.options, format: o.format };
  const pool = Array.from({ length: Math.min(workers, jobs) }, () => spawnWorker(setup));
  const done = new Map<number, Uint8Array>();
  const waiting = new Map<number, () => void>();
  let failure: Error | undefined;
  let nextJob = 0;
  const send = (w: Worker): void => {
    if (nextJob >= jobs) return;
    const id = nextJob++;
    const start = id * batch;
    w.postMessage({ id, start, count: Math.min(batch, o.count - start) } satisfies WorkerJob);
  };
  const wake = (): void => {
    for (const f of waiting.values()) f();
    waiting.clear();
  };
  // Workers that finished a job and can take another once its result is consumed.
  const ready: Worker[] = [];
  for (const w of pool) {
    w.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      if (m.error !== undefined || m.bytes === undefined) failure ??= new Error(m.error ?? 'worker failed');
      else done.set(m.id, m.bytes);
      ready.push(w);
      wake();
    });
    w.on('error', (e) => {
      failure ??= e;
      wake();
    });
    w.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`card builder thread exited with code ${code}`);
      wake();
    });
  }
  try {
    // Two jobs per worker in flight; a new one is sent each time a result is taken.
    for (const w of pool) {
      send(w);
      send(w);
    }
    for (let id = 0; id < jobs; id++) {
      while (!done.has(id)) {
        if (failure) {
          throw new DinhdanhError('DD_CARDGEN_OUTPUT', 'a card builder thread failed', {
            status: 500,
            cause: failure,
          });
        }
        await new Promise<void>((resolve) => waiting.set(id, resolve));
      }
      const bytes = done.get(id)!;
      done.delete(id);
      const w = ready.shift();
      if (w) send(w);
      yield bytes;
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
