/**
 * Where a worker's task module is, and how to start it. Worker threads load
 * plain JavaScript: from a build, the task is the sibling `.js` under dist/;
 * from sources (vitest, tsx) it is the `.ts` file, started with tsx and the
 * `source` export condition — unless a build of it exists that is not older
 * than every source file of the package, which is then used directly.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerModule {
  /** file: URL piscina starts: the built task, or from sources the tsx entry `_tsx-task.mjs`. */
  readonly filename: string;
  /** Node flags for the worker thread. */
  readonly execArgv: readonly string[];
  /** file: URL of the task module itself; pass it as `workerData.taskModule` (the tsx entry loads it). */
  readonly taskModule: string;
}

const built = (url: string): WorkerModule => ({ filename: url, execArgv: [], taskModule: url });

// On Node 20 a worker thread ignores `--import tsx` for its entry module, so a
// task run from sources starts through a plain-JS entry that loads it with tsx.
const TSX_ENTRY = new URL('./_tsx-task.mjs', import.meta.url).href;

/**
 * @param callerUrl `import.meta.url` of a module in packages/core/src/workers/ (or its dist twin)
 * @param name      task module name without extension, e.g. 'linkage-task'
 */
/** Latest modification time of the TypeScript sources under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (f.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
  }
  return newest;
}

export function workerModule(callerUrl: string, name: string): WorkerModule {
  const here = dirname(fileURLToPath(callerUrl));
  if (callerUrl.endsWith('.js')) return built(pathToFileURL(join(here, `${name}.js`)).href);
  const source = join(here, `${name}.ts`);
  // packages/core/src/workers → packages/core/dist/workers
  const parts = here.split(sep);
  const srcAt = parts.lastIndexOf('src');
  if (srcAt >= 0) {
    const builtPath = join(
      parts.slice(0, srcAt).join(sep) || sep,
      'dist',
      relative(parts.slice(0, srcAt + 1).join(sep), here),
      `${name}.js`,
    );
    // The task imports most of the package: the build counts only when no source file is newer.
    const srcRoot = parts.slice(0, srcAt + 1).join(sep) || sep;
    if (existsSync(builtPath) && statSync(builtPath).mtimeMs >= newestMtime(srcRoot)) {
      return built(pathToFileURL(builtPath).href);
    }
  }
  return { filename: TSX_ENTRY, execArgv: ['--conditions=source'], taskModule: pathToFileURL(source).href };
}
