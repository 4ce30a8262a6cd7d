/**
 * The SQLite store answers "is this the payer's known device?" from memory
 * once the database has said yes; a device remembered by an operation or a
 * batch that rolled back must not be reported as known.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownDevices } from '../../src/payment/_known-devices.js';
import { createSqliteStore } from '../../src/payment/index.js';

describe('KnownDevices', () => {
  it('keeps the last device per payer and forgets what a rollback undid', () => {
    const d = new KnownDevices(10);
    d.set('p', 'dev-1');
    d.committed();
    expect(d.has('p', 'dev-1')).toBe(true);
    expect(d.has('p', 'dev-2')).toBe(false);
    const mark = d.mark();
    d.set('q', 'dev-9');
    d.rollback(mark);
    expect(d.has('q', 'dev-9')).toBe(false);
    expect(d.has('p', 'dev-1')).toBe(true);
  });

  it('is bounded: the oldest entry makes room', () => {
    const d = new KnownDevices(2);
    for (const p of ['a', 'b', 'c']) d.set(p, 'x');
    expect(d.has('a', 'x')).toBe(false);
    expect(d.has('c', 'x')).toBe(true);
  });
});

describe('SQLite store known devices', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dd-pay-devices-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a device remembered by a failed operation as unknown, and a committed one as known', async () => {
    const store = createSqliteStore({ filename: join(dir, 'pay.db') });
    const failing = store.transact(async (tx) => {
      await tx.rememberDevice('payer-1', 'dev-1', 1);
      expect(await tx.deviceKnown('payer-1', 'dev-1')).toBe(true);
      throw new Error('fails after writing');
    });
    const other = store.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-1'));
    await expect(failing).rejects.toThrow('fails after writing');
    expect(await other).toBe(false);
    expect(await store.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-1'))).toBe(false);
    await store.transact(async (tx) => tx.rememberDevice('payer-1', 'dev-2', 2));
    expect(await store.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-2'))).toBe(true);
    expect(await store.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-1'))).toBe(false);
    await store.close();
    // A fresh store (empty cache) reads the same answers from the file.
    const reopened = createSqliteStore({ filename: join(dir, 'pay.db') });
    expect(await reopened.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-2'))).toBe(true);
    expect(await reopened.transact(async (tx) => tx.deviceKnown('payer-1', 'dev-1'))).toBe(false);
    await reopened.close();
  });
});
