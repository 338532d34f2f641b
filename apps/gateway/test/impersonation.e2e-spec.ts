import { decodeJwt } from 'jose';
import { eventually } from '@roster/testing';
import { outboxEvents } from './auth-support';
import { insertMembership } from './directory-events';
import { api, expectProblem, newUser, PASSWORD, profileReady, SignedUpUser } from './support';

const addMember = insertMembership;

describe('impersonation', () => {
  const client = api();
  let owner: SignedUpUser;
  let coOwner: SignedUpUser;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let companyId: string;
  const impersonate = (as: SignedUpUser, target: string, company = companyId) =>
    client.post(`/api/v1/companies/${company}/members/${target}/impersonate`, undefined, as.accessToken);

  beforeAll(async () => {
    [owner, coOwner, admin, member, outsider] = await Promise.all([
      newUser('imp-owner'),
      newUser('imp-coowner'),
      newUser('imp-admin'),
      newUser('imp-member'),
      newUser('imp-outsider'),
    ]);
    companyId = (await client.post('/api/v1/companies', { name: 'Support Co' }, owner.accessToken)).body.id;
    await addMember(companyId, coOwner.userId, 'owner');
    await addMember(companyId, admin.userId, 'admin');
    await addMember(companyId, member.userId, 'member');
    // Acting as someone reads their profile (GET /me), which directory makes from auth's event.
    await Promise.all([admin, member].map(profileReady));
  });

  it('an admin acts as a member: a short token naming both, usable on the member’s behalf, audited', async () => {
    const res = await impersonate(admin, member.userId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      userId: member.userId,
      impersonatorId: admin.userId,
      companyId,
      sessionId: expect.any(String),
    });
    expect(res.body.refreshToken).toBeUndefined();
    expect(res.body.expiresIn).toBeLessThanOrEqual(3600);
    const claims = decodeJwt(res.body.accessToken);
    expect(claims).toMatchObject({ sub: member.userId, act: { sub: admin.userId }, sid: res.body.sessionId });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(3600);

    const me = await client.get('/api/v1/me', res.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.userId ?? me.body.id).toBe(member.userId);
    const check = await client.get('/api/v1/auth/check', res.body.accessToken);
    expect(check.body).toMatchObject({ userId: member.userId, sessionId: res.body.sessionId });

    const [started] = await outboxEvents('auth.events.impersonation.started', member.userId);
    expect(started).toMatchObject({
      tenantId: companyId,
      actor: { type: 'user', id: admin.userId },
      data: { sessionId: res.body.sessionId, companyId, impersonatorId: admin.userId, userId: member.userId },
    });
    // The member sees it in their account log.
    const log = await client.get('/api/v1/me/log?filter=type:eq:impersonated', member.accessToken);
    expect(log.body.items).toEqual([expect.objectContaining({ type: 'impersonated' })]);
  });

  it('cannot change the password or 2FA, manage tokens, or impersonate further', async () => {
    const token = (await impersonate(owner, member.userId)).body.accessToken;
    const put = await client.request('PUT', '/api/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'hijacked passphrase 99' },
    });
    expectProblem(put, 403, 'FORBIDDEN');
    expectProblem(await client.post('/api/v1/me/2fa/totp', undefined, token), 403, 'FORBIDDEN');
    expectProblem(
      await client.post('/api/v1/me/tokens', { name: 'x', scopes: ['profile:read'] }, token),
      403,
    );
    expectProblem(
      await client.post(
        `/api/v1/companies/${companyId}/members/${admin.userId}/impersonate`,
        undefined,
        token,
      ),
      403,
      'FORBIDDEN',
    );
    // The member's password is unchanged.
    expect(
      (await client.post('/api/v1/auth/login', { email: member.email, password: PASSWORD })).status,
    ).toBe(200);
  });

  it('ending it refuses the token at once and is audited', async () => {
    const started = (await impersonate(owner, admin.userId)).body;
    expect((await client.get('/api/v1/me', started.accessToken)).status).toBe(200);
    expect((await client.post('/api/v1/auth/impersonation/end', undefined, started.accessToken)).status).toBe(
      204,
    );
    await eventually(async () => (await client.get('/api/v1/me', started.accessToken)).status === 401);
    const [ended] = await outboxEvents('auth.events.impersonation.ended', admin.userId);
    expect(ended.data).toMatchObject({
      sessionId: started.sessionId,
      impersonatorId: owner.userId,
      companyId,
    });
    // A normal session has no impersonation to end.
    expectProblem(await client.post('/api/v1/auth/impersonation/end', undefined, admin.accessToken), 404);
  });

  it('what is done under impersonation is audited with both identities (company log, events)', async () => {
    const token = (await impersonate(owner, admin.userId)).body.accessToken as string;
    const group = await client.post(
      `/api/v1/companies/${companyId}/groups`,
      { name: 'Made while impersonating' },
      token,
    );
    expect(group.status).toBe(201);
    const entry = await eventually(async () => {
      const log = await client.get(
        `/api/v1/companies/${companyId}/log?filter=type:eq:directory.events.group.created`,
        owner.accessToken,
      );
      return log.body.items?.find((e: any) => e.subject?.id === group.body.id);
    });
    expect(entry.actor).toEqual({ type: 'user', id: admin.userId, impersonatorId: owner.userId });
    // The admin's own changes name only the admin.
    const own = await client.post(
      `/api/v1/companies/${companyId}/groups`,
      { name: 'Own' },
      admin.accessToken,
    );
    const ownEntry = await eventually(async () => {
      const log = await client.get(
        `/api/v1/companies/${companyId}/log?filter=type:eq:directory.events.group.created`,
        owner.accessToken,
      );
      return log.body.items?.find((e: any) => e.subject?.id === own.body.id);
    });
    expect(ownEntry.actor).toEqual({ type: 'user', id: admin.userId });

    // A membership change under impersonation: the member's log names both too.
    const target = await newUser('imp-target');
    await addMember(companyId, target.userId, 'member');
    const disabled = await client.patch(
      `/api/v1/companies/${companyId}/members/${target.userId}`,
      { status: 'disabled' },
      token,
    );
    expect(disabled.status).toBe(200);
    const memberLog = await client.get(
      `/api/v1/companies/${companyId}/members/${target.userId}/log`,
      owner.accessToken,
    );
    expect(memberLog.body.items[0]).toMatchObject({
      action: 'disabled',
      actor: { type: 'user', id: admin.userId, impersonatorId: owner.userId },
    });
  });

  it('refuses a plain member (403), an outsider (404), an admin acting as an owner (403), and oneself (422)', async () => {
    expectProblem(await impersonate(member, admin.userId), 403, 'FORBIDDEN');
    expectProblem(await impersonate(outsider, member.userId), 404, 'NOT_FOUND');
    expectProblem(await impersonate(admin, owner.userId), 403, 'FORBIDDEN');
    expectProblem(await impersonate(admin, coOwner.userId), 403, 'FORBIDDEN');
    expectProblem(await impersonate(admin, admin.userId), 422);
    // An owner may act as another owner.
    expect((await impersonate(owner, coOwner.userId)).status).toBe(201);
  });

  it('404 for a target who is not a member of that company; 400 for malformed ids; 401 anonymous', async () => {
    expectProblem(await impersonate(owner, outsider.userId), 404, 'NOT_FOUND');
    expectProblem(await impersonate(owner, 'nope'), 400, 'VALIDATION_FAILED');
    expectProblem(
      await client.post(`/api/v1/companies/${companyId}/members/${member.userId}/impersonate`),
      401,
    );
  });
});
