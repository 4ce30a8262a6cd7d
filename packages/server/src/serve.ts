/**
 * Listening and graceful shutdown, kept apart from buildApp so tests never
 * open a port. On SIGINT/SIGTERM (close-with-grace) the server stops
 * accepting connections, in-flight requests finish, then the app's onClose
 * hooks close the worker pool and the database; a second signal or the grace
 * delay forces the exit.
 */
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  /** Loopback by default: expose deliberately. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Milliseconds in-flight work may take after a signal (10 s). */
  readonly graceMs?: number;
  /** Install signal handlers (true); tests that close the app themselves pass false. */
  readonly handleSignals?: boolean;
}

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: FastifyInstance, o: ListenOptions = {}): Promise<Listening> {
  if (o.handleSignals !== false) {
    const grace = closeWithGrace({ delay: o.graceMs ?? 10_000 }, async ({ signal, err }) => {
      if (err !== undefined) app.log.error({ err }, 'shutting down after an error');
      else app.log.info({ signal }, 'shutting down');
      await app.close();
    });
    app.addHook('onClose', async () => {
      grace.uninstall();
    });
  }
  const url = await app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 8080 });
  return { url, close: () => app.close() };
}
