import type { FastifyInstance } from 'fastify';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullKey, logLines, maskedKey, readOnlyKey, signedInject, testApp } from './_helpers.js';
import { findPersonalData } from './_personal-data.js';
import { fixtureAa, fixtureCard, testEkyc } from './_routes-setup.js';

/** Issues the fixture's recorded challenge, so the recorded AA signature verifies. */
const recordedChallenge = () => new Uint8Array(fixtureAa.challenge);

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ ekyc: testEkyc() });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  expect(findPersonalData(logLines.join(''))).toEqual([]);
});

const verify = (body: object, key = maskedKey) =>
  signedInject(app, { method: 'POST', url: '/v1/ekyc/verifications', json: body, key });

describe('POST /v1/ekyc/verifications', () => {
  it('verifies the fixture card and masks the holder by default', async () => {
    const res = await verify(fixtureCard);
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v.verdict).toBe('verified');
    expect(v.id).toMatch(/^ver_/);
    expect(v.firstFailure).toBeUndefined();
    expect(v.checks.find((c: { check: string }) => c.check === 'signature').status).toBe('pass');
    expect(v.person).toEqual({
      masked: true,
      idNumber: '********8005',
      fullName: 'P. T. H.',
      yearOfBirth: '1992',
      dateOfExpiry: '07/08/2032',
    });
    expect(findPersonalData(res.body)).toEqual([]);
  });

  it('gives the full holder data to a client with ekyc:personal-data, and stores it masked', async () => {
    const res = await verify(fixtureCard, fullKey);
    const v = res.json();
    expect(v.person.masked).toBe(false);
    expect(v.person.idNumber).toBe('030192628005');
    expect(v.person.fullName).toBe('Phạm Thị Hà');
    const stored = await signedInject(app, {
      method: 'GET',
      url: `/v1/ekyc/verifications/${v.id}`,
      key: fullKey,
    });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().person.masked).toBe(true);
    expect(findPersonalData(stored.body)).toEqual([]);
  });

  it('rejects a tampered DG13 with the failing check, and shows no holder', async () => {
    const dg13 = Buffer.from(fixtureCard.dataGroups['13'], 'base64');
    dg13[dg13.length - 1] ^= 1;
    const res = await verify({
      ...fixtureCard,
      dataGroups: { ...fixtureCard.dataGroups, 13: dg13.toString('base64') },
    });
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v.verdict).toBe('rejected');
    expect(v.firstFailure).toMatchObject({ check: 'dg.13.hash', status: 'fail', reason: 'mismatch' });
    expect(v.person).toBeUndefined();
  });

  it('answers 400 typed for invalid base64', async () => {
    const res = await verify({ ...fixtureCard, sod: 'not base64!' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_CHIP_CARD_JSON');
  });

  it('answers 400 typed for a data-group key outside 1..16 and for missing fields', async () => {
    const bad = await verify({ ...fixtureCard, dataGroups: { '17': fixtureCard.dataGroups['1'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('DD_SERVER_VALIDATION');
    const missing = await verify({ dataGroups: fixtureCard.dataGroups });
    expect(missing.json().code).toBe('DD_SERVER_VALIDATION');
  });

  it('answers 409 typed for an unknown challenge id', async () => {
    const res = await verify({
      ...fixtureCard,
      activeAuthentication: { challengeId: 'ch_nope', signature: fixtureAa.signature },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DD_CHIP_AA_CHALLENGE');
  });

  it('needs ekyc:verify', async () => {
    const res = await verify(fixtureCard, readOnlyKey);
    expect(res.statusCode).toBe(403);
  });

  it('counts outcomes by verdict and failing check in /metrics', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/dinhdanh_ekyc_verifications_total\{verdict="verified",check="",reason=""\} [1-9]/);
    expect(text).toMatch(
      /dinhdanh_ekyc_verifications_total\{verdict="rejected",check="dg.13.hash",reason="mismatch"\} 1/,
    );
  });
});

describe('active authentication', () => {
  it('issues a challenge, then verifies the chip signature over it once', async () => {
    const a = await testApp({ ekyc: testEkyc({ challengeNonce: recordedChallenge }) });
    const ch = await signedInject(a, { method: 'POST', url: '/v1/ekyc/challenges' });
    expect(ch.statusCode).toBe(201);
    const { id, nonce, expiresAt } = ch.json();
    expect(Buffer.from(nonce, 'base64')).toHaveLength(8);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const body = {
      ...fixtureCard,
      activeAuthentication: { challengeId: id, signature: fixtureAa.signature },
    };
    const res = await signedInject(a, { method: 'POST', url: '/v1/ekyc/verifications', json: body });
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v.verdict).toBe('verified');
    for (const name of ['aa.challenge', 'aa.signature'])
      expect(v.checks.find((c: { check: string }) => c.check === name)?.status, name).toBe('pass');
    const again = await signedInject(a, { method: 'POST', url: '/v1/ekyc/verifications', json: body });
    expect(again.statusCode).toBe(409);
    await a.close();
  });

  it('an expired challenge fails the aa.challenge check', async () => {
    const a = await testApp({ ekyc: testEkyc({ challengeNonce: recordedChallenge, challengeTtlMs: 1 }) });
    const ch = await signedInject(a, { method: 'POST', url: '/v1/ekyc/challenges' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const body = {
      ...fixtureCard,
      activeAuthentication: { challengeId: ch.json().id, signature: fixtureAa.signature },
    };
    const res = await signedInject(a, { method: 'POST', url: '/v1/ekyc/verifications', json: body });
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v.verdict).toBe('rejected');
    expect(v.checks.find((c: { check: string }) => c.check === 'aa.challenge')).toMatchObject({
      status: 'fail',
      reason: 'challenge-expired',
    });
    await a.close();
  });

  it('a challenge belongs to the client that asked for it', async () => {
    const ch = await signedInject(app, { method: 'POST', url: '/v1/ekyc/challenges', key: fullKey });
    const body = {
      ...fixtureCard,
      activeAuthentication: { challengeId: ch.json().id, signature: fixtureAa.signature },
    };
    const res = await verify(body, maskedKey);
    expect(res.statusCode).toBe(409);
  });
});

describe('GET /v1/ekyc/verifications/:id', () => {
  it('answers 404 typed for an unknown id or another client’s', async () => {
    const mine = (await verify(fixtureCard, maskedKey)).json().id;
    const other = await signedInject(app, {
      method: 'GET',
      url: `/v1/ekyc/verifications/${mine}`,
      key: fullKey,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('DD_SERVER_VERIFICATION_NOT_FOUND');
    const none = await signedInject(app, {
      method: 'GET',
      url: '/v1/ekyc/verifications/ver_x',
      key: maskedKey,
    });
    expect(none.statusCode).toBe(404);
  });
});

describe('POST /v1/ekyc/verifications:batch', () => {
  const tampered = {
    ...fixtureCard,
    sod: Buffer.from(fixtureCard.sod, 'base64').subarray(0, 200).toString('base64'),
  };

  it('verifies each card in order, with per-card errors, as JSON', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/ekyc/verifications:batch',
      json: { cards: [fixtureCard, tampered, { ...fixtureCard, sod: '@@@@' }] },
      key: maskedKey,
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.summary).toEqual({ verified: 1, rejected: 1, errors: 1 });
    expect(r.results.map((x: { index: number }) => x.index)).toEqual([0, 1, 2]);
    expect(r.results[0].verification.person.masked).toBe(true);
    expect(r.results[1].verification.firstFailure.check).toBe('sod.parse');
    expect(r.results[2].error.code).toBe('DD_CHIP_CARD_JSON');
  });

  it('answers each card as the single-card route does, and stores what GET returns', async () => {
    const sameAside = ({ id: _i, createdAt: _c, ...rest }: { id: string; createdAt: string }) => rest;
    for (const key of [maskedKey, fullKey]) {
      const single = (await verify(tampered, key)).json();
      const singleOk = (await verify(fixtureCard, key)).json();
      const res = await signedInject(app, {
        method: 'POST',
        url: '/v1/ekyc/verifications:batch',
        json: { cards: [fixtureCard, tampered] },
        key,
      });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const [ok, bad] = res.json().results;
      expect(sameAside(ok.verification)).toEqual(sameAside(singleOk));
      expect(sameAside(bad.verification)).toEqual(sameAside(single));
      for (const r of [ok, bad]) {
        const got = await signedInject(app, {
          method: 'GET',
          url: `/v1/ekyc/verifications/${r.verification.id}`,
          key,
        });
        // Stored masked: a masked client reads back exactly its answer.
        if (key === maskedKey) expect(got.json()).toEqual(r.verification);
        expect(got.json().person?.masked ?? true).toBe(true);
        expect(got.json().createdAt).toBe(r.verification.createdAt);
      }
    }
  });

  it('accepts application/msgpack with raw bytes', async () => {
    const card = {
      sod: Buffer.from(fixtureCard.sod, 'base64'),
      dataGroups: Object.fromEntries(
        Object.entries(fixtureCard.dataGroups).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
      ),
    };
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/ekyc/verifications:batch',
      payload: pack({ cards: [card, card] }),
      contentType: 'application/msgpack',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toEqual({ verified: 2, rejected: 0, errors: 0 });
  });

  it('answers 413 typed above the configured number of cards', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/ekyc/verifications:batch',
      json: { cards: Array.from({ length: 6 }, () => fixtureCard) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('DD_SERVER_BATCH_TOO_LARGE');
  });

  it('answers 400 typed for an empty batch', async () => {
    const res = await signedInject(app, {
      method: 'POST',
      url: '/v1/ekyc/verifications:batch',
      json: { cards: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DD_SERVER_VALIDATION');
  });
});
