import Fastify from 'fastify';

export interface TargetConfig {
  readonly kind: 'hello' | 'service';
  /** service: directory for SQLite files. */
  readonly dataDir?: string;
  /** service: base64url secret of the bench client key. */
  readonly secret?: string;
}

export interface Target {
  readonly url: string;
  close(): Promise<void>;
}

async function hello(): Promise<Target> {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

export async function startTarget(c: TargetConfig): Promise<Target> {
  if (c.kind === 'hello') return hello();
  const { startBenchService } = await import('./_http-service.js');
  return startBenchService(c);
}
