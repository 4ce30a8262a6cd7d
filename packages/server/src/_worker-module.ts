/**
 * How piscina starts one of this package's task modules: built, the sibling
 * `.js`; from sources (vitest, tsx), the `.ts` through the plain-JS entry
 * `_tsx-task.mjs`, which loads it with tsx and the `source` condition.
 */
export interface WorkerModule {
  /** file: URL piscina starts. */
  readonly filename: string;
  /** Node flags of the worker thread. */
  readonly execArgv: string[];
  /** file: URL of the task module; pass it as `workerData.taskModule`. */
  readonly taskModule: string;
}

/** @param name path of the task module relative to `callerUrl`, without extension (e.g. './batch-task'). */
export function workerModule(callerUrl: string, name: string): WorkerModule {
  if (callerUrl.endsWith('.js')) {
    const url = new URL(`${name}.js`, callerUrl).href;
    return { filename: url, execArgv: [], taskModule: url };
  }
  return {
    filename: new URL('./_tsx-task.mjs', import.meta.url).href,
    execArgv: ['--conditions=source'],
    taskModule: new URL(`${name}.ts`, callerUrl).href,
  };
}
