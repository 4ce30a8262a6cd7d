/**
 * Crash harness: start a child that authorises under load, SIGKILL it at a
 * random moment, reopen the store and check that every acknowledged
 * authorisation is present exactly once and the ledger balances.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// @ts-expect-error better-sqlite3 ships no types; the harness only reads counts.
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { expect } from 'vitest';
import {
  createPaymentService,
  createPostgresStore,
  createSigner,
  createSqliteStore,
  type PaymentStore,
} from '../../src/payment/index.js';
import { CRASH_KEY, crashBody } from './_crash-shared.js';

const CHILD = fileURLToPath(new URL('./_crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CrashTarget {
  readonly kind: 'sqlite' | 'postgres';
  /** SQLite file or PostgreSQL URL. */
  readonly location: string;
  readonly schema: string;
}

interface Ack {
  readonly id: string;
  readonly i: number;
}

/** Runs one child until a random kill; returns the acks it printed. */
function runChild(
  target: CrashTarget,
  round: number,
  base: number,
  killAfterMs: number,
): Promise<Map<string, Ack>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=source',
        CHILD,
        target.kind,
        target.location,
        target.schema,
        String(round),
        String(base),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks = new Map<string, Ack>();
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!; // a line cut by the kill is not an ack
      for (const line of lines) {
        if (line === 'ready') {
          setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, killAfterMs);
          continue;
        }
        const [tag, key, id, i] = line.split(' ');
        if (tag === 'ack') acks.set(key!, { id: id!, i: Number(i) });
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve(acks);
      else
        reject(new Error(`child ended by itself (code ${code}, signal ${signal}): ${stderr.slice(0, 2000)}`));
    });
  });
}

function openStore(target: CrashTarget): PaymentStore {
  return target.kind === 'sqlite'
    ? createSqliteStore({ filename: target.location })
    : createPostgresStore({ url: target.location, schema: target.schema, max: 2 });
}

/** Payment id an authorisation's idempotency record refers to. */
const createdId = (response: string): string => (JSON.parse(response) as { created: string }).created;

async function rawCounts(target: CrashTarget): Promise<{ payments: number; keys: number; keyIds: string[] }> {
  if (target.kind === 'sqlite') {
    const db = new Database(target.location, { readonly: true });
    try {
      const payments = db.prepare('SELECT COUNT(*) FROM payments').pluck().get() as number;
      const responses = db.prepare('SELECT response FROM idempotency_keys').pluck().all() as string[];
      return { payments, keys: responses.length, keyIds: responses.map(createdId) };
    } finally {
      db.close();
    }
  }
  const sql = postgres(target.location, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: target.schema },
  });
  try {
    const [p] = await sql`SELECT COUNT(*)::int AS n FROM payments`;
    const rows = await sql`SELECT response FROM idempotency_keys`;
    return { payments: p!.n, keys: rows.length, keyIds: rows.map((r) => createdId(r.response)) };
  } finally {
    await sql.end();
  }
}

/** Checks the store after a crash. */
async function verify(target: CrashTarget, acks: ReadonlyMap<string, Ack>, base: number): Promise<void> {
  const store = openStore(target);
  try {
    for (const [key, ack] of acks) {
      const stored = await store.getPayment(ack.id);
      if (stored?.payment.amount !== crashBody(ack.i, base).amount) {
        expect.fail(`acknowledged ${key} is missing or altered`);
      }
    }
    const counts = await rawCounts(target);
    // Exactly once: one payment per idempotency key, no payment without its key, no key without its payment.
    expect(counts.payments).toBe(counts.keys);
    const ids = new Set(counts.keyIds);
    expect(ids.size).toBe(counts.keys);
    const lost = [...acks.values()].filter((a) => !ids.has(a.id));
    expect(lost).toEqual([]);
    const ledger = await store.ledgerCheck();
    expect(ledger.unbalancedJournals).toBe(0);
    expect(ledger.total).toBe(0);
    expect(ledger.journals).toBe(counts.payments);
    // Replaying an acknowledged request after the restart returns the same authorisation.
    const [key, ack] = [...acks][Math.floor(Math.random() * acks.size)] ?? [];
    if (key !== undefined) {
      const svc = createPaymentService({ store, signer: createSigner({ keys: [CRASH_KEY] }) });
      const again = await svc.authorize('crash', key, crashBody(ack!.i, base));
      expect(again).toMatchObject({ replayed: true, payment: { id: ack!.id } });
    }
  } finally {
    await store.close();
  }
}

/** Kills the child `rounds` times at random moments, verifying after each restart. */
export async function crashLoop(
  target: CrashTarget,
  rounds: number,
): Promise<{ acks: number; rounds: number }> {
  const base = Date.now();
  const all = new Map<string, Ack>();
  for (let round = 0; round < rounds; round++) {
    const acks = await runChild(target, round, base, 30 + Math.floor(Math.random() * 400));
    for (const [k, v] of acks) all.set(k, v);
    await verify(target, all, base);
  }
  return { acks: all.size, rounds };
}
