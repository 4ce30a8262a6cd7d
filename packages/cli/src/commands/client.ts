/**
 * `dinhdanh client <method> <path>`: one signed request to the service, using
 * a key from a clients file (./data/clients.json, written by `dinhdanh serve`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DinhdanhClient, signingKeyFrom } from '@dinhdanh/server';
import type { Command } from './index.js';

const usage = `usage: dinhdanh client <GET|POST> <path> [--body file.json | --json '<json>' | --msgpack file]
                       [--url http://127.0.0.1:8080] [--keys ./data/clients.json] [--key-id dev]
                       [--idempotency-key key]`;

export const clientCommand: Command = {
  path: ['client'],
  summary: 'send one signed request to a running dinhdanh service',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        body: { type: 'string' },
        json: { type: 'string' },
        msgpack: { type: 'string' },
        url: { type: 'string', default: process.env.DINHDANH_URL ?? 'http://127.0.0.1:8080' },
        keys: { type: 'string', default: './data/clients.json' },
        'key-id': { type: 'string' },
        'idempotency-key': { type: 'string' },
      },
    });
    const [method, path] = positionals;
    if (method === undefined || path === undefined || !path.startsWith('/')) {
      console.error(usage);
      return 2;
    }
    const client = new DinhdanhClient(values.url!, signingKeyFrom(values.keys!, values['key-id']));
    const idempotencyKey = values['idempotency-key'];
    const res =
      values.msgpack !== undefined
        ? await client.request(method.toUpperCase(), path, {
            body: readFileSync(values.msgpack),
            contentType: 'application/msgpack',
            idempotencyKey,
          })
        : await client.request(method.toUpperCase(), path, {
            json:
              values.json !== undefined
                ? JSON.parse(values.json)
                : values.body !== undefined
                  ? JSON.parse(readFileSync(values.body, 'utf8'))
                  : undefined,
            idempotencyKey,
          });
    console.log(`HTTP ${res.status}`);
    console.log(typeof res.body === 'string' ? res.body : JSON.stringify(res.body, null, 2));
    return res.status < 400 ? 0 : 1;
  },
};
