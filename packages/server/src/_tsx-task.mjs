/**
 * Worker entry for a task module run from TypeScript sources (tests, tsx):
 * on Node 20 a worker thread ignores `--import tsx` for its entry, so this
 * plain-JS entry loads workerData.taskModule through tsx's API. Built code
 * starts the task's .js directly (see _worker-module.ts).
 */
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const task = await tsImport(workerData.taskModule, import.meta.url);

export default task.default;
