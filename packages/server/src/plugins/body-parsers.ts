/**
 * Body parsers that keep the raw bytes: the request signature covers the
 * SHA-256 of the body exactly as sent, so the bytes are hashed before any
 * parsing. Only JSON and msgpack are accepted; anything else is 415.
 *
 * msgpack maps become plain objects and `bin` values become base64 strings, so
 * one JSON schema validates both encodings.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Unpackr } from 'msgpackr';
import { httpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes as received; empty when the request had no body. */
    rawBody: Buffer | undefined;
  }
}

export const MSGPACK = 'application/msgpack';
const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, int64AsType: 'number' });

/** Bytes → base64 strings, and reject keys that could poison prototypes. */
function normalise(value: unknown, depth = 0): unknown {
  if (depth > 32) throw httpError('DD_SERVER_MALFORMED_BODY', 'msgpack body nests too deeply');
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map((v) => normalise(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Map) throw httpError('DD_SERVER_MALFORMED_BODY', 'msgpack map keys must be strings');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype')
        throw httpError('DD_SERVER_MALFORMED_BODY', 'forbidden key in msgpack body');
      out[k] = normalise(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function decodeMsgpack(bytes: Buffer): unknown {
  if (bytes.length === 0) throw httpError('DD_SERVER_MALFORMED_BODY', 'empty msgpack body');
  let decoded: unknown;
  try {
    decoded = unpackr.unpack(bytes);
  } catch {
    throw httpError('DD_SERVER_MALFORMED_BODY', 'body is not valid msgpack');
  }
  return normalise(decoded);
}

export const bodyParsersPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('rawBody', undefined);
    const jsonParser = app.getDefaultJsonParser('error', 'error');
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (request: FastifyRequest, body, done) => {
        request.rawBody = body as Buffer;
        // secure-json-parse reads Buffers as UTF-8; the typing says string only.
        jsonParser(request, body as unknown as string, done);
      },
    );
    app.addContentTypeParser(MSGPACK, { parseAs: 'buffer' }, (request: FastifyRequest, body, done) => {
      request.rawBody = body as Buffer;
      try {
        done(null, decodeMsgpack(body as Buffer));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
  },
  { name: 'dinhdanh-body-parsers', fastify: '5.x' },
);
