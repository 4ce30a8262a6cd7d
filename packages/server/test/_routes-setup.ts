/**
 * App options that mount every API area for route-level tests (fuzz, e2e),
 * with in-memory stores, a fresh signing key and the fixture card.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrustStore } from '@dinhdanh/core/chip';
import {
  createPaymentService,
  createSigner,
  createSqliteStore,
  generateSigningKey,
} from '@dinhdanh/core/payment';
import type { AppOptions } from '../src/app.js';
import type { EkycRoutesOptions } from '../src/routes/ekyc.js';
import { MemoryEkycStore } from '../src/stores/ekyc-store.js';

export function testPayments(now?: () => number) {
  return createPaymentService({
    store: createSqliteStore({ filename: ':memory:' }),
    signer: createSigner({ keys: [generateSigningKey('test-key')] }),
    ...(now === undefined ? {} : { clock: { now } }),
  });
}

const cardDir = join(import.meta.dirname, '../../../fixtures/icao/openssl-cccd');
const read = (f: string): Buffer => readFileSync(join(cardDir, f));
const b64 = (f: string): string => read(f).toString('base64');

/** The fixture card (brainpoolP384r1 DSC under a brainpoolP512r1 CSCA) as a verification request body. */
export const fixtureCard = {
  sod: b64('EF_SOD.bin'),
  dataGroups: {
    '1': b64('EF_DG1.bin'),
    '2': b64('EF_DG2.bin'),
    '13': b64('EF_DG13.bin'),
    '14': b64('EF_DG14.bin'),
    '15': b64('EF_DG15.bin'),
  },
};
/** The chip's AA signature over the fixture's challenge.bin. */
export const fixtureAa = { challenge: read('challenge.bin'), signature: b64('aa_signature.bin') };

/** Route options over the fixture CSCA; `extra` sets e.g. the challenge source or lifetime. */
export function testEkyc(extra: Partial<Omit<EkycRoutesOptions, 'metrics'>> = {}) {
  const trust = new TrustStore();
  trust.add(new Uint8Array(read('csca.der')), 'fixture CSCA');
  return { trust, store: new MemoryEkycStore(), batchMaxCards: 5, ...extra };
}

export async function fuzzAppOptions(): Promise<Partial<AppOptions>> {
  return { payments: testPayments(), ekyc: testEkyc() };
}
