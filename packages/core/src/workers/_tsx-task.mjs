/**
 * Worker entry for a task module run from TypeScript sources. On Node 20 a
 * worker thread ignores `--import tsx` for its entry and dynamic imports, so
 * this plain-JS entry loads the task (workerData.taskModule, a file: URL)
 * through tsx's API and re-exports its handler. Built code never uses it.
 */
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const task = await tsImport(workerData.taskModule, import.meta.url);

export default task.default;
