/**
 * A small signing client for the service. `signedHeaders` is the primitive
 * (also used by tests and the load benchmark); `DinhdanhClient` wraps fetch.
 */
import { randomBytes } from 'node:crypto';
import { headers, signParts } from './signing.js';

export interface SigningKey {
  readonly keyId: string;
  /** Raw bytes, or the base64url text found in the clients file. */
  readonly secret: Uint8Array | string;
}

export interface SignInput {
  readonly method: string;
  /** Path and query exactly as they will be sent. */
  readonly path: string;
  readonly body?: Uint8Array;
  readonly idempotencyKey?: string;
  /** Unix milliseconds; Date.now() when absent. */
  readonly now?: number;
  /** A fresh random nonce when absent. */
  readonly nonce?: string;
}

const secretBytes = (s: Uint8Array | string): Uint8Array =>
  typeof s === 'string' ? Buffer.from(s, 'base64url') : s;

export const newNonce = (): string => randomBytes(18).toString('base64url');

/** The four signing headers (plus Idempotency-Key when given) for one request. */
export function signedHeaders(key: SigningKey, input: SignInput): Record<string, string> {
  const timestamp = Math.floor((input.now ?? Date.now()) / 1000);
  const nonce = input.nonce ?? newNonce();
  const signature = signParts(secretBytes(key.secret), {
    method: input.method,
    path: input.path,
    timestamp,
    nonce,
    idempotencyKey: input.idempotencyKey,
    body: input.body ?? new Uint8Array(0),
  });
  const out: Record<string, string> = {
    [headers.keyId]: key.keyId,
    [headers.timestamp]: String(timestamp),
    [headers.nonce]: nonce,
    [headers.signature]: signature,
  };
  if (input.idempotencyKey !== undefined) out[headers.idempotencyKey] = input.idempotencyKey;
  return out;
}

export interface ClientResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  readonly body: unknown;
}

export interface RequestOptions {
  /** Serialised as JSON. */
  readonly json?: unknown;
  /** Raw bytes with an explicit content type (e.g. application/msgpack). */
  readonly body?: Uint8Array;
  readonly contentType?: string;
  readonly idempotencyKey?: string;
}

export class DinhdanhClient {
  readonly #base: URL;
  readonly #key: SigningKey;

  constructor(baseUrl: string, key: SigningKey) {
    this.#base = new URL(baseUrl);
    this.#key = key;
  }

  async request(method: string, path: string, o: RequestOptions = {}): Promise<ClientResponse> {
    const body = o.json !== undefined ? Buffer.from(JSON.stringify(o.json)) : o.body;
    const contentType = o.json !== undefined ? 'application/json' : o.contentType;
    const url = new URL(path, this.#base);
    const h = signedHeaders(this.#key, {
      method,
      path: `${url.pathname}${url.search}`,
      body,
      idempotencyKey: o.idempotencyKey,
    });
    if (body !== undefined && contentType !== undefined) h['content-type'] = contentType;
    const res = await fetch(url, { method, headers: h, body });
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.includes('json') === true;
    return {
      status: res.status,
      headers: res.headers,
      body: isJson && text.length > 0 ? JSON.parse(text) : text,
    };
  }
}
