/**
 * The response headers of helmet (the library behind @fastify/helmet),
 * computed once. @fastify/helmet builds helmet's middleware chain again for
 * every request, re-parsing the Content-Security-Policy directives each time;
 * with static options (no per-request nonces) every response gets the same
 * headers, so they are taken once from helmet's own middleware, run against a
 * recording response, and copied onto each reply.
 */
import { createRequire } from 'node:module';

type Middleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
const require = createRequire(import.meta.url);
// helmet is @fastify/helmet's dependency; it is resolved from there so both use the same copy.
const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as (
  options?: object,
) => Middleware;

export interface SecurityHeaders {
  /** Header name (lower case) → value. */
  readonly set: Readonly<Record<string, string>>;
  /** Headers helmet removes (X-Powered-By). */
  readonly remove: readonly string[];
}

export function securityHeaders(options: object = {}): SecurityHeaders {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      remove.push(name.toLowerCase());
    },
  };
  let failure: unknown;
  let finished = false;
  helmet(options)({}, recorder, (err) => {
    failure = err;
    finished = true;
  });
  // Static options set every header synchronously; anything else would need the request.
  if (failure !== undefined || !finished) throw new Error('helmet options must be static');
  return { set, remove };
}
