import { createService, parseClients } from '@dinhdanh/server';
import type { Target, TargetConfig } from './_http-targets.js';

export async function startBenchService(c: TargetConfig): Promise<Target> {
  const clients = parseClients({
    clients: [
      {
        keyId: 'bench',
        secret: c.secret,
        scopes: ['ekyc:verify', 'ekyc:read', 'payments:write', 'payments:read'],
        rateLimit: { max: 10_000_000, timeWindowMs: 60_000 },
      },
    ],
  });
  const app = await createService({
    dataDir: c.dataDir!,
    clients,
    devTrust: true,
    batchMaxCards: 100,
    log: { level: 'warn' },
    // Capacity is measured with load shedding off: under-pressure would turn the overload the
    // benchmark creates on purpose into 503s.
    app: { rateLimit: { max: 10_000_000, timeWindowMs: 60_000 }, pressure: false },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
