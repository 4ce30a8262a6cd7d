/**
 * Payment documents are stored with an approval token's payload left out
 * when it can be rebuilt from the document; loading must give back the
 * token exactly as signed, and anything that cannot be rebuilt is stored
 * whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paymentJson } from '../../src/payment/_rows.js';
import { compactDoc, loadDoc } from '../../src/payment/_stored-doc.js';
import {
  createPaymentService,
  createSigner,
  createSqliteStore,
  type Payment,
  verifyAuthorization,
} from '../../src/payment/index.js';
import { authorizeBody, NOW, SIGNING_KEY, TestClock } from './_fixtures.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  f: string,
  o?: { readonly?: boolean },
) => { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown } }; close(): void };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dd-pay-doc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(issuer?: string) {
  const file = join(dir, 'pay.db');
  const store = createSqliteStore({ filename: file });
  const svc = createPaymentService({
    store,
    signer: createSigner({ keys: [SIGNING_KEY] }),
    clock: new TestClock(),
    ...(issuer === undefined ? {} : { issuer }),
  });
  const rawDoc = (id: string): string => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT doc FROM payments WHERE id = ?').pluck().get(id) as string;
    } finally {
      db.close();
    }
  };
  return { store, svc, rawDoc };
}

describe('stored payment documents', () => {
  for (const issuer of [undefined, 'bank.example "gw" \\ 1']) {
    it(`store an approval token without its payload and load it byte for byte (issuer ${issuer ?? 'default'})`, async () => {
      const { store, svc, rawDoc } = open(issuer);
      const { payment } = await svc.authorize('gw-1', 'key-doc-0001', authorizeBody());
      const full = JSON.stringify(payment);
      const raw = rawDoc(payment.id);
      const signedPayload = payment.token!.split('.')[1]!;
      expect(raw).not.toContain(signedPayload);
      expect(raw.length).toBeLessThan(full.length - 300);
      expect(JSON.stringify(await svc.get('gw-1', payment.id))).toBe(full);
      const replay = await svc.authorize('gw-1', 'key-doc-0001', authorizeBody());
      expect(replay.replayed).toBe(true);
      expect(JSON.stringify(replay.payment)).toBe(full);
      verifyAuthorization((await svc.get('gw-1', payment.id)).token!, svc.jwks(), { now: NOW });
      // An update rewrites the document; the token is still the signed one.
      const captured = await svc.capture('gw-1', 'key-doc-0002', payment.id, { amount: 10_000 });
      expect(captured.payment.token).toBe(payment.token);
      expect((await svc.get('gw-1', payment.id)).token).toBe(payment.token);
      await store.close();
    });
  }

  it('stores a token whole when its payload cannot be rebuilt from the document', async () => {
    const { store, svc } = open();
    const { payment } = await svc.authorize('gw-1', 'key-doc-0003', authorizeBody());
    await store.close();
    const altered: Payment = { ...payment, amount: payment.amount + 1 };
    const json = JSON.stringify(altered);
    expect(compactDoc(altered, json)).toBe(json);
    const foreign: Payment = { ...payment, token: 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOjF9.c2ln' };
    expect(compactDoc(foreign, JSON.stringify(foreign))).toBe(JSON.stringify(foreign));
    const unsigned: Payment = { ...payment, token: null };
    expect(compactDoc(unsigned, JSON.stringify(unsigned))).toBe(JSON.stringify(unsigned));
  });

  it('loads documents stored whole (before schema version 3) unchanged', async () => {
    const { store, svc } = open();
    const { payment } = await svc.authorize('gw-1', 'key-doc-0004', authorizeBody());
    await store.close();
    expect(JSON.stringify(loadDoc(JSON.stringify(payment)))).toBe(JSON.stringify(payment));
    expect(JSON.stringify(loadDoc(compactDoc(payment, paymentJson(payment))))).toBe(JSON.stringify(payment));
  });
});
