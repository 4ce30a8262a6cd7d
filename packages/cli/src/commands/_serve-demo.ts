/**
 * The first signed requests `dinhdanh serve --demo` makes against itself with
 * the development key: verify the synthetic fixture card (passive
 * authentication against the dev trust store; the holder comes back masked),
 * then authorise a school-fee payment that refers to that verification.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ClientResponse, DinhdanhClient, sampleAuthorization, signingKeyFrom } from '@dinhdanh/server';

const cardDir = fileURLToPath(new URL('../../../../fixtures/icao/openssl-cccd/', import.meta.url));
const b64 = (f: string): string => readFileSync(`${cardDir}${f}`).toString('base64');

function show(label: string, res: ClientResponse, pick: (b: Record<string, unknown>) => unknown): void {
  console.log(`\n> ${label}`);
  console.log(`< HTTP ${res.status}`);
  const body = res.body as Record<string, unknown>;
  console.log(JSON.stringify(res.status < 400 ? pick(body) : body, null, 2));
}

/** Waits, as a load balancer would, until the process reports healthy (start-up briefly trips load shedding). */
async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await fetch(`${url}/healthz`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runDemo(url: string, clientsFile: string): Promise<boolean> {
  await healthy(url);
  const client = new DinhdanhClient(url, signingKeyFrom(clientsFile));
  const card = {
    sod: b64('EF_SOD.bin'),
    dataGroups: {
      1: b64('EF_DG1.bin'),
      2: b64('EF_DG2.bin'),
      13: b64('EF_DG13.bin'),
      14: b64('EF_DG14.bin'),
    },
  };
  const ver = await client.request('POST', '/v1/ekyc/verifications', { json: card });
  show('POST /v1/ekyc/verifications (fixture card, signed)', ver, (b) => ({
    id: b.id,
    verdict: b.verdict,
    document: b.document,
    person: b.person,
  }));
  const v = ver.body as { id?: string; person?: { idNumber?: string } };
  const body = sampleAuthorization(Date.now()) as { payer: Record<string, unknown> };
  if (v.id !== undefined) {
    body.payer.verificationId = v.id;
    (body.payer.biometric as Record<string, unknown>).verificationId = v.id;
  }
  const idempotencyKey = `demo-${randomUUID()}`;
  const pay = await client.request('POST', '/v1/payments/authorizations', { json: body, idempotencyKey });
  show(`POST /v1/payments/authorizations (signed, Idempotency-Key: ${idempotencyKey})`, pay, (b) => ({
    id: b.id,
    status: b.status,
    amount: b.amount,
    decision: b.decision,
    vietqr: b.vietqr,
  }));
  return ver.status === 201 && pay.status === 201;
}
