import { decodeJwt, decodeProtectedHeader } from 'jose';
import { api, audience, expectProblem, issuer, newUser, PASSWORD, uniqueEmail } from './support';

describe('auth through the gateway', () => {
  const client = api();

  describe('sign up', () => {
    it('creates an account and answers 201 without secrets', async () => {
      const email = uniqueEmail();
      const res = await client.post('/api/v1/auth/signup', { email, password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ userId: expect.any(String), email, createdAt: expect.any(String) });
    });

    it('normalises the e-mail and refuses a second account for it with 409', async () => {
      const email = uniqueEmail();
      expect((await client.post('/api/v1/auth/signup', { email, password: PASSWORD })).status).toBe(201);
      const again = await client.post('/api/v1/auth/signup', {
        email: email.toUpperCase(),
        password: PASSWORD,
      });
      expectProblem(again, 409, 'EMAIL_TAKEN');
    });

    it('refuses a weak password with 422 naming the field', async () => {
      const res = await client.post('/api/v1/auth/signup', { email: uniqueEmail(), password: 'password123' });
      const problem = expectProblem(res, 422, 'WEAK_PASSWORD');
      expect(problem.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'password' })]),
      );
    });

    it('refuses a malformed e-mail with 400 naming the field', async () => {
      const res = await client.post('/api/v1/auth/signup', { email: 'not-an-email', password: PASSWORD });
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });
  });

  describe('log in', () => {
    it('returns a short-lived ES256 access token and an opaque refresh token', async () => {
      const user = await newUser();
      const header = decodeProtectedHeader(user.accessToken);
      const claims = decodeJwt(user.accessToken);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
      expect(claims).toMatchObject({ iss: issuer, aud: audience, sub: user.userId, sid: user.sessionId });
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(900);
      expect(user.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    });

    it('answers a wrong password and an unknown e-mail with the same 401', async () => {
      const user = await newUser();
      const wrong = await client.post('/api/v1/auth/login', {
        email: user.email,
        password: 'wrong password here',
      });
      const unknown = await client.post('/api/v1/auth/login', {
        email: uniqueEmail('ghost'),
        password: PASSWORD,
      });
      const a = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      const b = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
      expect({ ...a, requestId: undefined }).toEqual({ ...b, requestId: undefined });
    });

    it('publishes the verifying keys as a JWKS, in the API and at the well-known path', async () => {
      const user = await newUser();
      const kid = decodeProtectedHeader(user.accessToken).kid;
      for (const path of ['/api/v1/auth/jwks', '/.well-known/jwks.json']) {
        const res = await client.get(path);
        expect(res.status).toBe(200);
        expect(res.body.keys).toEqual(
          expect.arrayContaining([expect.objectContaining({ kid, kty: 'EC', crv: 'P-256' })]),
        );
        for (const key of res.body.keys) expect(key.d).toBeUndefined();
      }
    });
  });

  describe('refresh rotation', () => {
    it('rotates: a refresh returns a new pair and the new access token works', async () => {
      const user = await newUser();
      const res = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(user.refreshToken);
      expect(res.body.sessionId).toBe(user.sessionId);
      expect((await client.get('/api/v1/companies', res.body.accessToken)).status).toBe(200);
    });

    it('treats a reused refresh token as theft: 401, and the whole family is revoked', async () => {
      const user = await newUser();
      const first = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
      expect(first.status).toBe(200);
      const reuse = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
      expectProblem(reuse, 401, 'INVALID_REFRESH_TOKEN');
      // The legitimate holder's newer token dies with the family.
      const newer = await client.post('/api/v1/auth/refresh', { refreshToken: first.body.refreshToken });
      expectProblem(newer, 401, 'INVALID_REFRESH_TOKEN');
    });

    it('refuses an unknown refresh token', async () => {
      const res = await client.post('/api/v1/auth/refresh', { refreshToken: 'rt_' + 'A'.repeat(43) });
      expectProblem(res, 401, 'INVALID_REFRESH_TOKEN');
    });
  });

  describe('log out', () => {
    it('revokes the session: its refresh token no longer works', async () => {
      const user = await newUser();
      const out = await client.post('/api/v1/auth/logout', undefined, user.accessToken);
      expect(out.status).toBe(204);
      const res = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
      expectProblem(res, 401, 'INVALID_REFRESH_TOKEN');
    });

    it('needs a token', async () => {
      expectProblem(await client.post('/api/v1/auth/logout'), 401, 'UNAUTHENTICATED');
    });
  });
});
