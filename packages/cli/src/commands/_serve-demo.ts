/**
 * The first signed request `dinhdanh serve --demo` makes against itself:
 * authorise a school-fee payment with the development key, and print the
 * decision.
 */
import { randomUUID } from 'node:crypto';
import { DinhdanhClient, sampleAuthorization, signingKeyFrom } from '@dinhdanh/server';

export async function runDemo(url: string, clientsFile: string): Promise<boolean> {
  const client = new DinhdanhClient(url, signingKeyFrom(clientsFile));
  const idempotencyKey = `demo-${randomUUID()}`;
  console.log(`\n> POST /v1/payments/authorizations (signed, Idempotency-Key: ${idempotencyKey})`);
  const res = await client.request('POST', '/v1/payments/authorizations', {
    json: sampleAuthorization(Date.now()),
    idempotencyKey,
  });
  console.log(`< HTTP ${res.status}`);
  console.log(JSON.stringify(res.body, null, 2));
  return res.status === 201;
}
