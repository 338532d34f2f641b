import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { freshIp, from, login } from './auth-support';
import { api, expectProblem, newUser, SignedUpUser } from './support';

describe('sessions', () => {
  const client = api();

  describe('GET /auth/check', () => {
    it('answers for the bearer: valid, who, which session, until when', async () => {
      const user = await newUser('check');
      const res = await client.get('/api/v1/auth/check', user.accessToken);
      expect(res.status).toBe(200);
      const exp = decodeJwt(user.accessToken).exp!;
      expect(res.body).toEqual({
        valid: true,
        userId: user.userId,
        sessionId: user.sessionId,
        expiresAt: new Date(exp * 1000).toISOString(),
        sessionExpiresAt: expect.any(String),
        scopes: [],
      });
      expect(new Date(res.body.sessionExpiresAt).getTime()).toBeGreaterThan(exp * 1000);
    });

    it('401 once the session has ended, although the access token itself has not expired', async () => {
      const user = await newUser('check-out');
      expect((await client.post('/api/v1/auth/logout', undefined, user.accessToken)).status).toBe(204);
      expectProblem(await client.get('/api/v1/auth/check', user.accessToken), 401, 'UNAUTHENTICATED');
    });

    it('401 without a bearer', async () => {
      expectProblem(await client.get('/api/v1/auth/check'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /me/sessions', () => {
    let user: SignedUpUser;
    let second: { accessToken: string; refreshToken: string; sessionId: string };
    const secondIp = freshIp();

    beforeAll(async () => {
      user = await newUser('sessions');
      const res = await from(secondIp, 'Phone/1.0').post('/api/v1/auth/login', {
        email: user.email,
        password: 'correct horse battery staple',
      });
      expect(res.status).toBe(200);
      second = res.body;
    });

    it('lists my live sessions with where they came from, marking the current one', async () => {
      const res = await client.get('/api/v1/me/sessions', user.accessToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 2, limit: 20, skip: 0 });
      const byId = Object.fromEntries(res.body.items.map((s: any) => [s.id, s]));
      expect(byId[user.sessionId]).toMatchObject({ current: true, createdAt: expect.any(String) });
      expect(byId[second.sessionId]).toEqual({
        id: second.sessionId,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
        ip: secondIp,
        userAgent: 'Phone/1.0',
        current: false,
      });
      const fromSecond = await client.get('/api/v1/me/sessions', second.accessToken);
      const current = fromSecond.body.items.filter((s: any) => s.current).map((s: any) => s.id);
      expect(current).toEqual([second.sessionId]);
    });

    it('pages and sorts by createdAt and lastUsedAt; refuses other fields', async () => {
      const asc = await client.get('/api/v1/me/sessions?sort=createdAt', user.accessToken);
      expect(asc.body.items.map((s: any) => s.id)).toEqual([user.sessionId, second.sessionId]);
      const desc = await client.get('/api/v1/me/sessions?sort=-createdAt&limit=1', user.accessToken);
      expect(desc.body).toMatchObject({ total: 2, limit: 1, items: [{ id: second.sessionId }] });
      const page2 = await client.get('/api/v1/me/sessions?sort=-createdAt&limit=1&skip=1', user.accessToken);
      expect(page2.body.items.map((s: any) => s.id)).toEqual([user.sessionId]);
      // A refresh makes a session the most recently used.
      const refreshed = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
      expect(refreshed.status).toBe(200);
      user.refreshToken = refreshed.body.refreshToken;
      const byUse = await client.get('/api/v1/me/sessions?sort=-lastUsedAt', user.accessToken);
      expect(byUse.body.items[0].id).toBe(user.sessionId);
      for (const query of ['sort=ip', 'filter=userAgent:eq:x', 'limit=0']) {
        expectProblem(
          await client.get(`/api/v1/me/sessions?${query}`, user.accessToken),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('shows only my own sessions', async () => {
      const other = await newUser('sessions-other');
      const res = await client.get('/api/v1/me/sessions', other.accessToken);
      expect(res.body.items.map((s: any) => s.id)).toEqual([other.sessionId]);
    });
  });

  describe('DELETE /me/sessions/{id}', () => {
    it('revokes one of my sessions: it leaves the list, its refresh token and check stop working', async () => {
      const user = await newUser('revoke');
      const other = (await login(user.email)).body;
      const res = await client.delete(`/api/v1/me/sessions/${other.sessionId}`, user.accessToken);
      expect(res.status).toBe(204);
      const list = await client.get('/api/v1/me/sessions', user.accessToken);
      expect(list.body.items.map((s: any) => s.id)).toEqual([user.sessionId]);
      expectProblem(
        await client.post('/api/v1/auth/refresh', { refreshToken: other.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(await client.get('/api/v1/auth/check', other.accessToken), 401, 'UNAUTHENTICATED');
      // The caller's own session is untouched.
      expect((await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(
        200,
      );
      // Revoking it again: it is no longer one of my live sessions.
      expectProblem(
        await client.delete(`/api/v1/me/sessions/${other.sessionId}`, user.accessToken),
        404,
        'NOT_FOUND',
      );
    });

    it('404 for someone else’s session or an unknown one, and theirs stays alive; 400 for a bad id', async () => {
      const [alice, bob] = await Promise.all([newUser('revoke-a'), newUser('revoke-b')]);
      for (const id of [bob.sessionId, randomUUID()]) {
        expectProblem(await client.delete(`/api/v1/me/sessions/${id}`, alice.accessToken), 404, 'NOT_FOUND');
      }
      expect((await client.post('/api/v1/auth/refresh', { refreshToken: bob.refreshToken })).status).toBe(
        200,
      );
      const bad = await client.delete('/api/v1/me/sessions/not-a-uuid', alice.accessToken);
      expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'sessionId' }),
      ]);
    });

    it('can end the current session too, like logging out', async () => {
      const user = await newUser('revoke-self');
      expect((await client.delete(`/api/v1/me/sessions/${user.sessionId}`, user.accessToken)).status).toBe(
        204,
      );
      expectProblem(await client.get('/api/v1/auth/check', user.accessToken), 401);
      expectProblem(
        await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });
  });
});
