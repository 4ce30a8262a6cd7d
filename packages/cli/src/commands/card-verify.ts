/**
 * `dinhdanh card verify <card.json|dir>… --trust <ml|cert|crl|dir>… [--at DATE] [--json]`
 * Passive and active authentication plus CCCD checks for card JSON files
 * (docs/chip.md). Prints one verdict per card with its failing and warning
 * checks; cards carrying `expect` are compared with it. Exit 0 when every
 * card is verified (or, for labelled cards, matches its label), 1 otherwise,
 * 2 on bad arguments. Output never contains personal data.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CardJson,
  parseCardJson,
  TrustStore,
  type VerificationReport,
  verifyDocument,
} from '@dinhdanh/core/chip';
import { isDinhdanhError } from '@dinhdanh/core/errors';
import { parseOrUsage } from './_args.js';
import type { Command } from './index.js';

const USAGE = 'usage: dinhdanh card verify <card.json|dir>… --trust <ml|cert|crl|dir>… [--at DATE] [--json]';
const TRUST_EXT = /\.(ml|der|cer|crt|pem|crl)$/i;

/** Files of a path: the file itself, or a directory's files matching `ext` (sorted, not recursive). */
function filesOf(path: string, ext: RegExp): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => join(path, f));
}

interface CardResult {
  readonly file: string;
  readonly id: string | undefined;
  readonly label: string | undefined;
  readonly expect: CardJson['expect'];
  /** Whether the result matches `expect` (undefined without one). */
  readonly asExpected: boolean | undefined;
  readonly report: VerificationReport | undefined;
  readonly error: string | undefined;
}

/** A labelled card matches when the verdict agrees and, if a check is named, that check failed. */
function matches(card: CardJson, r: VerificationReport): boolean {
  const e = card.expect!;
  if (e.verdict !== r.verdict) return false;
  return e.check === undefined || r.checks.some((c) => c.check === e.check && c.status === 'fail');
}

export function verifyCardFile(file: string, trust: TrustStore, at: Date): CardResult {
  let card: CardJson;
  try {
    card = parseCardJson(readFileSync(file, 'utf8'));
  } catch (e) {
    const error = isDinhdanhError(e) ? `${e.code}: ${e.message}` : `cannot read (${(e as Error).message})`;
    return {
      file,
      id: undefined,
      label: undefined,
      expect: undefined,
      asExpected: undefined,
      report: undefined,
      error,
    };
  }
  const report = verifyDocument({
    sod: card.sod,
    dataGroups: card.dataGroups,
    trust,
    at,
    aa: card.aa,
    qr: card.qr,
  });
  return {
    file,
    id: card.id,
    label: card.label,
    expect: card.expect,
    asExpected: card.expect ? matches(card, report) : undefined,
    report,
    error: undefined,
  };
}

function print(r: CardResult): void {
  const name = r.id ?? basename(r.file);
  if (r.error) {
    console.log(`${name}: ERROR ${r.error}`);
    return;
  }
  const rep = r.report!;
  const exp =
    r.expect === undefined
      ? ''
      : ` (expected ${r.expect.verdict}${r.expect.check ? ` at ${r.expect.check}` : ''}: ${r.asExpected ? 'ok' : 'MISMATCH'})`;
  console.log(`${name}: ${rep.verdict.toUpperCase()}${exp}`);
  for (const c of rep.checks) {
    if (c.status === 'fail' || c.status === 'warn') {
      console.log(
        `  ${c.status.padEnd(4)} ${c.check}${c.reason ? ` [${c.reason}]` : ''}${c.detail ? ` ${c.detail}` : ''}`,
      );
    }
  }
}

export const cardVerify: Command = {
  path: ['card', 'verify'],
  summary: 'verify chip reads (card JSON): passive/active authentication and CCCD checks',
  usage: USAGE,
  async run(argv) {
    const parsed = parseOrUsage(() => parse(argv), USAGE);
    if (parsed === undefined) return 2;
    const { values, positionals } = parsed;
    const trustPaths = values.trust ?? [];
    if (positionals.length === 0 || trustPaths.length === 0) {
      console.error(USAGE);
      return 2;
    }
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) {
      console.error(`--at: not a date: ${values.at}\n${USAGE}`);
      return 2;
    }
    const trust = new TrustStore();
    for (const p of trustPaths) {
      for (const f of filesOf(p, TRUST_EXT)) {
        // A bad trust file is an error of configuration: stop (main prints the DinhdanhError).
        trust.add(new Uint8Array(readFileSync(f)), basename(f));
      }
    }
    const results: CardResult[] = [];
    for (const p of positionals) {
      for (const f of filesOf(p, /\.json$/i)) {
        const r = verifyCardFile(f, trust, at);
        results.push(r);
        if (!values.json) print(r);
      }
    }
    const ok = (r: CardResult) => !r.error && (r.asExpected ?? r.report!.verdict === 'verified');
    const good = results.filter(ok).length;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            at: at.toISOString(),
            trust: { anchors: trust.anchors.length, crls: trust.crls.length },
            cards: results.map((r) => ({
              file: basename(r.file),
              id: r.id,
              label: r.label,
              expect: r.expect,
              asExpected: r.asExpected,
              error: r.error,
              ...(r.report ?? {}),
            })),
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        `${good}/${results.length} cards ${results.some((r) => r.expect) ? 'as expected or verified' : 'verified'}`,
      );
    }
    return good === results.length ? 0 : 1;
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { trust: { type: 'string', multiple: true }, at: { type: 'string' }, json: { type: 'boolean' } },
  });
}
