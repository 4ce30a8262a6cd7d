/**
 * `pnpm bench <name>` builds the packages and runs bench/<name>.ts against
 * their compiled JavaScript (dist/), the code an application embedding them
 * runs. Each benchmark prints a markdown table and writes
 * bench/results/<name>.json and .md.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <${available.join('|')}>`);
  process.exit(2);
}
await import(pathToFileURL(`${here}/${name}.ts`).href);
