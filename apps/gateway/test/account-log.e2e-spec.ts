import { enableTotp, freshIp, from, login } from './auth-support';
import { api, expectProblem, newUser, PASSWORD } from './support';

describe('account log', () => {
  const client = api();

  it('records logins, failures, 2FA, password and token changes, newest first, with IP and user agent', async () => {
    const user = await newUser('log');
    const ip = freshIp();
    const laptop = from(ip, 'Laptop/2.0');
    expectProblem(
      await laptop.post('/api/v1/auth/login', { email: user.email, password: 'not my password' }),
      401,
    );
    const session = (await laptop.post('/api/v1/auth/login', { email: user.email, password: PASSWORD })).body;
    await enableTotp(user.accessToken);
    const token = (
      await client.post('/api/v1/me/tokens', { name: 'log me', scopes: ['profile:read'] }, user.accessToken)
    ).body;
    await client.delete(`/api/v1/me/tokens/${token.id}`, user.accessToken);
    await laptop.put(
      '/api/v1/me/password',
      { currentPassword: PASSWORD, newPassword: 'a brand new passphrase 42' },
      session.accessToken,
    );

    // The password change ended every other session, so read the log with the one that made it.
    const res = await client.get('/api/v1/me/log', session.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => e.type)).toEqual([
      'password_changed',
      'api_token_deleted',
      'api_token_created',
      'two_factor_enabled',
      'login_succeeded',
      'login_failed',
      'login_succeeded', // newUser's own login
    ]);
    const [changed, deleted, created, , succeeded, failed] = res.body.items;
    expect(failed).toMatchObject({ ip, userAgent: 'Laptop/2.0', details: { reason: 'password' } });
    expect(succeeded).toMatchObject({
      ip,
      userAgent: 'Laptop/2.0',
      details: { sessionId: session.sessionId },
    });
    expect(created.details).toEqual({ tokenId: token.id, name: 'log me', scopes: ['profile:read'] });
    expect(deleted.details).toEqual({ tokenId: token.id, name: 'log me' });
    expect(changed).toMatchObject({ ip, userAgent: 'Laptop/2.0', details: { revokedSessions: 1 } });
    for (const entry of res.body.items) {
      expect(entry).toEqual({
        id: expect.any(String),
        type: expect.any(String),
        occurredAt: expect.any(String),
        ip: expect.any(String),
        userAgent: entry.userAgent === null ? null : expect.any(String),
        details: expect.any(Object),
      });
    }
    expect(JSON.stringify(res.body)).not.toContain(token.token);
    const times = res.body.items.map((e: any) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('logs the second-factor failures and recovery codes used', async () => {
    const user = await newUser('log-2fa');
    const { recoveryCodes } = await enableTotp(user.accessToken);
    expectProblem(await login(user.email, { totpCode: '000000' }), 401);
    expect((await login(user.email, { recoveryCode: recoveryCodes[0] })).status).toBe(200);
    const res = await client.get('/api/v1/me/log?limit=3', user.accessToken);
    expect(res.body.items.map((e: any) => [e.type, e.details])).toEqual([
      ['recovery_code_used', { recoveryCodesLeft: 9 }],
      ['login_succeeded', expect.objectContaining({ secondFactor: 'recovery_code' })],
      ['login_failed', { reason: 'totp' }],
    ]);
  });

  it('filters by type and pages', async () => {
    const user = await newUser('log-filter');
    for (let i = 0; i < 2; i++) await login(user.email, {}, 'not my password');
    const failed = await client.get('/api/v1/me/log?filter=type:eq:login_failed', user.accessToken);
    expect(failed.body.total).toBe(2);
    expect(failed.body.items.every((e: any) => e.type === 'login_failed')).toBe(true);
    const either = await client.get(
      '/api/v1/me/log?filter=type:in:login_failed|login_succeeded&limit=1&skip=1',
      user.accessToken,
    );
    expect(either.body).toMatchObject({ total: 3, limit: 1, skip: 1, items: [{ type: 'login_failed' }] });
    const oldestFirst = await client.get('/api/v1/me/log?sort=createdAt', user.accessToken);
    expect(oldestFirst.body.items[0].type).toBe('login_succeeded');
    for (const query of ['filter=ip:eq:1.2.3.4', 'filter=type:search:login', 'sort=type']) {
      expectProblem(await client.get(`/api/v1/me/log?${query}`, user.accessToken), 400, 'VALIDATION_FAILED');
    }
  });

  it('shows only my own entries', async () => {
    const [alice, bob] = await Promise.all([newUser('log-a'), newUser('log-b')]);
    await login(alice.email, {}, 'not my password');
    const res = await client.get('/api/v1/me/log', bob.accessToken);
    expect(res.body.items.map((e: any) => e.type)).toEqual(['login_succeeded']);
    expectProblem(await client.get('/api/v1/me/log'), 401, 'UNAUTHENTICATED');
  });
});
