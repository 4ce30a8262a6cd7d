import { describe, expect, it, vi } from 'vitest';
import { vietqrCommand } from '../src/commands/vietqr.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  try {
    return { code: await vietqrCommand.run(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const PAYLOAD =
  '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6';

describe('dinhdanh vietqr', () => {
  it('encode reproduces a known payload from its fields', async () => {
    const r = await run([
      'encode',
      '--bin',
      '970416',
      '--account',
      '257678859',
      '--amount',
      '10000',
      '--purpose',
      'Chuyen tien',
    ]);
    expect(r).toEqual({ code: 0, out: PAYLOAD, err: '' });
  });

  it('decode prints fields, or JSON with --json', async () => {
    const text = await run(['decode', PAYLOAD]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^amount\s+10000$/m);
    const json = await run(['decode', PAYLOAD, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ bin: '970416', amount: 10000, purpose: 'Chuyen tien' });
  });

  it('bad arguments exit 2 with the usage; bad payloads raise the typed error', async () => {
    expect((await run(['encode', '--bin', '970416'])).code).toBe(2);
    expect((await run(['encode', '--bin', '970416', '--account', '1', '--amount', '1.5'])).code).toBe(2);
    expect((await run(['encode', '--nope'])).code).toBe(2);
    expect((await run(['decode'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    await expect(run(['decode', `${PAYLOAD.slice(0, -1)}7`])).rejects.toMatchObject({
      code: 'DD_VIETQR_CRC_MISMATCH',
    });
  });
});
