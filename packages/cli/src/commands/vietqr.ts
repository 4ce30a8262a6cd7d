/**
 * `dinhdanh vietqr encode --bin 970436 --account 0071000123456 [--amount 50000] …`
 * `dinhdanh vietqr decode <payload> [--json]`
 */
import { parseArgs } from 'node:util';
import { decodeVietQr, encodeVietQr, type VietQrInput } from '@dinhdanh/core/vietqr';
import type { Command } from './index.js';

const usage = [
  'usage: dinhdanh vietqr encode --bin <6 digits> --account <number> [--card] [--amount <VND>] [--static]',
  '                              [--purpose <ascii>] [--reference <ascii>] [--bill <ascii>] [--mcc <4 digits>]',
  '                              [--name <merchant>] [--city <city>]',
  '       dinhdanh vietqr decode <payload> [--json]',
].join('\n');

/** Bad arguments: say why, show the usage, exit 2 (like the CLI's other usage errors). */
function usageError(message: string): number {
  console.error(`dinhdanh vietqr: ${message}\n${usage}`);
  return 2;
}

function parseEncode(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      bin: { type: 'string' },
      account: { type: 'string' },
      card: { type: 'boolean' },
      amount: { type: 'string' },
      static: { type: 'boolean' },
      purpose: { type: 'string' },
      reference: { type: 'string' },
      bill: { type: 'string' },
      mcc: { type: 'string' },
      name: { type: 'string' },
      city: { type: 'string' },
    },
  });
}

function encode(argv: readonly string[]): number {
  let parsed: ReturnType<typeof parseEncode>;
  try {
    parsed = parseEncode(argv);
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) return usageError(`unexpected argument '${positionals[0]}'`);
  if (values.bin === undefined || values.account === undefined)
    return usageError('--bin and --account are required');
  if (values.amount !== undefined && !/^\d{1,13}$/.test(values.amount))
    return usageError('--amount must be whole VND');
  const input: VietQrInput = {
    bin: values.bin,
    account: values.account,
    service: values.card ? 'QRIBFTTC' : 'QRIBFTTA',
    ...(values.static ? { initiation: 'static' as const } : {}),
    ...(values.amount === undefined ? {} : { amount: Number(values.amount) }),
    ...(values.purpose === undefined ? {} : { purpose: values.purpose }),
    ...(values.reference === undefined ? {} : { reference: values.reference }),
    ...(values.bill === undefined ? {} : { billNumber: values.bill }),
    ...(values.mcc === undefined ? {} : { mcc: values.mcc }),
    ...(values.name === undefined ? {} : { merchantName: values.name }),
    ...(values.city === undefined ? {} : { merchantCity: values.city }),
  };
  console.log(encodeVietQr(input));
  return 0;
}

function decode(argv: readonly string[]): number {
  let parsed: { values: { json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' } },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError('decode takes exactly one payload (quote it)');
  const fields = decodeVietQr(positionals[0]!);
  if (values.json) {
    console.log(JSON.stringify(fields, null, 2));
  } else {
    const width = Math.max(...Object.keys(fields).map((k) => k.length));
    for (const [k, v] of Object.entries(fields)) console.log(`${k.padEnd(width)}  ${v}`);
  }
  return 0;
}

export const vietqrCommand: Command = {
  path: ['vietqr'],
  summary: 'encode or decode a VietQR (NAPAS EMVCo) payment payload',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'encode') return encode(rest);
    if (sub === 'decode') return decode(rest);
    console.error(usage);
    return 2;
  },
};
