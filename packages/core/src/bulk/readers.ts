/**
 * Card sources for bulk verification: NDJSON (one card JSON per line), a
 * msgpack stream (records one after another) or a directory of card JSON
 * files (docs/cardgen.md). Files are streamed; a bad line, record or file
 * becomes an error item naming where it was and the run goes on.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Packr } from 'msgpackr';
import { cardFromJson, cardFromMsgpackValue } from '../cardgen/card-json.js';
import { DinhdanhError, isDinhdanhError } from '../errors/index.js';
import { boundedLines } from './_lines.js';
import type { BulkItem, CardInput } from './types.js';

export interface ReaderOptions {
  /** Longest NDJSON line, msgpack record or card file accepted; default 16 MiB. */
  readonly maxCardBytes?: number;
  /** Called with the bytes consumed so far (progress). */
  readonly onBytes?: (bytes: number) => void;
}

export type CardFormat = 'ndjson' | 'msgpack' | 'dir';

export interface CardSource {
  readonly format: CardFormat;
  /** Input size: bytes for files, card files for a directory. */
  readonly size: number;
  readonly items: AsyncIterable<BulkItem>;
}

const DEFAULT_MAX = 16 * 1024 * 1024;

const readFailed = (what: string, e: unknown): DinhdanhError =>
  new DinhdanhError('DD_BULK_READ_FAILED', `${what}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, {
    status: 400,
  });

const whyNot = (e: unknown): string => (isDinhdanhError(e) ? e.message : 'not a card');

function toInput(r: ReturnType<typeof cardFromJson>, source: string): CardInput {
  return {
    ...(r.id === undefined ? {} : { id: r.id }),
    sod: r.sod,
    dataGroups: r.dataGroups,
    ...(r.aa === undefined ? {} : { aa: r.aa }),
    ...(r.qr === undefined ? {} : { qr: r.qr }),
    source,
  };
}

function maxOf(opts: ReaderOptions): number {
  const m = opts.maxCardBytes ?? DEFAULT_MAX;
  if (!Number.isInteger(m) || m < 1)
    throw new DinhdanhError('DD_BULK_BAD_ARGUMENT', 'maxCardBytes: a positive integer', { status: 400 });
  return m;
}

/** Chunks of a file; a read error mid-file ends the stream with an error item. */
async function* fileChunks(path: string, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    n += (chunk as Buffer).length;
    onBytes?.(n);
    yield chunk as Buffer;
  }
}

export async function* ndjsonCards(path: string, opts: ReaderOptions = {}): AsyncGenerator<BulkItem> {
  const max = maxOf(opts);
  const name = basename(path);
  try {
    for await (const line of boundedLines(fileChunks(path, opts.onBytes), max)) {
      const source = `${name}:${line.lineNo}`;
      if (line.tooLong !== undefined) {
        yield {
          source,
          error: {
            code: 'DD_BULK_LINE_TOO_LONG',
            message: `line ${line.lineNo}: over ${max} bytes, skipped`,
          },
        };
        continue;
      }
      const text = line.text.toString('utf8');
      if (text.trim() === '') continue;
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch {
        yield { source, error: { code: 'DD_BULK_BAD_LINE', message: `line ${line.lineNo}: not valid JSON` } };
        continue;
      }
      try {
        yield toInput(cardFromJson(o), source);
      } catch (e) {
        yield { source, error: { code: 'DD_BULK_BAD_LINE', message: `line ${line.lineNo}: ${whyNot(e)}` } };
      }
    }
  } catch (e) {
    yield { source: name, error: { code: 'DD_BULK_READ_FAILED', message: readFailed(name, e).message } };
  }
}

// Plain msgpack maps, as `dinhdanh fixtures cards --format msgpack` writes them.
const unpackr = new Packr({ useRecords: false, moreTypes: false });

export async function* msgpackCards(path: string, opts: ReaderOptions = {}): AsyncGenerator<BulkItem> {
  const max = maxOf(opts);
  const name = basename(path);
  let held: Buffer = Buffer.alloc(0);
  let record = 0;
  const values: { value: unknown; record: number }[] = [];
  try {
    for await (const chunk of fileChunks(path, opts.onBytes)) {
      held = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      let consumed = 0;
      try {
        unpackr.unpackMultiple(held, (value: unknown, _start?: number, end?: number) => {
          values.push({ value, record: record++ });
          consumed = end ?? held.length;
        });
      } catch (e) {
        const err = e as { incomplete?: boolean; lastPosition?: number };
        if (!err.incomplete) {
          for (const v of values.splice(0)) yield item(v.value, v.record, name);
          yield {
            source: `${name}#${record}`,
            error: {
              code: 'DD_BULK_STREAM_CORRUPT',
              message: `record ${record}: not msgpack; rest of file skipped`,
            },
          };
          return;
        }
        consumed = err.lastPosition ?? consumed;
      }
      for (const v of values.splice(0)) yield item(v.value, v.record, name);
      held = held.subarray(consumed);
      if (held.length > max) {
        yield {
          source: `${name}#${record}`,
          error: {
            code: 'DD_BULK_LINE_TOO_LONG',
            message: `record ${record}: over ${max} bytes; rest of file skipped`,
          },
        };
        return;
      }
      // Keep only the incomplete tail, not the chunk it came from.
      if (held.length > 0) held = Buffer.from(held);
    }
    if (held.length > 0)
      yield {
        source: `${name}#${record}`,
        error: { code: 'DD_BULK_STREAM_CORRUPT', message: `record ${record}: truncated at end of file` },
      };
  } catch (e) {
    yield { source: name, error: { code: 'DD_BULK_READ_FAILED', message: readFailed(name, e).message } };
  }
}

