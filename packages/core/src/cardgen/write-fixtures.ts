/**
 * Writes a fixture set to a directory: trust files, the cards (one JSON file
 * each, one NDJSON stream, or one msgpack stream) and a manifest. Cards are
 * built and written one at a time with stream backpressure, so memory stays
 * flat however many are asked for.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DinhdanhError } from '../errors/index.js';
import { cardToJson, cardToJsonLine, cardToMsgpack } from './card-json.js';
import { CardFactory, type CardFactoryOptions, type GeneratedCard } from './factory.js';
import { buildEncodedCards } from './parallel.js';
import { TAMPER_KINDS, tamperedCard } from './tamper.js';
import { trustFiles } from './trust-files.js';

export const FIXTURE_FORMATS = ['dir', 'ndjson', 'msgpack'] as const;
export type FixtureFormat = (typeof FIXTURE_FORMATS)[number];

export interface WriteFixturesOptions extends CardFactoryOptions {
  readonly count: number;
  readonly out: string;
  readonly format?: FixtureFormat;
  /** Add one card of every tampered kind after the valid ones. */
  readonly tampered?: boolean;
  /** Replace an existing non-empty output directory. */
  readonly force?: boolean;
  /** Threads building NDJSON/msgpack output (default 1: the calling thread). */
  readonly workers?: number;
  /** Called after each card (or batch of cards) is written. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FixtureManifest {
  readonly generator: string;
  readonly seed: string;
  readonly options: Record<string, unknown>;
  /** False when ECDSA signatures came from node:crypto with random nonces. */
  readonly reproducible: boolean;
  readonly format: FixtureFormat;
  readonly cards: { readonly valid: number; readonly tampered: readonly { id: string; check: string }[] };
  readonly cardFiles: readonly string[];
  readonly trust: {
    readonly anchors: readonly string[];
    readonly crls: readonly string[];
    readonly documentSigners: readonly string[];
    readonly neverTrust: readonly string[];
  };
}

function outputError(message: string, cause?: unknown): DinhdanhError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new DinhdanhError('DD_CARDGEN_OUTPUT', `${message}${why}`, { status: 500, cause });
}

/** The card options alone (plain data, so they can be sent to worker threads). */
function factoryOptions(o: WriteFixturesOptions): CardFactoryOptions {
  const { count: _c, out: _o, format: _f, tampered: _t, force: _r, workers: _w, onProgress: _p, ...card } = o;
  return card;
}

async function prepareDir(out: string, force: boolean): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw outputError('cannot read the output directory', e);
  }
  if (entries.length > 0) {
    if (!force) {
      throw new DinhdanhError(
        'DD_CARDGEN_BAD_OPTION',
        'output directory is not empty (--force replaces it)',
        {
          status: 400,
          details: { option: 'out' },
        },
      );
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

/** Writes `chunk`, waiting for 'drain' when the stream's buffer is full. */
async function put(stream: WriteStream, chunk: string | Uint8Array): Promise<void> {
  // events.once rejects on 'error' and removes both listeners either way.
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(resolve);
  });
}

export async function writeFixtures(o: WriteFixturesOptions): Promise<FixtureManifest> {
  const format = o.format ?? 'dir';
  if (!(FIXTURE_FORMATS as readonly string[]).includes(format)) {
    throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'format must be dir, ndjson or msgpack', {
      status: 400,
      details: { option: 'format' },
    });
  }
  if (!Number.isInteger(o.count) || o.count < 0 || o.count > 10_000_000) {
    throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'count must be an integer from 0 to 10,000,000', {
      status: 400,
      details: { option: 'count' },
    });
  }
  const factory = new CardFactory(o);
  await prepareDir(o.out, o.force ?? false);
  const tampered = o.tampered ?? false;
  const total = o.count + (tampered ? TAMPER_KINDS.length : 0);

  const trust = trustFiles(factory, factory.dscCount(o.count), tampered);
  try {
    for (const f of trust) {
      await mkdir(dirname(join(o.out, f.path)), { recursive: true });
      await writeFile(join(o.out, f.path), f.der);
    }
  } catch (e) {
    throw outputError('cannot write trust files', e);
  }

  function* dirCards(): Generator<GeneratedCard> {
    yield* factory.cards(o.count);
    if (tampered) for (const k of TAMPER_KINDS) yield tamperedCard(factory, k);
  }

  const cardFiles: string[] = [];
  let done = 0;
  try {
    if (format === 'dir') {
      await mkdir(join(o.out, 'cards'), { recursive: true });
      for (const c of dirCards()) {
        const path = `cards/${c.id}.json`;
        await writeFile(join(o.out, path), `${JSON.stringify(cardToJson(c), null, 2)}\n`);
        cardFiles.push(path);
        o.onProgress?.(++done, total);
      }
    } else {
      const path = format === 'ndjson' ? 'cards.ndjson' : 'cards.msgpack';
      const stream = createWriteStream(join(o.out, path));
      const batchSize = 200;
      for await (const chunk of buildEncodedCards({
        options: factoryOptions(o),
        count: o.count,
        format,
        workers: o.workers ?? 1,
        batchSize,
      })) {
        await put(stream, chunk);
        done = Math.min(o.count, done + batchSize);
        o.onProgress?.(done, total);
      }
      if (tampered) {
        for (const k of TAMPER_KINDS) {
          const c = tamperedCard(factory, k);
          await put(stream, format === 'ndjson' ? `${cardToJsonLine(c)}\n` : cardToMsgpack(c));
          o.onProgress?.(++done, total);
        }
      }
      await close(stream);
      cardFiles.push(path);
    }
  } catch (e) {
    if (e instanceof DinhdanhError) throw e;
    throw outputError('cannot write cards', e);
  }

  const opts = factory.options;
  const manifest: FixtureManifest = {
    generator: 'dinhdanh fixtures cards',
    seed: opts.seed,
    options: {
      alg: opts.alg,
      explicitParams: opts.explicitParams,
      cardsPerDsc: opts.cardsPerDsc,
      dg2Size: opts.dg2Size,
      dgHash: opts.dgHash,
      aaKey: opts.aaKey,
      fast: opts.fast,
      referenceDate: opts.referenceDate.toISOString(),
    },
    reproducible: !opts.fast,
    format,
    cards: {
      valid: o.count,
      tampered: tampered ? TAMPER_KINDS.map((k) => ({ id: `tampered-${k.name}`, check: k.check })) : [],
    },
    cardFiles: format === 'dir' && cardFiles.length > 50 ? ['cards/'] : cardFiles,
    trust: {
      anchors: trust.filter((f) => f.trusted && f.path.startsWith('csca')).map((f) => f.path),
      crls: trust.filter((f) => f.trusted && f.path.startsWith('crl')).map((f) => f.path),
      documentSigners: trust.filter((f) => f.path.startsWith('dsc/')).map((f) => f.path),
      neverTrust: trust.filter((f) => !f.trusted && !f.path.startsWith('dsc/')).map((f) => f.path),
    },
  };
  await writeFile(join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
