import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logging.js';

describe('log redaction', () => {
  it('censors personal-data fields at any of the first three levels', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(c, _e, cb) {
        lines.push(c.toString());
        cb();
      },
    });
    const app = Fastify({ logger: loggerOptions({ level: 'info', stream }) });
    app.log.info(
      { idNumber: '030192628005', report: { fullName: 'Phạm Thị Hà', person: { face: 'AAAA' } } },
      'x',
    );
    app.log.info({ body: { anything: 'Phạm Thị Hà' } }, 'y');
    await app.close();
    const text = lines.join('');
    expect(text).not.toContain('030192628005');
    expect(text).not.toContain('Phạm Thị Hà');
    expect(text).not.toContain('AAAA');
    expect(text.match(/\[redacted\]/g)?.length).toBe(4);
  });
});