function item(value: unknown, record: number, name: string): BulkItem {
  const source = `${name}#${record}`;
  try {
    return toInput(cardFromMsgpackValue(value), source);
  } catch (e) {
    return { source, error: { code: 'DD_BULK_BAD_RECORD', message: `record ${record}: ${whyNot(e)}` } };
  }
}

async function* dirCards(dir: string, files: string[], opts: ReaderOptions): AsyncGenerator<BulkItem> {
  const max = maxOf(opts);
  let done = 0;
  for (const f of files) {
    const path = join(dir, f);
    try {
      const st = await stat(path);
      if (st.size > max) {
        yield {
          source: f,
          error: { code: 'DD_BULK_LINE_TOO_LONG', message: `${f}: over ${max} bytes, skipped` },
        };
        continue;
      }
      const text = await readFile(path, 'utf8');
      done++;
      opts.onBytes?.(done);
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch {
        yield { source: f, error: { code: 'DD_BULK_BAD_RECORD', message: `${f}: not valid JSON` } };
        continue;
      }
      try {
        yield toInput(cardFromJson(o), f);
      } catch (e) {
        yield { source: f, error: { code: 'DD_BULK_BAD_RECORD', message: `${f}: ${whyNot(e)}` } };
      }
    } catch (e) {
      yield { source: f, error: { code: 'DD_BULK_READ_FAILED', message: readFailed(f, e).message } };
    }
  }
}

/**
 * Opens a card source by what the path is: a directory (its `*.json` files,
 * sorted), `*.msgpack` / `*.mpk`, or otherwise NDJSON. Throws
 * DD_BULK_READ_FAILED when the path cannot be read at all.
 */
export async function openCards(path: string, opts: ReaderOptions = {}): Promise<CardSource> {
  maxOf(opts);
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (e) {
    throw readFailed(basename(path), e);
  }
  if (st.isDirectory()) {
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (e) {
      throw readFailed(basename(path), e);
    }
    const files = entries
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => e.name)
      .sort();
    return { format: 'dir', size: files.length, items: dirCards(path, files, opts) };
  }
  try {
    await (await open(path, 'r')).close();
  } catch (e) {
    throw readFailed(basename(path), e);
  }
  const format: CardFormat = /\.(msgpack|mpk)$/i.test(path) ? 'msgpack' : 'ndjson';
  return {
    format,
    size: st.size,
    items: format === 'msgpack' ? msgpackCards(path, opts) : ndjsonCards(path, opts),
  };
}
