import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerModule } from '../../src/workers/_worker-url.js';

describe('worker task module resolution', () => {
  const root = mkdtempSync(join(tmpdir(), 'dinhdanh-wurl-'));
  const src = join(root, 'src', 'workers');
  const dist = join(root, 'dist', 'workers');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'task.ts'), '');
  const caller = pathToFileURL(join(src, 'pool.ts')).href;

  it('runs the .ts source through the tsx entry when there is no build', () => {
    const m = workerModule(caller, 'task');
    expect(m.taskModule).toBe(pathToFileURL(join(src, 'task.ts')).href);
    expect(m.filename).toMatch(/\/_tsx-task\.mjs$/);
    expect(m.execArgv).toEqual(['--conditions=source']);
  });

  it('uses the built .js when it is not older than the source, plain node otherwise', () => {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'task.js'), '');
    const now = Date.now() / 1000;
    utimesSync(join(src, 'task.ts'), now - 100, now - 100);
    utimesSync(join(dist, 'task.js'), now, now);
    const js = pathToFileURL(join(dist, 'task.js')).href;
    expect(workerModule(caller, 'task')).toEqual({ filename: js, execArgv: [], taskModule: js });
    utimesSync(join(src, 'task.ts'), now + 100, now + 100);
    expect(workerModule(caller, 'task').taskModule).toBe(pathToFileURL(join(src, 'task.ts')).href);
  });

  it('runs the source when another source file of the package is newer than the build', () => {
    const now = Date.now() / 1000;
    utimesSync(join(src, 'task.ts'), now - 100, now - 100);
    utimesSync(join(dist, 'task.js'), now, now);
    const js = pathToFileURL(join(dist, 'task.js')).href;
    expect(workerModule(caller, 'task').taskModule).toBe(js);
    mkdirSync(join(root, 'src', 'chip'), { recursive: true });
    writeFileSync(join(root, 'src', 'chip', 'dep.ts'), '');
    utimesSync(join(root, 'src', 'chip', 'dep.ts'), now + 100, now + 100);
    expect(workerModule(caller, 'task').taskModule).toBe(pathToFileURL(join(src, 'task.ts')).href);
  });

  it('from a built caller, uses the sibling .js', () => {
    const m = workerModule(pathToFileURL(join(dist, 'pool.js')).href, 'task');
    const js = pathToFileURL(join(dist, 'task.js')).href;
    expect(m).toEqual({ filename: js, execArgv: [], taskModule: js });
  });
});
