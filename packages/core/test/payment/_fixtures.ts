/** Synthetic requests and services for the payment tests (no real people: masked IDs and opaque refs only). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error better-sqlite3 ships no types; tests only call exec/close.
import Database from 'better-sqlite3';
import postgres from 'postgres';
import {
  createPaymentService,
  createPostgresStore,
  createSigner,
  createSqliteStore,
  generateSigningKey,
  type PaymentService,
  type PaymentStore,
  type PolicySettings,
} from '../../src/payment/index.js';

export const NOW = Date.parse('2026-03-10T03:00:00.000Z'); // 10:00 in Vietnam

export class TestClock {
  constructor(public t: number = NOW) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export const SIGNING_KEY = generateSigningKey('k-2026-03');

/** A request the default policy approves: fresh chip verification and a fresh face match bound to it. */
export function authorizeBody(over: Record<string, unknown> = {}, at: number = NOW): Record<string, unknown> {
  const payer = {
    ref: 'cust-0001',
    verificationId: 'ver-0001',
    maskedId: '001******789',
    accountTier: 'ekyc',
    deviceId: 'dev-a',
    documentExpiresOn: '2031-05-01',
    chipVerifiedAt: new Date(at - 86_400_000).toISOString(),
    biometric: {
      method: 'chip_face_match',
      verifiedAt: new Date(at - 60_000).toISOString(),
      verificationId: 'ver-0001',
    },
    ...((over.payer as object | undefined) ?? {}),
  };
  return {
    payee: { code: 'HCM-DVC-01', bin: '970436', account: '0071000123456' },
    fee: { code: 'PUBLIC_SERVICE_FEE', description: 'Birth certificate copy' },
    amount: 50_000,
    currency: 'VND',
    channel: 'public_service_portal',
    requestedAt: new Date(at).toISOString(),
    ...over,
    payer,
  };
}

export interface StoreFactory {
  readonly name: string;
  readonly available: boolean;
  /** A fresh, migrated store; `raw` runs SQL on a separate connection (for tamper tests). */
  open(): Promise<{ store: PaymentStore; cleanup(): Promise<void>; raw(sql: string): Promise<void> }>;
}

export const DATABASE_URL = process.env.DATABASE_URL;

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  available: true,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'dd-pay-'));
    const store = createSqliteStore({ filename: join(dir, 'pay.db') });
    return {
      store,
      async raw(sql: string) {
        const db = new Database(join(dir, 'pay.db'));
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let schemaSeq = 0;
export const postgresFactory: StoreFactory = {
  name: 'postgres',
  available: DATABASE_URL !== undefined,
  async open() {
    const schema = `dd_test_${process.pid}_${Date.now().toString(36)}_${schemaSeq++}`;
    const store = createPostgresStore({ url: DATABASE_URL!, schema });
    await store.ready();
    return {
      store,
      async raw(text: string) {
        const sql = postgres(DATABASE_URL!, {
          max: 1,
          onnotice: () => {},
          connection: { search_path: schema },
        });
        try {
          await sql.unsafe(text);
        } finally {
          await sql.end();
        }
      },
      async cleanup() {
        await store.dropSchema();
        await store.close();
      },
    };
  },
};

export function makeService(
  store: PaymentStore,
  clock: TestClock,
  policy: Partial<PolicySettings> = {},
): PaymentService {
  return createPaymentService({
    store,
    signer: createSigner({ keys: [SIGNING_KEY] }),
    clock,
    policy,
  });
}

/** Runs `f` and returns the DinhdanhError code it threw (or a marker). */
export async function codeOf(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return (e as { code?: string }).code ?? `untyped: ${String(e)}`;
  }
  return undefined;
}
