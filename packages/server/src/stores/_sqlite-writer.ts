/**
 * Group commit on a writer thread. Under synchronous=FULL a commit waits for
 * fsync, which on the event loop stalls every request (and the hand-off of
 * work to the batch pool) for the disk's flush time. Here rows are sent to one
 * thread with its own connection; rows arriving while a commit is in flight
 * wait and share the next transaction. Each caller resolves after the commit
 * that holds its rows, or rejects with every other caller of that commit.
 */
import { Piscina } from 'piscina';
import { workerModule } from '../_worker-module.js';
import type { SqliteWriterData } from './_sqlite-writer-task.js';

type Row = readonly unknown[];

interface Waiting {
  readonly rows: readonly Row[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class SqliteWriter {
  readonly #pool: Piscina;
  #waiting: Waiting[] = [];
  #writing = false;

  constructor(filename: string, insert: string) {
    const mod = workerModule(import.meta.url, './_sqlite-writer-task');
    const workerData: SqliteWriterData = { filename, insert, taskModule: mod.taskModule };
    this.#pool = new Piscina({
      filename: mod.filename,
      execArgv: mod.execArgv,
      minThreads: 1,
      maxThreads: 1,
      workerData,
    });
    // A writer that dies is replaced by piscina and its task rejected (→ the callers reject).
    this.#pool.on('error', () => {});
  }

  write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ rows, resolve, reject });
      if (!this.#writing) void this.#commit();
    });
  }

  async #commit(): Promise<void> {
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0);
      try {
        await this.#pool.run(group.flatMap((w) => w.rows));
      } catch (e) {
        for (const w of group) w.reject(e);
        continue;
      }
      for (const w of group) w.resolve();
    }
    this.#writing = false;
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
