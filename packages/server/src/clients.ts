/**
 * Client keys and scopes, read from a JSON config file:
 *
 *   { "clients": [ { "keyId": "gateway-1", "secret": "<base64url, ≥ 32 bytes>",
 *                    "scopes": ["payments:write", "payments:read"],
 *                    "rateLimit": { "max": 600, "timeWindowMs": 60000 } } ] }
 *
 * Validation gathers every problem and throws once, naming each path.
 */
import { readFileSync } from 'node:fs';
import { httpError } from './errors.js';
import { KEY_ID_PATTERN } from './signing.js';

export const scopes = [
  'ekyc:verify',
  'ekyc:read',
  /** Unmasked personal data in verification reports. */
  'ekyc:personal-data',
  'payments:write',
  'payments:read',
  'reconciliation:read',
] as const;
export type Scope = (typeof scopes)[number];

export interface ClientRateLimit {
  readonly max: number;
  readonly timeWindowMs: number;
}

export interface ClientKey {
  readonly keyId: string;
  readonly secret: Uint8Array;
  readonly scopes: ReadonlySet<Scope>;
  readonly rateLimit?: ClientRateLimit;
}

const MIN_SECRET_BYTES = 32;
const isScope = (s: unknown): s is Scope =>
  typeof s === 'string' && (scopes as readonly string[]).includes(s);

export function parseClients(json: unknown): ClientKey[] {
  const problems: string[] = [];
  const list = (json as { clients?: unknown } | null)?.clients;
  if (!Array.isArray(list)) throw httpError('DD_SERVER_CONFIG_INVALID', 'clients: expected an array');
  const seen = new Set<string>();
  const out: ClientKey[] = [];
  list.forEach((raw: Record<string, unknown>, i) => {
    const at = `clients[${i}]`;
    const keyId = raw?.keyId;
    if (typeof keyId !== 'string' || !KEY_ID_PATTERN.test(keyId))
      problems.push(`${at}.keyId: 1-64 of [A-Za-z0-9_.-]`);
    else if (seen.has(keyId)) problems.push(`${at}.keyId: duplicate`);
    else seen.add(keyId);
    const secret = typeof raw?.secret === 'string' ? Buffer.from(raw.secret, 'base64url') : undefined;
    if (secret === undefined || secret.length < MIN_SECRET_BYTES)
      problems.push(`${at}.secret: base64url of at least ${MIN_SECRET_BYTES} bytes`);
    const sc = raw?.scopes;
    if (!Array.isArray(sc) || !sc.every(isScope))
      problems.push(`${at}.scopes: a list of ${scopes.join(', ')}`);
    const rl = raw?.rateLimit as Record<string, unknown> | undefined;
    const rlOk =
      rl === undefined ||
      (Number.isInteger(rl.max) &&
        (rl.max as number) > 0 &&
        Number.isInteger(rl.timeWindowMs) &&
        (rl.timeWindowMs as number) > 0);
    if (!rlOk) problems.push(`${at}.rateLimit: { max: positive integer, timeWindowMs: positive integer }`);
    if (problems.length === 0)
      out.push({
        keyId: keyId as string,
        secret: secret as Buffer,
        scopes: new Set(sc as Scope[]),
        rateLimit:
          rl === undefined ? undefined : { max: rl.max as number, timeWindowMs: rl.timeWindowMs as number },
      });
  });
  if (problems.length > 0)
    throw httpError('DD_SERVER_CONFIG_INVALID', `invalid clients config: ${problems.join('; ')}`, {
      problems,
    });
  return out;
}

export function loadClientsFile(path: string): ClientKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw httpError('DD_SERVER_CONFIG_INVALID', `cannot read clients file ${path}`);
  }
  try {
    return parseClients(JSON.parse(text));
  } catch (e) {
    if (e instanceof SyntaxError)
      throw httpError('DD_SERVER_CONFIG_INVALID', `clients file ${path} is not JSON`);
    throw e;
  }
}
