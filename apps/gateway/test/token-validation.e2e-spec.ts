import { randomUUID } from 'node:crypto';
import { mintAccessToken, newSigningKeyPem, unsignedToken } from '@roster/testing';
import { api, audience, expectProblem, issuer, newUser, signingKey } from './support';

/** RFC 8725 checks in the gateway: each case changes one thing from a token that works. */
describe('access token validation in the gateway', () => {
  const client = api();
  let userId: string;
  let sessionId: string;
  const mint = (overrides: Partial<Parameters<typeof mintAccessToken>[0]> = {}) =>
    mintAccessToken({
      privateKeyPem: signingKey(),
      issuer,
      audience,
      subject: userId,
      sessionId,
      ...overrides,
    });

  beforeAll(async () => {
    ({ userId, sessionId } = await newUser('tokens'));
  });

  it('accepts a well-formed token signed with auth’s key (the baseline for the cases below)', async () => {
    expect((await client.get('/api/v1/companies', await mint())).status).toBe(200);
  });

  it('401 without a token', async () => {
    expectProblem(await client.get('/api/v1/companies'), 401, 'UNAUTHENTICATED');
  });

  it('401 for a tampered token', async () => {
    const token = await mint();
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    expectProblem(await client.get('/api/v1/companies', `${h}.${forged}.${s}`), 401);
  });

  it('401 for an expired token', async () => {
    expectProblem(await client.get('/api/v1/companies', await mint({ expiresIn: -120 })), 401);
  });

  it('401 for an alg: none token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedToken({
      iss: issuer,
      aud: audience,
      sub: userId,
      sid: sessionId,
      iat: now,
      exp: now + 300,
    });
    expectProblem(await client.get('/api/v1/companies', token), 401);
  });

  it('401 for a wrong issuer or audience', async () => {
    expectProblem(await client.get('/api/v1/companies', await mint({ issuer: 'https://evil.test' })), 401);
    expectProblem(await client.get('/api/v1/companies', await mint({ audience: 'another-api' })), 401);
  });

  it('401 for a token signed by a key auth never published', async () => {
    expectProblem(
      await client.get('/api/v1/companies', await mint({ privateKeyPem: newSigningKeyPem() })),
      401,
    );
  });

  it('401 for a token of another type (an ID token, say)', async () => {
    expectProblem(await client.get('/api/v1/companies', await mint({ typ: 'JWT' })), 401);
  });

  it('401 with a Bearer challenge, as RFC 6750 asks', async () => {
    const res = await client.get('/api/v1/me');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});
