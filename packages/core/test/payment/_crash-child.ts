/**
 * Child process for the crash tests: authorises under load and prints
 * `ack <key> <paymentId>` only after the service call resolved (i.e. after the
 * commit was durable). The parent SIGKILLs it at a random moment.
 *
 *   argv: <sqlite|postgres> <file-or-url> <schema> <round> <baseTimeMs>
 */
import {
  createPaymentService,
  createPostgresStore,
  createSigner,
  createSqliteStore,
} from '../../src/payment/index.js';
import { CRASH_KEY, crashBody } from './_crash-shared.js';

const [kind, location, schema, round, base] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const store =
  kind === 'sqlite'
    ? createSqliteStore({ filename: location })
    : createPostgresStore({ url: location, schema, max: 8 });
if ('ready' in store) await store.ready();
const svc = createPaymentService({ store, signer: createSigner({ keys: [CRASH_KEY] }) });
process.stdout.write('ready\n');

let next = 0;
const worker = async () => {
  for (;;) {
    const i = next++;
    const key = `crash-${round}-${i}`;
    const { payment } = await svc.authorize('crash', key, crashBody(i, Number(base)));
    process.stdout.write(`ack ${key} ${payment.id} ${i}\n`);
  }
};
await Promise.all(Array.from({ length: 32 }, worker));
