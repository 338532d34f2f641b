import { ApiClient, freePortForTests } from '@roster/testing';
import { login, outboxEvents, REVOCATION_BOUND_MS, within } from './auth-support';
import { startReplica } from './replica';
import { api, expectProblem, newUser, PASSWORD } from './support';

/**
 * Access tokens are verified by the gateway alone, so a revoked session's access token would work until
 * it expires. These tests use `GET /me/sessions`, a route that does not ask auth whether the session is
 * alive: a 401 there can only come from the gateway's deny list, fed by `auth.events.session.revoked`.
 * The deny list is eventually consistent, and must catch up within a second: each revocation is followed
 * by polling that fails if the token is still accepted after REVOCATION_BOUND_MS (1000 ms).
 */
describe('session revocation reaches the gateway', () => {
  const client = api();
  const works = async (accessToken: string, gateway = client) =>
    (await gateway.get('/api/v1/me/sessions', accessToken)).status === 200;
  const refused = async (accessToken: string, gateway = client) => {
    const res = await gateway.get('/api/v1/me/sessions', accessToken);
    expectProblem(res, 401, 'UNAUTHENTICATED');
    return true;
  };
  /** Refused within a second of the revocation (the poll fails after REVOCATION_BOUND_MS). */
  const refusedWithinASecond = (accessToken: string, gateway = client) =>
    within(REVOCATION_BOUND_MS, () => refused(accessToken, gateway));

  it('logout: the old access token is refused right away, and auth announced the revocation', async () => {
    const user = await newUser('revoke-logout');
    expect(await works(user.accessToken)).toBe(true);
    expect((await client.post('/api/v1/auth/logout', undefined, user.accessToken)).status).toBe(204);
    await refusedWithinASecond(user.accessToken);
    const [event] = await outboxEvents('auth.events.session.revoked', user.userId);
    expect(event.data).toEqual({
      userId: user.userId,
      sessionIds: [user.sessionId],
      reason: 'logout',
      revokedAt: expect.any(String),
    });
  });

  it('DELETE /me/sessions/{id}: that session’s access token is refused, the caller’s still works', async () => {
    const user = await newUser('revoke-other');
    const other = (await login(user.email)).body;
    expect(await works(other.accessToken)).toBe(true);
    expect((await client.delete(`/api/v1/me/sessions/${other.sessionId}`, user.accessToken)).status).toBe(
      204,
    );
    await refusedWithinASecond(other.accessToken);
    expect(await works(user.accessToken)).toBe(true);
  });

  it('password change: every other session’s access token is refused, the current one keeps working', async () => {
    const user = await newUser('revoke-password');
    const [second, third] = [(await login(user.email)).body, (await login(user.email)).body];
    const changed = await client.request('PUT', '/api/v1/me/password', {
      token: user.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'an entirely new passphrase 7' },
    });
    expect(changed.status).toBe(204);
    await refusedWithinASecond(second.accessToken);
    await refusedWithinASecond(third.accessToken);
    expect(await works(user.accessToken)).toBe(true);
    const events = await outboxEvents('auth.events.session.revoked', user.userId);
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ reason: 'password_changed' })]);
    expect([...events[0].data.sessionIds].sort()).toEqual([second.sessionId, third.sessionId].sort());
  });

  it('refresh-token reuse: the stolen family’s current access token is refused too', async () => {
    const user = await newUser('revoke-reuse');
    const rotated = await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    expect(await works(rotated.body.accessToken)).toBe(true);
    // The first refresh token again: someone copied it.
    expectProblem(
      await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken }),
      401,
      'INVALID_REFRESH_TOKEN',
    );
    await refusedWithinASecond(rotated.body.accessToken);
    await refusedWithinASecond(user.accessToken);
  });

  it('leaves other users’ sessions alone', async () => {
    const [alice, bob] = await Promise.all([newUser('revoke-a'), newUser('revoke-b')]);
    expect((await client.post('/api/v1/auth/logout', undefined, alice.accessToken)).status).toBe(204);
    await refusedWithinASecond(alice.accessToken);
    expect(await works(bob.accessToken)).toBe(true);
  });

  it('a gateway replica started after the revocation refuses the session too: it rebuilds its deny list at start', async () => {
    const user = await newUser('revoke-restart');
    const other = (await login(user.email)).body;
    expect((await client.delete(`/api/v1/me/sessions/${other.sessionId}`, user.accessToken)).status).toBe(
      204,
    );
    await refusedWithinASecond(other.accessToken);
    // A new replica (as after a restart or a scale-up) never saw the event live; it answers only once
    // ready, which it reports after replaying the recent revocations.
    const port = await freePortForTests();
    const replica = await startReplica('gateway', { PORT: String(port), METRICS_PORT: '0' });
    try {
      const fresh = new ApiClient(`http://127.0.0.1:${port}`);
      expect(await refused(other.accessToken, fresh)).toBe(true);
      expect(await works(user.accessToken, fresh)).toBe(true);
    } finally {
      replica.kill('SIGTERM');
    }
  }, 45_000);
});
