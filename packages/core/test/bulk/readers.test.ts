import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pack } from 'msgpackr';
import { afterAll, describe, expect, it } from 'vitest';
import { boundedLines } from '../../src/bulk/_lines.js';
import { type BulkItem, type CardResult, openCards, verifyMany } from '../../src/bulk/index.js';
import { cardToJsonLine, cardToMsgpack } from '../../src/cardgen/index.js';
import { AT, fixtureCards, trustOf } from './_helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'dinhdanh-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function items(path: string, maxCardBytes?: number): Promise<BulkItem[]> {
  const src = await openCards(path, maxCardBytes === undefined ? {} : { maxCardBytes });
  const out: BulkItem[] = [];
  for await (const x of src.items) out.push(x);
  return out;
}

const errorOf = (x: BulkItem) => ('error' in x && x.error ? x.error : undefined);

describe('bounded line reader', () => {
  it('splits lines across chunks, drops CR, reports over-long lines by number', async () => {
    async function* chunks() {
      yield Buffer.from('ab');
      yield Buffer.from('c\r\n\nxxxxxxxxxx');
      yield Buffer.from('xxxx\nlast');
    }
    const out = [];
    for await (const l of boundedLines(chunks(), 8))
      out.push(l.text ? l.text.toString() : `too long ${l.tooLong}`);
    expect(out).toEqual(['abc', '', 'too long 14', 'last']);
  });
});

describe('bounded line reader memory', () => {
  it('holds at most the limit of a 50 MB line, however long it is', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const MB = 1 << 20;
    const held: number[] = [];
    gc();
    const base = process.memoryUsage().arrayBuffers;
    async function* junk() {
      for (let i = 0; i < 50; i++) {
        yield Buffer.alloc(MB, 0x41); // fresh each time, like a file stream
        gc(); // the reader has taken the chunk: what is still alive is what it holds
        held.push(process.memoryUsage().arrayBuffers - base);
      }
      yield Buffer.from('\nnext\n');
    }
    const out = [];
    for await (const l of boundedLines(junk(), 4 * MB)) out.push(l.text ? l.text.toString() : l.tooLong);
    expect(out).toEqual([50 * MB, 'next']);
    // The limit (4 MB) plus the chunk in hand, never the whole 50 MB.
    expect(Math.max(...held)).toBeLessThan(8 * MB);
  });
});

