import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService, listen, loadClientsFile } from '@dinhdanh/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { clientCommand } from '../src/commands/client.js';
import type { Command } from '../src/commands/index.js';
import { serveCommand } from '../src/commands/serve.js';

async function run(cmd: Command, argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(String(s)));
  const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void out.push(String(s)));
  try {
    return { code: await cmd.run(argv), out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dinhdanh serve and dinhdanh client', () => {
  it('serve --demo --exit: creates the dev key once, verifies the fixture card and authorises a payment', async () => {
    const data = join(dir, 'data');
    const first = await run(serveCommand, [
      '--demo',
      '--exit',
      '--port',
      '0',
      '--data',
      data,
      '--log-level',
      'silent',
    ]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('development client key created');
    expect(first.out).toMatch(/"verdict": "verified"/);
    expect(first.out).toMatch(/"masked": true/);
    expect(first.out).not.toContain('030192628005');
    expect(first.out).toMatch(/"code": "00"/);
    const again = await run(serveCommand, [
      '--demo',
      '--exit',
      '--port',
      '0',
      '--data',
      data,
      '--log-level',
      'silent',
    ]);
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('development client key created');
  });

  it('client: signs a request with a key from the clients file and prints the answer', async () => {
    const data = join(dir, 'data');
    // A server that stays up for the client, without signal handlers (closed below).
    const app = await createService({
      dataDir: data,
      clients: loadClientsFile(join(data, 'clients.json')),
      log: false,
    });
    const { url, close } = await listen(app, { port: 0, handleSignals: false });
    const body = join(dir, 'missing.json');
    writeFileSync(body, JSON.stringify({ amount: 1 }));
    const keys = join(data, 'clients.json');
    const notFound = await run(clientCommand, [
      'GET',
      '/v1/payments/authorizations/pay_x',
      '--url',
      url,
      '--keys',
      keys,
    ]);
    expect(notFound.code).toBe(1);
    expect(notFound.out).toContain('HTTP 404');
    expect(notFound.out).toContain('DD_PAY_NOT_FOUND');
    const bad = await run(clientCommand, [
      'POST',
      '/v1/ekyc/verifications',
      '--body',
      body,
      '--url',
      url,
      '--keys',
      keys,
    ]);
    expect(bad.out).toContain('HTTP 400');
    const usage = await run(clientCommand, ['GET']);
    expect(usage.code).toBe(2);
    await close();
  });
});
