/**
 * `dinhdanh conformance wycheproof <file.json>… [--backend wasm|node|auto] [--json]`
 * Runs Wycheproof v1 signature-verification files through verifySignature:
 * one line per file, then `N passed, M failed`; exit 1 on any failure.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Backend, runWycheproof, type WycheproofResult } from '@dinhdanh/core/sig';
import { parseOrUsage } from './_args.js';
import type { Command } from './index.js';

const USAGE = 'usage: dinhdanh conformance wycheproof <file.json>… [--backend wasm|node|auto] [--json]';
const BACKENDS: readonly string[] = ['wasm', 'node', 'auto'];

export const conformance: Command = {
  path: ['conformance', 'wycheproof'],
  summary: 'run Wycheproof signature-verification vectors',
  usage: USAGE,
  async run(argv) {
    const parsed = parseOrUsage(() => parse(argv), USAGE);
    if (parsed === undefined) return 2;
    const { values, positionals } = parsed;
    const backend = (values.backend ?? 'auto') as Backend;
    if (!BACKENDS.includes(backend) || positionals.length === 0) {
      console.error(USAGE);
      return 2;
    }
    const results: (WycheproofResult & { file: string })[] = [];
    for (const file of positionals) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        console.error(`${file}: cannot read JSON (${(e as Error).message})`);
        return 2;
      }
      const r = { file: basename(file), ...runWycheproof(doc, backend) };
      results.push(r);
      if (!values.json) {
        console.log(
          `${r.file}: ${r.passed}/${r.tests} passed, ${r.failed} failed, ` +
            `${r.acceptable} acceptable (${r.acceptableVerified} verified) [${backend}]`,
        );
        for (const f of r.failures)
          console.log(`  tcId ${f.tcId}: expected ${f.expected}, got ${f.got} — ${f.comment}`);
      }
    }
    const passed = results.reduce((s, r) => s + r.passed, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    if (values.json) console.log(JSON.stringify({ backend, files: results, passed, failed }, null, 2));
    else console.log(`${passed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { backend: { type: 'string' }, json: { type: 'boolean' } },
  });
}