describe('card readers', () => {
  const { dir, cards } = fixtureCards('bp384');
  const lines = cards.slice(0, 3).map(cardToJsonLine);

  it('reads NDJSON and names the line of each bad one; a 50 MB junk line is skipped in bounded memory', async () => {
    const path = join(tmp, 'mixed.ndjson');
    // Written synchronously from one 1 MB buffer, so the test itself holds no 50 MB.
    const fd = openSync(path, 'w');
    writeSync(fd, `${lines[0]}\n`);
    writeSync(fd, '{"version":1,\n'); // malformed
    writeSync(fd, '\n'); // blank: ignored
    const noSod = JSON.parse(lines[1]!);
    delete noSod.sod;
    writeSync(fd, `${JSON.stringify(noSod)}\n`); // missing field
    const junk = Buffer.alloc(1 << 20, 0x41);
    for (let i = 0; i < 50; i++) writeSync(fd, junk); // 50 MB, one line
    writeSync(fd, '\n');
    writeSync(fd, `${lines[2]}\r\n`);
    closeSync(fd);
    const got = await items(path);
    expect(got).toHaveLength(5);
    expect(got[0]!.source).toBe('mixed.ndjson:1');
    expect(errorOf(got[0]!)).toBeUndefined();
    expect(errorOf(got[1]!)).toEqual({ code: 'DD_BULK_BAD_LINE', message: 'line 2: not valid JSON' });
    expect(errorOf(got[2]!)!.code).toBe('DD_BULK_BAD_LINE');
    expect(errorOf(got[2]!)!.message).toContain('line 4');
    expect(errorOf(got[2]!)!.message).toContain('$.sod');
    expect(errorOf(got[3]!)!.code).toBe('DD_BULK_LINE_TOO_LONG');
    expect(got[3]!.source).toBe('mixed.ndjson:5');
    expect(got[4]!.source).toBe('mixed.ndjson:6');
    expect(errorOf(got[4]!)).toBeUndefined();
  });

  it('verifies an NDJSON file end to end with the summary counts per card', async () => {
    const path = join(tmp, 'run.ndjson');
    writeFileSync(path, `${cards.map(cardToJsonLine).join('\n')}\nnot json\n`);
    const src = await openCards(path);
    const results: CardResult[] = [];
    for await (const r of verifyMany(src.items, { trust: trustOf(dir), workers: 2, at: AT })) results.push(r);
    expect(results).toHaveLength(cards.length + 1);
    cards.forEach((c, i) => {
      expect(results[i]!.verdict).toBe(c.expect!.verdict);
    });
    expect(results.at(-1)).toMatchObject({ verdict: 'error', source: `run.ndjson:${cards.length + 1}` });
  });

  it('reads msgpack streams record by record; a truncated or corrupt tail is one error', async () => {
    const recs = cards.slice(0, 3).map(cardToMsgpack);
    const whole = Buffer.concat(recs);
    const ok = join(tmp, 'ok.msgpack');
    writeFileSync(ok, whole);
    const got = await items(ok);
    expect(got.map((x) => errorOf(x))).toEqual([undefined, undefined, undefined]);
    expect(got.map((x) => x.id)).toEqual(cards.slice(0, 3).map((c) => c.id));
    expect(got[2]!.source).toBe('ok.msgpack#2');

    const cut = join(tmp, 'cut.msgpack');
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const got2 = await items(cut);
    expect(got2).toHaveLength(3);
    expect(errorOf(got2[2]!)).toMatchObject({ code: 'DD_BULK_STREAM_CORRUPT' });

    const notCard = join(tmp, 'odd.msgpack');
    writeFileSync(notCard, Buffer.concat([recs[0]!, Buffer.from([0x2a]), recs[1]!])); // 42: not a card
    const got3 = await items(notCard);
    expect(got3.map((x) => errorOf(x)?.code)).toEqual([undefined, 'DD_BULK_BAD_RECORD', undefined]);

    // A record larger than the limit is not buffered whole: the rest of the stream is skipped.
    const big = join(tmp, 'big.msgpack');
    writeFileSync(big, Buffer.concat([recs[0]!, pack({ version: 1, sod: Buffer.alloc(300_000) })]));
    const got4 = await items(big, 100_000);
    expect(got4.map((x) => errorOf(x)?.code)).toEqual([undefined, 'DD_BULK_LINE_TOO_LONG']);
  });

  it('reads a directory of card files; an unreadable entry is an error item', async () => {
    const d = join(tmp, 'cards');
    mkdirSync(d);
    writeFileSync(join(d, 'a.json'), readFileSync(join(dir, 'cards', 'card-000001.json')));
    writeFileSync(join(d, 'b.json'), '{"version":1}');
    mkdirSync(join(d, 'c.json')); // a directory: not a regular file, not listed
    writeFileSync(join(d, 'notes.txt'), 'ignored');
    const src = await openCards(d);
    expect(src.format).toBe('dir');
    const got = await items(d);
    expect(got.map((x) => x.source)).toEqual(['a.json', 'b.json']);
    expect(errorOf(got[1]!)!.code).toBe('DD_BULK_BAD_RECORD');
  });

  it('refuses a path that cannot be read with DD_BULK_READ_FAILED', async () => {
    await expect(openCards(join(tmp, 'missing.ndjson'))).rejects.toMatchObject({
      code: 'DD_BULK_READ_FAILED',
      message: expect.stringContaining('ENOENT'),
    });
    await expect(openCards(tmp, { maxCardBytes: 0 })).rejects.toMatchObject({ code: 'DD_BULK_BAD_ARGUMENT' });
  });
});
