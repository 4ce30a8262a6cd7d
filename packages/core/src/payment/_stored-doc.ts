/**
 * The stored form of a payment document. An approval's token is a compact
 * JWS `header.payload.signature` (RFC 7515 §7.1) whose payload is the
 * base64url JSON of claims that repeat the document's own fields (client,
 * id, amount, payee, fee, code, policy, creation and expiry time) plus the
 * issuer. Stored whole, that payload is ~390 of a row's ~1,550 bytes and
 * leaves two rows per 4 KiB page; without it three fit, and a batch commits a
 * third fewer payment pages.
 *
 * So the stored token may keep only `header.~issuer.signature`, and the
 * payload is rebuilt from the document on load. It is stored that way only
 * when the rebuilt payload equals the signed one byte for byte (checked on
 * every write); any other token is stored as it is. Loading restores the
 * exact signed bytes, so a read or a replay returns the token as issued.
 * Schema version 3 marks databases that may hold this form.
 */
import { instantMs } from './_time.js';
import type { Payment } from './model.js';

/** Starts the middle segment of a stored token whose payload was left out (not a base64url character). */
const MARK = '~';

/** The issuer of the last token rebuilt or checked: almost always the same one. */
let lastIssuer = 'dinhdanh';

/** The base64url claims an approval of `p` carries (the service's order of claims). */
function payloadOf(p: Payment, iss: string): string {
  const claims = {
    iss,
    aud: p.clientId,
    jti: p.id,
    amt: p.amount,
    cur: p.currency,
    payee: p.payee,
    fee: p.fee.code,
    rc: p.decision.code,
    pol: p.decision.policyVersion,
    iat: Math.floor(instantMs(p.createdAt) / 1000),
    exp: Math.floor(instantMs(p.expiresAt!) / 1000),
  };
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

/** The issuer named in a token's payload, or undefined when it has none. */
function issuerOf(payload: string): string | undefined {
  try {
    const iss: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `json` (the document's full JSON) with the token's payload left out when
 * it can be rebuilt exactly; otherwise `json` itself.
 */
export function compactDoc(p: Payment, json: string): string {
  const token = p.token;
  if (token === null || p.expiresAt === null) return json;
  const a = token.indexOf('.');
  const b = token.lastIndexOf('.');
  if (a < 0 || b <= a) return json;
  const payload = token.slice(a + 1, b);
  if (payloadOf(p, lastIssuer) !== payload) {
    const iss = issuerOf(payload);
    if (iss === undefined || payloadOf(p, iss) !== payload) return json;
    lastIssuer = iss;
  }
  // The payload is base64url and occurs once in the document: inside the token string.
  const at = json.indexOf(payload);
  return `${json.slice(0, at)}${MARK}${JSON.stringify(lastIssuer).slice(1, -1)}${json.slice(at + payload.length)}`;
}

/** Parses a stored document, rebuilding a token stored without its payload. */
export function loadDoc(doc: string): Payment {
  const p = JSON.parse(doc) as { -readonly [K in keyof Payment]: Payment[K] };
  const token = p.token;
  if (token !== null && token !== undefined) {
    const a = token.indexOf('.');
    if (token[a + 1] === MARK) {
      const b = token.lastIndexOf('.');
      const iss = token.slice(a + 2, b);
      p.token = `${token.slice(0, a + 1)}${payloadOf(p, iss)}${token.slice(b)}`;
    }
  }
  return p;
}
