/**
 * Background WAL checkpoints for the SQLite store. By default SQLite's
 * writer copies the WAL into the database itself, inside the COMMIT that
 * crosses `wal_autocheckpoint` frames: that commit (and every caller waiting
 * on it) stalls for the copy and the database fsync, and pages rewritten by
 * consecutive batches (index interiors, the pages at each table's append
 * point) are copied again at every checkpoint.
 *
 * Here a worker thread with its own connection checkpoints instead, every
 * `intervalMs`: first PASSIVE (copies what is committed without blocking the
 * writer), then RESTART, which holds writers off only while it copies the few
 * frames committed during the passive pass, so that the next write starts the
 * WAL from its beginning and the file does not grow under sustained load.
 * The writer's own automatic checkpoint is off while the worker runs and is
 * switched back on if the worker fails, so the WAL is never left unbounded.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerStats {
  /** Checkpoint cycles run. */
  readonly cycles: number;
  /** Cycles whose RESTART completed (the next write restarts the WAL). */
  readonly restarts: number;
}

export interface Checkpointer {
  stats(): CheckpointerStats;
  /** Stops the worker after its current cycle. */
  stop(): Promise<void>;
}

/** The worker's body: CommonJS run with `eval`, so it needs no file of its own in src/ and dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const counters = new Int32Array(workerData.counters);
const db = new Database(workerData.filename);
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('wal_autocheckpoint = 0');
let timer;
function cycle() {
  const passive = db.pragma('wal_checkpoint(PASSIVE)')[0];
  Atomics.add(counters, 0, 1);
  if (passive.log > 0) {
    const restart = db.pragma('wal_checkpoint(RESTART)')[0];
    if (restart.busy === 0) Atomics.add(counters, 1, 1);
  }
  timer = setTimeout(cycle, workerData.intervalMs);
}
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  process.exit(0);
});
timer = setTimeout(cycle, workerData.intervalMs);
`;

/**
 * Starts checkpointing `filename` in a worker thread. `onFailure` runs if the
 * worker fails to start or dies unexpectedly.
 */
export function startCheckpointer(options: {
  readonly filename: string;
  readonly intervalMs: number;
  readonly busyTimeoutMs: number;
  readonly onFailure: (error: unknown) => void;
}): Checkpointer {
  const counters = new Int32Array(new SharedArrayBuffer(2 * 4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      filename: options.filename,
      intervalMs: options.intervalMs,
      busyTimeoutMs: options.busyTimeoutMs,
      counters: counters.buffer,
    },
  });
  let stopping = false;
  let failed = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping && !failed) options.onFailure(new Error(`checkpoint worker exited with code ${code}`));
      resolve();
    }),
  );
  worker.on('error', (e) => {
    failed = true;
    if (!stopping) options.onFailure(e);
  });
  // The store's close() stops the worker; it must not keep an idle process alive on its own.
  worker.unref();
  return {
    stats: () => ({
      cycles: Atomics.load(counters, 0),
      restarts: Atomics.load(counters, 1),
    }),
    stop: async () => {
      if (!stopping) {
        stopping = true;
        // Referenced again so the process waits for the worker's exit while stopping.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
