import { eventually } from '@roster/testing';
import { outboxEvents } from './auth-support';
import { operatorToken } from './billing-support';
import { insertMembership } from './directory-events';
import { api, expectProblem, newUser, PASSWORD, SignedUpUser } from './support';

/** Polls until `check` holds, failing if that takes longer than `withinMs` (revocation reaches the gateway). */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  await eventually(check, { timeoutMs: withinMs, intervalMs: 50 });
  return Date.now() - started;
}

describe('account disable and enable (platform operators)', () => {
  const client = api();
  let operator: string;
  let someone: SignedUpUser;

  const disable = (userId: string, bearer = operator) =>
    client.post(`/api/v1/admin/users/${userId}/disable`, undefined, bearer);
  const enable = (userId: string, bearer = operator) =>
    client.post(`/api/v1/admin/users/${userId}/enable`, undefined, bearer);
  const login = (email: string, password = PASSWORD) =>
    client.post('/api/v1/auth/login', { email, password });

  beforeAll(async () => {
    operator = await operatorToken();
    someone = await newUser('admin-someone');
  });

  it('a disabled account: tokens refused within a second, login, refresh and API tokens refused; enable restores login', async () => {
    const user = await newUser('to-disable');
    const second = (await login(user.email)).body;
    const apiToken = (
      await client.post('/api/v1/me/tokens', { name: 'ci', scopes: ['profile:read'] }, user.accessToken)
    ).body.token as string;
    expect((await client.get('/api/v1/me', apiToken)).status).toBe(200);
    expect((await client.get('/api/v1/me', user.accessToken)).status).toBe(200);

    const res = await disable(user.userId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: user.userId, status: 'disabled' });
    expect(res.body.revokedSessions).toBeGreaterThanOrEqual(2);
    await within(1000, async () => (await client.get('/api/v1/me', user.accessToken)).status === 401);
    expectProblem(await client.get('/api/v1/me', second.accessToken), 401);
    // The gateway remembered the API token; auth.events.user.disabled makes it drop it within a second.
    await within(1000, async () => (await client.get('/api/v1/me', apiToken)).status === 401);
    expectProblem(await client.get('/api/v1/me', apiToken), 401);
    expectProblem(await client.post('/api/v1/auth/refresh', { refreshToken: second.refreshToken }), 401);
    // The right password gets a clear 403; a wrong one says nothing about the account.
    expectProblem(await login(user.email), 403, 'ACCOUNT_DISABLED');
    expectProblem(await login(user.email, 'not the password at all'), 401, 'INVALID_CREDENTIALS');
    // Idempotent.
    expect((await disable(user.userId)).body).toMatchObject({ status: 'disabled', revokedSessions: 0 });

    const [disabled] = await outboxEvents('auth.events.user.disabled', user.userId);
    expect(disabled).toMatchObject({ data: { userId: user.userId }, actor: { type: 'user' } });
    const revoked = await outboxEvents('auth.events.session.revoked', user.userId);
    expect(revoked.map((e) => e.data.reason)).toContain('user_disabled');

    const enabled = await enable(user.userId);
    expect(enabled.body).toMatchObject({ userId: user.userId, status: 'active' });
    expect(await outboxEvents('auth.events.user.enabled', user.userId)).toHaveLength(1);
    const again = await login(user.email);
    expect(again.status).toBe(200);
    expect((await client.get('/api/v1/me', again.body.accessToken)).status).toBe(200);
    // What the disable revoked stays revoked.
    expectProblem(await client.get('/api/v1/me', second.accessToken), 401);
    const log = await client.get(
      '/api/v1/me/log?filter=type:in:account_disabled|account_enabled',
      again.body.accessToken,
    );
    expect(log.body.items.map((e: any) => e.type)).toEqual(['account_enabled', 'account_disabled']);
  });

  it('only operators, with their own session: others 403, anonymous 401, bad ids 400, unknown 404', async () => {
    expectProblem(await disable(someone.userId, someone.accessToken), 403, 'FORBIDDEN');
    expectProblem(await enable(someone.userId, someone.accessToken), 403, 'FORBIDDEN');
    expectProblem(await client.post(`/api/v1/admin/users/${someone.userId}/disable`), 401);
    expectProblem(await disable('nope'), 400, 'VALIDATION_FAILED');
    expectProblem(await disable('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    // Still active.
    expect((await client.get('/api/v1/me', someone.accessToken)).status).toBe(200);
  });

  it('disabling a member in a company ends the impersonations of them there within a second', async () => {
    const [owner, member] = await Promise.all([newUser('dis-owner'), newUser('dis-member')]);
    const companyId = (await client.post('/api/v1/companies', { name: 'Disable Co' }, owner.accessToken)).body
      .id;
    await insertMembership(companyId, member.userId, 'member');
    const started = await client.post(
      `/api/v1/companies/${companyId}/members/${member.userId}/impersonate`,
      undefined,
      owner.accessToken,
    );
    expect(started.status).toBe(201);
    const token = started.body.accessToken as string;
    expect((await client.get('/api/v1/me', token)).status).toBe(200);

    const patched = await client.patch(
      `/api/v1/companies/${companyId}/members/${member.userId}`,
      { status: 'disabled' },
      owner.accessToken,
    );
    expect(patched.status).toBe(200);
    // Directory's event reaches auth's durable consumer, which revokes; the gateway then denies.
    await within(3000, async () => (await client.get('/api/v1/me', token)).status === 401);
    const revoked = await outboxEvents('auth.events.session.revoked', member.userId);
    expect(revoked.map((e) => e.data.reason)).toContain('member_disabled');
    // The member's own login session is the person's, not the company's: it lives on.
    expect((await client.get('/api/v1/me', member.accessToken)).status).toBe(200);
  });
});
