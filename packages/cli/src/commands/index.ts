import { cardVerify } from './card-verify.js';
import { clientCommand } from './client.js';
import { conformance } from './conformance.js';
import { dedupe } from './dedupe.js';
import { demo } from './demo.js';
import { fixturesCards } from './fixtures-cards.js';
import { fixturesPopulation } from './fixtures-population.js';
import { link } from './link.js';
import { masterlistVerify } from './masterlist-verify.js';
import { serveCommand } from './serve.js';
import { verifyBulk } from './verify-bulk.js';
import { vietqrCommand } from './vietqr.js';

/**
 * Command table of the `dinhdanh` CLI. Each command lives in its own file and
 * exports a `Command`; add it here, one line each.
 */
export interface Command {
  /** Words after `dinhdanh` that select the command, e.g. ['card', 'verify']. */
  readonly path: readonly string[];
  /** One line for `dinhdanh help`. */
  readonly summary: string;
  /** Usage line(s) shown on bad arguments. */
  readonly usage: string;
  /** Runs with the remaining argv; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

export const commands: readonly Command[] = [
  conformance,
  cardVerify,
  masterlistVerify,
  fixturesCards,
  demo,
  vietqrCommand,
  link,
  dedupe,
  fixturesPopulation,
  clientCommand,
  serveCommand,
  verifyBulk,
];
