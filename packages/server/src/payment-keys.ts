/**
 * The ES256 key that signs authorisation tokens, kept in
 * `<dataDir>/payment-signing-keys.json` (mode 0600) so tokens stay verifiable
 * across restarts; generated on first start. Rotation: add a key to the file
 * and mark it active — older keys stay in the JWKS.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuthorizationSigner, createSigner, generateSigningKey } from '@dinhdanh/core/payment';
import { httpError } from './errors.js';

interface KeyFile {
  active?: string;
  keys: ReturnType<typeof generateSigningKey>[];
}

export function loadOrCreateSigner(dataDir: string): AuthorizationSigner {
  const file = join(dataDir, 'payment-signing-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = generateSigningKey(`pay-${new Date().toISOString().slice(0, 10)}`);
    const content: KeyFile = { active: key.kid, keys: [key] };
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    throw httpError('DD_SERVER_CONFIG_INVALID', `cannot read ${file}`);
  }
  return createSigner({ keys: parsed.keys, active: parsed.active });
}
