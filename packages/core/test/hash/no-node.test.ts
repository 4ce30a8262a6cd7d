import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A runtime without node:crypto (a browser, a worker without Node.js APIs):
// the module is loaded in a child process with `globalThis.process` hidden
// while it initialises, which is how the node backend detects Node.js.
const entry = fileURLToPath(new URL('../../src/hash/index.ts', import.meta.url));
const script = `
const saved = globalThis.process;
globalThis.process = undefined;
const hash = await import(${JSON.stringify(entry)});
globalThis.process = saved;
const abc = new TextEncoder().encode('abc');
const out = { backends: hash.availableHashBackends(), sizes: {} };
for (const n of [0, 64, 500, 20000, 1 << 20]) out.sizes[n] = hash.hashBackendFor('sha256', n);
out.stream = hash.createHasher('sha384').backend;
out.digest = Buffer.from(hash.digest('sha256', abc)).toString('hex');
out.many = hash.digestMany('sha1', [abc, abc]).map((d) => Buffer.from(d).toString('hex'));
try { hash.digest('sha256', abc, { backend: 'node' }); } catch (e) { out.nodeError = e.code; }
try { hash.setDefaultHashBackend('node'); } catch (e) { out.setError = e.code; }
console.log(JSON.stringify(out));
`;

describe('without node:crypto', () => {
  it('loads, hashes on wasm (or noble) and refuses the node backend with a typed error', () => {
    const file = join(tmpdir(), `dinhdanh-no-node-${process.pid}.mts`);
    writeFileSync(file, script);
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', file], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(out.backends).toEqual(['wasm', 'noble']);
    expect(Object.values(out.sizes as Record<string, string>).every((b) => b !== 'node')).toBe(true);
    expect(out.stream).not.toBe('node');
    expect(out.digest).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(out.many).toEqual([
      'a9993e364706816aba3e25717850c26c9cd0d89d',
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    ]);
    expect(out.nodeError).toBe('DD_HASH_BACKEND_UNAVAILABLE');
    expect(out.setError).toBe('DD_HASH_BACKEND_UNAVAILABLE');
  });
});
