/**
 * `dinhdanh masterlist verify <file.ml> [--json]`
 * Checks a CSCA master list (ICAO 9303-12 §9): its CMS signature, that the
 * list signer chains to a CSCA in the list, every self-signed CSCA and every
 * link certificate. Exit 0 when the list is valid and every self-signed
 * CSCA verifies, 1 otherwise, 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseMasterList, verifyMasterList } from '@dinhdanh/core/chip';
import { parseOrUsage } from './_args.js';
import type { Command } from './index.js';

const USAGE = 'usage: dinhdanh masterlist verify <file.ml> [--json]';

export const masterlistVerify: Command = {
  path: ['masterlist', 'verify'],
  summary: 'verify a CSCA master list: signature, signer chain, every CSCA and link certificate',
  usage: USAGE,
  async run(argv) {
    const parsed = parseOrUsage(() => parse(argv), USAGE);
    if (parsed === undefined) return 2;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
      console.error(USAGE);
      return 2;
    }
    const file = positionals[0]!;
    const r = verifyMasterList(parseMasterList(new Uint8Array(readFileSync(file))));
    const ok = r.valid && r.selfSigned.verified === r.selfSigned.total;
    if (values.json) {
      console.log(JSON.stringify({ file: basename(file), ...r }, null, 2));
      return ok ? 0 : 1;
    }
    const lines = [
      `${basename(file)}: ${ok ? 'VALID' : 'INVALID'}`,
      `  signer:        ${r.signer ? `${r.signer.subject} (serial ${r.signer.serialHex})` : 'not found'}`,
      `  signature:     ${r.signature}${r.signatureReason ? ` [${r.signatureReason}]` : ''}`,
      `  signer chain:  ${r.signerChain}`,
      `  CSCAs:         ${r.cscaCount}`,
      `  self-signed:   ${r.selfSigned.verified}/${r.selfSigned.total} verified`,
      `  link certs:    ${r.link.verified}/${r.link.total} verified, ${r.link.issuerMissing} issuer missing`,
      '  by algorithm:',
      ...Object.entries(r.byAlgorithm)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([k, n]) => `    ${String(n).padStart(4)}  ${k}`),
    ];
    if (r.failures.length > 0) {
      lines.push('  failures:');
      for (const f of r.failures) lines.push(`    #${f.index} ${f.reason}: ${f.subject}`);
    }
    console.log(lines.join('\n'));
    return ok ? 0 : 1;
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, options: { json: { type: 'boolean' } } });
}
