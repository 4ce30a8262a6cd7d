/**
 * Signed authorisations: a compact JWS (RFC 7515 §7.1) with ES256 (RFC 7518
 * §3.4: ECDSA P-256 + SHA-256, signature as the 64-byte R‖S). Signing uses
 * node:crypto (OpenSSL, constant-time scalar multiplication); the private key
 * never leaves its KeyObject. `kid` names the key so keys can rotate: the
 * JWKS lists the active key and the retired ones still needed to verify
 * tokens that have not expired.
 *
 * `verifyAuthorization` is what a gateway runs: it checks the signature over
 * the token's bytes exactly as received, then the claims.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { payError } from './_errors.js';

export interface AuthorizationClaims {
  /** Issuer: who decided. */
  readonly iss: string;
  /** Audience: the client (gateway) the decision was made for. */
  readonly aud: string;
  /** Payment id. */
  readonly jti: string;
  /** Amount in whole VND. */
  readonly amt: number;
  readonly cur: 'VND';
  readonly payee: { readonly code: string; readonly bin: string; readonly account: string };
  readonly fee: string;
  /** ISO 8583 response code of the decision (`00`). */
  readonly rc: string;
  /** Policy version that made the decision. */
  readonly pol: string;
  /** Seconds since the epoch (RFC 7519 §4.1.6, §4.1.4). */
  readonly iat: number;
  readonly exp: number;
}

export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export interface Jwks {
  readonly keys: readonly PublicJwk[];
}

export interface SigningKey {
  readonly kid: string;
  /** P-256 private key as a JWK (`d`, `x`, `y`) or a node:crypto KeyObject. */
  readonly privateKey: JsonWebKey | KeyObject;
}

export interface AuthorizationSigner {
  readonly kid: string;
  sign(claims: AuthorizationClaims): string;
  /**
   * The same token as `sign`, computed off the event loop (libuv thread pool).
   * Optional: the service signs synchronously with signers that lack it.
   */
  signAsync?(claims: AuthorizationClaims): Promise<string>;
  jwks(): Jwks;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

function toKeyObject(k: SigningKey, path: string): KeyObject {
  if (typeof k.kid !== 'string' || !KID.test(k.kid)) {
    throw payError('DD_PAY_SIGNER_KEY_INVALID', `${path}.kid must be 1–64 [A-Za-z0-9._-]`, {
      path: `${path}.kid`,
    });
  }
  try {
    const key =
      k.privateKey instanceof Object && 'asymmetricKeyType' in k.privateKey
        ? (k.privateKey as KeyObject)
        : createPrivateKey({ key: k.privateKey as JsonWebKey, format: 'jwk' });
    if (
      key.type !== 'private' ||
      key.asymmetricKeyType !== 'ec' ||
      key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new Error('not a P-256 private key');
    }
    return key;
  } catch {
    throw payError('DD_PAY_SIGNER_KEY_INVALID', `${path} is not a P-256 private key`, { path });
  }
}

function publicJwk(kid: string, key: KeyObject): PublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' };
}

/** A fresh P-256 key (for tests, development and rotation tooling). */
export function generateSigningKey(kid: string): { readonly kid: string; readonly privateKey: JsonWebKey } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey: privateKey.export({ format: 'jwk' }) };
}

/**
 * Signs with `active` (default: the first key) and publishes every key's
 * public half, so tokens signed before a rotation keep verifying.
 */
export function createSigner(options: { keys: readonly SigningKey[]; active?: string }): AuthorizationSigner {
  if (!Array.isArray(options?.keys) || options.keys.length === 0) {
    throw payError('DD_PAY_SIGNER_KEY_INVALID', 'at least one signing key is required', { path: 'keys' });
  }
  const keys = options.keys.map((k, i) => ({ kid: k.kid, key: toKeyObject(k, `keys[${i}]`) }));
  const kid = options.active ?? keys[0]!.kid;
  const active = keys.find((k) => k.kid === kid);
  if (active === undefined) {
    throw payError('DD_PAY_SIGNER_KEY_INVALID', 'active kid is not among the keys', { path: 'active' });
  }
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
  const jwks: Jwks = { keys: keys.map((k) => publicJwk(k.kid, k.key)) };
  const key = { key: active.key, dsaEncoding: 'ieee-p1363' } as const;
  const signingInput = (claims: AuthorizationClaims): string => `${header}.${b64url(JSON.stringify(claims))}`;
  return {
    kid,
    sign(claims) {
      const input = signingInput(claims);
      return `${input}.${sign('sha256', Buffer.from(input, 'ascii'), key).toString('base64url')}`;
    },
    signAsync(claims) {
      const input = signingInput(claims);
      // With a callback, node:crypto runs the same OpenSSL signature as a thread-pool job.
      return new Promise((resolve, reject) =>
        sign('sha256', Buffer.from(input, 'ascii'), key, (err, sig) =>
          err ? reject(err) : resolve(`${input}.${sig.toString('base64url')}`),
        ),
      );
    },
    jwks: () => jwks,
  };
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw payError('DD_PAY_TOKEN_MALFORMED', `token ${what} is not a base64url JSON object`, { path: what });
}

export interface VerifyOptions {
  /** Epoch ms to check `exp` against; default now. */
  readonly now?: number;
  /** Leeway for `exp` in seconds; default 0. */
  readonly clockToleranceSeconds?: number;
  /** When set, `aud` must equal it. */
  readonly audience?: string;
}

/**
 * Verifies a signed authorisation against a JWKS and returns its claims.
 * The signature is checked over the received `header.payload` bytes (RFC 7515
 * §5.2), before any claim is trusted.
 */
export function verifyAuthorization(
  token: string,
  jwks: Jwks,
  options: VerifyOptions = {},
): AuthorizationClaims {
  const parts = typeof token === 'string' && token.length <= 8192 ? token.split('.') : [];
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) {
    throw payError('DD_PAY_TOKEN_MALFORMED', 'token is not a compact JWS (three base64url segments)', {});
  }
  const [h, p, s] = parts as [string, string, string];
  const header = decodeSegment(h, 'header');
  if (header.alg !== 'ES256' || header.crit !== undefined) {
    throw payError('DD_PAY_TOKEN_ALGORITHM', 'token must use ES256 without critical extensions', {
      path: 'header.alg',
    });
  }
  const jwk = jwks?.keys?.find((k) => k.kid === header.kid && k.kty === 'EC' && k.crv === 'P-256');
  if (jwk === undefined)
    throw payError('DD_PAY_TOKEN_KEY_UNKNOWN', 'no key in the JWKS matches the token kid', {});
  const signature = Buffer.from(s, 'base64url');
  let ok = false;
  try {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    ok =
      signature.length === 64 &&
      verify('sha256', Buffer.from(`${h}.${p}`, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw payError('DD_PAY_TOKEN_SIGNATURE_INVALID', 'token signature does not verify', {});
  const claims = decodeSegment(p, 'payload') as unknown as AuthorizationClaims;
  if (typeof claims.exp !== 'number' || typeof claims.amt !== 'number' || typeof claims.jti !== 'string') {
    throw payError('DD_PAY_TOKEN_MALFORMED', 'token claims lack exp, amt or jti', { path: 'payload' });
  }
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (nowSeconds > claims.exp + (options.clockToleranceSeconds ?? 0)) {
    throw payError('DD_PAY_TOKEN_EXPIRED', 'token is past its expiry', {});
  }
  if (options.audience !== undefined && claims.aud !== options.audience) {
    throw payError('DD_PAY_TOKEN_AUDIENCE', 'token was issued for another audience', { path: 'aud' });
  }
  return claims;
}
