/**
 * Child process for bench/http.ts: starts one HTTP target on 127.0.0.1 and
 * prints `READY <url>`; SIGTERM closes it. Kinds:
 *  - hello: bare Fastify with one route (the ceiling);
 *  - service: the dinhdanh service on its embedded default in a temp dir.
 */
import { startTarget } from './_http-targets.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const target = await startTarget(config);
process.stdout.write(`READY ${target.url}\n`);
process.on('SIGTERM', () => {
  void target.close().then(() => process.exit(0));
});
