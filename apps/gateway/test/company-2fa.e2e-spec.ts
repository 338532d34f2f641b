import { decodeJwt } from 'jose';
import { eventually } from '@roster/testing';
import { enableTotp, login, outboxEvents, totp } from './auth-support';
import { DirectoryEvents, insertMembership } from './directory-events';
import { api, expectProblem, newUser, PASSWORD, SignedUpUser } from './support';

const NEW_PASSWORD = 'set by the admin 2024!';

describe('company 2FA policy and admin actions on members', () => {
  const client = api();
  let directory: DirectoryEvents;
  let owner: SignedUpUser;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let companyId: string;
  let sequence = 100;

  /** directory's member event for a member of our company (the sequence only grows). */
  const memberEvent = (kind: 'added' | 'removed' | 'disabled', userId: string, role = 'member') =>
    directory.publish(`directory.events.member.${kind}`, companyId, {
      userId,
      role,
      status: kind === 'disabled' ? 'disabled' : 'active',
      sequence: ++sequence,
      activeSeats: 3,
      at: new Date().toISOString(),
    });
  const policy = (enforced2fa: boolean) =>
    directory.publish('directory.events.company.policy_updated', companyId, {
      enforced2fa,
      ipAllowList: [],
      updatedAt: new Date().toISOString(),
    });

  beforeAll(async () => {
    directory = await DirectoryEvents.connect();
    [owner, admin, member, outsider] = await Promise.all([
      newUser('p-owner'),
      newUser('p-admin'),
      newUser('p-member'),
      newUser('p-outsider'),
    ]);
    companyId = (await client.post('/api/v1/companies', { name: 'Strict Co' }, owner.accessToken)).body.id;
    await insertMembership(companyId, admin.userId, 'admin');
    await insertMembership(companyId, member.userId, 'member');
    await memberEvent('added', admin.userId, 'admin');
    await memberEvent('added', member.userId);
  });
  afterAll(async () => {
    await directory?.close();
  });

  describe('enforced 2FA', () => {
    it('a member without 2FA gets an enrolment-only token; after enrolling, refresh gives a full one', async () => {
      await policy(true);
      const res = await eventually(async () => {
        const r = await login(member.email);
        return r.body.restriction ? r : null;
      });
      expect(res.status).toBe(200);
      expect(res.body.restriction).toBe('two_factor_enrollment');
      expect(decodeJwt(res.body.accessToken).scope).toBe('two_factor:enroll');
      const restricted = res.body.accessToken;
      // Everything but enrolment (and check/logout) is closed.
      expectProblem(await client.get('/api/v1/companies', restricted), 403, 'FORBIDDEN');
      expectProblem(await client.get('/api/v1/me', restricted), 403, 'FORBIDDEN');
      expectProblem(
        await client.post('/api/v1/me/tokens', { name: 'x', scopes: ['profile:read'] }, restricted),
        403,
      );
      expect((await client.get('/api/v1/auth/check', restricted)).status).toBe(200);
      expect((await client.get('/api/v1/me/2fa', restricted)).body.enabled).toBe(false);
      // Refresh keeps it restricted while 2FA is off.
      const still = await client.post('/api/v1/auth/refresh', { refreshToken: res.body.refreshToken });
      expect(still.body.restriction).toBe('two_factor_enrollment');

      await enableTotp(still.body.accessToken);
      const full = await client.post('/api/v1/auth/refresh', { refreshToken: still.body.refreshToken });
      expect(full.status).toBe(200);
      expect(full.body.restriction).toBeUndefined();
      expect(decodeJwt(full.body.accessToken).scope).toBeUndefined();
      expect((await client.get('/api/v1/companies', full.body.accessToken)).status).toBe(200);
    });

    it('members with 2FA, and people outside enforcing companies, log in normally', async () => {
      const { secret } = await enableTotp(admin.accessToken);
      const withCode = await login(admin.email, { totpCode: totp(secret, 1) });
      expect(withCode.status).toBe(200);
      expect(withCode.body.restriction).toBeUndefined();
      const free = await login(outsider.email);
      expect(free.body.restriction).toBeUndefined();
    });

    it('a removed member is no longer bound by the policy; lifting the policy frees everyone', async () => {
      const leaver = await newUser('p-leaver');
      await memberEvent('added', leaver.userId);
      await eventually(async () => (await login(leaver.email)).body.restriction === 'two_factor_enrollment');
      await memberEvent('removed', leaver.userId);
      await eventually(async () => (await login(leaver.email)).body.restriction === undefined);

      const stays = await newUser('p-stays');
      await memberEvent('added', stays.userId);
      await eventually(async () => (await login(stays.email)).body.restriction === 'two_factor_enrollment');
      await policy(false);
      await eventually(async () => (await login(stays.email)).body.restriction === undefined);
      await policy(true);
    });
  });

  describe('2FA adoption statistics', () => {
    it('counts active members and those with 2FA, for owners and admins only', async () => {
      const res = await eventually(async () => {
        const r = await client.get(`/api/v1/companies/${companyId}/two-factor-stats`, owner.accessToken);
        return r.body.enforced === true ? r : null;
      });
      expect(res.body).toMatchObject({ companyId, enforced: true });
      expect(res.body.members).toBeGreaterThanOrEqual(3);
      expect(res.body.withTwoFactor).toBeGreaterThanOrEqual(2); // member and admin enrolled above
      expect(res.body.adoptionPercent).toBe(Math.round((res.body.withTwoFactor / res.body.members) * 100));
      expectProblem(
        await client.get(`/api/v1/companies/${companyId}/two-factor-stats`, outsider.accessToken),
        404,
      );
    });
  });

  describe('POST /companies/{id}/members/{userId}/password-reset', () => {
    it('an admin sets a member’s password: the old one and every session stop working', async () => {
      const victim = await newUser('p-victim');
      await insertMembership(companyId, victim.userId, 'member');
      const res = await client.post(
        `/api/v1/companies/${companyId}/members/${victim.userId}/password-reset`,
        { newPassword: NEW_PASSWORD },
        admin.accessToken,
      );
      expect(res.status).toBe(200);
      expect(res.body.revokedSessions).toBeGreaterThanOrEqual(1);
      expectProblem(await login(victim.email), 401, 'INVALID_CREDENTIALS');
      expect((await login(victim.email, {}, NEW_PASSWORD)).status).toBe(200);
      expectProblem(await client.post('/api/v1/auth/refresh', { refreshToken: victim.refreshToken }), 401);
      await eventually(
        async () => (await client.get('/api/v1/me/sessions', victim.accessToken)).status === 401,
      );
      const [changed] = await outboxEvents('auth.events.password.changed', victim.userId);
      expect(changed.data).toMatchObject({ userId: victim.userId, via: 'reset' });
    });

    it('refuses a plain member (403), an admin on an owner (403), oneself (422), a weak password (422), a non-member (404)', async () => {
      const path = (userId: string) => `/api/v1/companies/${companyId}/members/${userId}/password-reset`;
      const body = { newPassword: NEW_PASSWORD };
      expectProblem(await client.post(path(admin.userId), body, member.accessToken), 403);
      expectProblem(await client.post(path(owner.userId), body, admin.accessToken), 403);
      expectProblem(await client.post(path(admin.userId), body, admin.accessToken), 422);
      expectProblem(
        await client.post(path(member.userId), { newPassword: 'short' }, admin.accessToken),
        422,
        'WEAK_PASSWORD',
      );
      expectProblem(await client.post(path(outsider.userId), body, admin.accessToken), 404);
      expectProblem(await client.post(path(member.userId), body, outsider.accessToken), 404);
      // Nothing changed for the owner.
      expect((await login(owner.email, {}, PASSWORD)).status).toBe(200);
    });
  });

  describe('DELETE /companies/{id}/members/{userId}/2fa', () => {
    it('an owner resets a member’s 2FA (a lost phone): they log in with the password alone again', async () => {
      const phoneless = await newUser('p-phoneless');
      await insertMembership(companyId, phoneless.userId, 'member');
      await enableTotp(phoneless.accessToken);
      expectProblem(await login(phoneless.email), 401, 'SECOND_FACTOR_REQUIRED');
      expectProblem(
        await client.delete(
          `/api/v1/companies/${companyId}/members/${phoneless.userId}/2fa`,
          member.accessToken,
        ),
        403,
      );
      const res = await client.delete(
        `/api/v1/companies/${companyId}/members/${phoneless.userId}/2fa`,
        owner.accessToken,
      );
      expect(res.status).toBe(204);
      expect((await login(phoneless.email)).status).toBe(200);
      const [disabled] = await outboxEvents('auth.events.two_factor.disabled', phoneless.userId);
      expect(disabled.data).toMatchObject({ userId: phoneless.userId, method: 'totp' });
    });
  });
});
