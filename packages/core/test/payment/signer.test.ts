import { createPublicKey, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { createSigner, generateSigningKey, verifyAuthorization } from '../../src/payment/index.js';
import { codeOf } from './_fixtures.js';

const claims = {
  iss: 'dinhdanh',
  aud: 'gw-1',
  jti: 'pay_0123456789abcdefghjk',
  amt: 150_000,
  cur: 'VND' as const,
  payee: { code: 'SCH-042', bin: '970415', account: '1234567890' },
  fee: 'SCHOOL_TUITION',
  rc: '00',
  pol: '2025-01-01+abcdef012345',
  iat: 1_773_111_600,
  exp: 1_773_716_400,
};
const NOW = 1_773_111_600_000;
const k1 = generateSigningKey('k1');
const k2 = generateSigningKey('k2');

describe('signed authorisations (JWS ES256)', () => {
  const signer = createSigner({ keys: [k1] });

  it('produces a compact JWS with alg ES256 and kid, verifiable by the JWKS', () => {
    const token = signer.sign(claims);
    const [h, p, s] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: 'k1',
    });
    expect(Buffer.from(s!, 'base64url')).toHaveLength(64);
    expect(JSON.parse(Buffer.from(p!, 'base64url').toString())).toEqual(claims);
    expect(verifyAuthorization(token, signer.jwks(), { now: NOW, audience: 'gw-1' })).toEqual(claims);
  });

  it('signs off the event loop with signAsync: same signing input, verifiable by the JWKS and @noble/curves', async () => {
    const token = await signer.signAsync!(claims);
    const [h, p, s] = token.split('.');
    expect(`${h}.${p}`).toBe(signer.sign(claims).split('.').slice(0, 2).join('.'));
    expect(verifyAuthorization(token, signer.jwks(), { now: NOW, audience: 'gw-1' })).toEqual(claims);
    const jwk = signer.jwks().keys[0]!;
    const pub = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    const raw = pub.export({ format: 'der', type: 'spki' }).subarray(-65);
    const msg = new TextEncoder().encode(`${h}.${p}`);
    expect(p256.verify(Buffer.from(s!, 'base64url'), msg, raw, { lowS: false })).toBe(true);
  });

  it('verifies independently with @noble/curves (raw R‖S over SHA-256 of the signing input)', () => {
    const token = signer.sign(claims);
    const jwk = signer.jwks().keys[0]!;
    const pub = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    const spkiRaw = pub.export({ format: 'der', type: 'spki' }).subarray(-65);
    const [h, p, s] = token.split('.');
    const msg = new TextEncoder().encode(`${h}.${p}`);
    // ES256 does not require low-S (RFC 7518 §3.4), so noble's default low-S check is off.
    expect(p256.verify(Buffer.from(s!, 'base64url'), msg, spkiRaw, { lowS: false })).toBe(true);
    expect(verify('sha256', msg, { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url'))).toBe(
      true,
    );
  });

  it('exports a JWKS with public halves only', () => {
    const jwks = createSigner({ keys: [k1, k2], active: 'k2' }).jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(['k1', 'k2']);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(k).not.toHaveProperty('d');
    }
  });

  it('rotates: tokens from the retired key still verify while it stays in the JWKS', () => {
    const old = signer.sign(claims);
    const rotated = createSigner({ keys: [k1, k2], active: 'k2' });
    const fresh = rotated.sign(claims);
    expect(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
    expect(verifyAuthorization(old, rotated.jwks(), { now: NOW })).toEqual(claims);
    expect(verifyAuthorization(fresh, rotated.jwks(), { now: NOW })).toEqual(claims);
  });

  it('rejects tampering, wrong keys, other algorithms, expiry and malformed tokens', async () => {
    const token = signer.sign(claims);
    const [h, p, s] = token.split('.') as [string, string, string];
    const other = createSigner({ keys: [{ kid: 'k1', privateKey: k2.privateKey }] });
    const altered = Buffer.from(JSON.stringify({ ...claims, amt: 150_001 })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
    const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url');
    const cases: [string, string][] = [
      [`${h}.${altered}.${s}`, 'DD_PAY_TOKEN_SIGNATURE_INVALID'],
      [`${h}.${p}.${s.slice(0, -2)}AA`, 'DD_PAY_TOKEN_SIGNATURE_INVALID'],
      [`${h}.${p}.${s.slice(0, 40)}`, 'DD_PAY_TOKEN_SIGNATURE_INVALID'],
      [other.sign(claims), 'DD_PAY_TOKEN_SIGNATURE_INVALID'],
      [`${none}.${p}.${s}`, 'DD_PAY_TOKEN_ALGORITHM'],
      [`${hs}.${p}.${s}`, 'DD_PAY_TOKEN_ALGORITHM'],
      [createSigner({ keys: [k2] }).sign(claims), 'DD_PAY_TOKEN_KEY_UNKNOWN'],
      ['abc', 'DD_PAY_TOKEN_MALFORMED'],
      [`${h}.${p}`, 'DD_PAY_TOKEN_MALFORMED'],
      [`${h}.${p}.${s}=`, 'DD_PAY_TOKEN_MALFORMED'],
      [`e30.${p}.${s}`, 'DD_PAY_TOKEN_ALGORITHM'],
      [`bm90anNvbg.${p}.${s}`, 'DD_PAY_TOKEN_MALFORMED'],
    ];
    for (const [t, code] of cases)
      expect([
        t.slice(0, 12),
        await codeOf(() => verifyAuthorization(t, signer.jwks(), { now: NOW })),
      ]).toEqual([t.slice(0, 12), code]);
    expect(
      await codeOf(() => verifyAuthorization(token, signer.jwks(), { now: claims.exp * 1000 + 1 })),
    ).toBe('DD_PAY_TOKEN_EXPIRED');
    expect(
      await codeOf(() => verifyAuthorization(token, signer.jwks(), { now: NOW, audience: 'gw-2' })),
    ).toBe('DD_PAY_TOKEN_AUDIENCE');
  });

  it('refuses keys that are not P-256 private keys', async () => {
    expect(await codeOf(() => createSigner({ keys: [] }))).toBe('DD_PAY_SIGNER_KEY_INVALID');
    expect(
      await codeOf(() =>
        createSigner({ keys: [{ kid: 'x', privateKey: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } }] }),
      ),
    ).toBe('DD_PAY_SIGNER_KEY_INVALID');
    expect(await codeOf(() => createSigner({ keys: [{ kid: 'bad kid!', privateKey: k1.privateKey }] }))).toBe(
      'DD_PAY_SIGNER_KEY_INVALID',
    );
    expect(await codeOf(() => createSigner({ keys: [k1], active: 'k9' }))).toBe('DD_PAY_SIGNER_KEY_INVALID');
  });
});
