/**
 * The embedded default's development client: one key with every scope but
 * `ekyc:personal-data`, generated on first start and kept in `<dataDir>/clients.json` (mode 0600) so
 * restarts keep working. The secret is shown once, when it is created.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClientKey, loadClientsFile, scopes } from './clients.js';
import { httpError } from './errors.js';

export const DEV_KEY_ID = 'dev';

export interface DevClient {
  readonly clientsFile: string;
  readonly clients: ClientKey[];
  /** The dev key's secret as base64url, only when it was just created. */
  readonly createdSecret: string | undefined;
}

export function ensureDevClient(dataDir: string): DevClient {
  const clientsFile = join(dataDir, 'clients.json');
  if (existsSync(clientsFile))
    return { clientsFile, clients: loadClientsFile(clientsFile), createdSecret: undefined };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  // Every scope but unmasked personal data: a deployment grants that one deliberately.
  const devScopes = scopes.filter((s) => s !== 'ekyc:personal-data');
  const config = { clients: [{ keyId: DEV_KEY_ID, secret, scopes: devScopes }] };
  writeFileSync(clientsFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { clientsFile, clients: loadClientsFile(clientsFile), createdSecret: secret };
}

/** Reads one key (by id, or the first) from a clients file, for the client CLI. */
export function signingKeyFrom(clientsFile: string, keyId?: string): { keyId: string; secret: Uint8Array } {
  const clients = loadClientsFile(clientsFile);
  const c = keyId === undefined ? clients[0] : clients.find((k) => k.keyId === keyId);
  if (c === undefined) throw httpError('DD_SERVER_CONFIG_INVALID', `no key ${keyId ?? ''} in ${clientsFile}`);
  return { keyId: c.keyId, secret: c.secret };
}
