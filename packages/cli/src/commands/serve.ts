/**
 * `dinhdanh serve`: the service on its embedded default — SQLite under
 * ./data, a development client key generated on first start (shown once),
 * PostgreSQL instead when DATABASE_URL is set. `--demo` then sends one signed
 * request with the client and prints the answer.
 */
import { parseArgs } from 'node:util';
import { createService, DEV_KEY_ID, ensureDevClient, listen, loadClientsFile } from '@dinhdanh/server';
import { runDemo } from './_serve-demo.js';
import type { Command } from './index.js';

const usage = `usage: dinhdanh serve [--data ./data] [--host 127.0.0.1] [--port 8080] [--clients clients.json]
                      [--trust masterlist.ml|csca.der ...] [--log-level info] [--demo] [--exit]
  DATABASE_URL=postgres://…  use PostgreSQL instead of SQLite under --data`;

export const serveCommand: Command = {
  path: ['serve'],
  summary: 'run the HTTP service (SQLite under ./data by default)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string', default: './data' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        clients: { type: 'string' },
        trust: { type: 'string', multiple: true, default: [] },
        'log-level': { type: 'string' },
        demo: { type: 'boolean', default: false },
        exit: { type: 'boolean', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(usage);
      return 2;
    }
    const dataDir = values.data!;
    let clients: ReturnType<typeof loadClientsFile>;
    let clientsFile: string;
    if (values.clients !== undefined) {
      clientsFile = values.clients;
      clients = loadClientsFile(clientsFile);
    } else {
      const dev = ensureDevClient(dataDir);
      clientsFile = dev.clientsFile;
      clients = dev.clients;
      if (dev.createdSecret !== undefined) {
        console.log(`development client key created (shown once; kept in ${dev.clientsFile}, mode 0600):`);
        console.log(`  key id: ${DEV_KEY_ID}`);
        console.log(`  secret: ${dev.createdSecret}`);
      }
    }
    const databaseUrl = process.env.DATABASE_URL;
    const quiet = values.demo && values['log-level'] === undefined;
    const app = await createService({
      dataDir,
      databaseUrl,
      clients,
      trustFiles: values.trust!,
      devTrust: true,
      log: { level: values['log-level'] ?? (quiet ? 'warn' : 'info') },
    });
    const server = await listen(app, { host: values.host!, port });
    const store = databaseUrl === undefined ? `SQLite under ${dataDir}` : 'PostgreSQL (DATABASE_URL)';
    console.log(`dinhdanh listening on ${server.url} (${store}); OpenAPI at ${server.url}/docs`);
    console.log(`signed requests: dinhdanh client GET /v1/… --url ${server.url} --keys ${clientsFile}`);
    if (values.demo) {
      const ok = await runDemo(server.url, clientsFile);
      if (values.exit) {
        await server.close();
        return ok ? 0 : 1;
      }
    }
    // The listening socket keeps the process alive until a signal; close-with-grace drains it.
    return 0;
  },
};
