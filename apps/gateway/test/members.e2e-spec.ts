import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, JSONCodec } from 'nats';
import { eventually } from '@roster/testing';
import { enableTotp } from './auth-support';
import {
  addMember,
  companyEvents,
  createCompany,
  createCustomerCompany,
  otherProviderAdmin,
} from './directory-support';
import { api, expectProblem, newUser, platform, profileReady, SignedUpUser } from './support';

/** Asks directory over NATS as another context (service actor) would, e.g. billing. */
async function rpc(subject: string, data: unknown): Promise<{ response?: any; err?: any }> {
  const env = platform().env.directory;
  const nc = await connect({ servers: env.NATS_URL });
  try {
    const codec = JSONCodec();
    const pattern = env.NATS_PREFIX ? `${env.NATS_PREFIX}.${subject}` : subject;
    const h = natsHeaders();
    h.set('x-request-id', randomUUID());
    h.set('x-actor', JSON.stringify({ type: 'service', id: 'billing' }));
    const msg = await nc.request(pattern, codec.encode({ pattern, data, id: randomUUID() }), {
      timeout: 5000,
      headers: h,
    });
    return codec.decode(msg.data) as { response?: any; err?: any };
  } finally {
    await nc.close();
  }
}

describe('company members', () => {
  const client = api();
  let owner: SignedUpUser;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const path = (suffix = '') => `/api/v1/companies/${companyId}/members${suffix}`;

  beforeAll(async () => {
    [owner, admin, member, outsider] = await Promise.all([
      newUser('m-owner'),
      newUser('m-admin'),
      newUser('m-member'),
      newUser('m-outsider'),
    ]);
    // Profiles come from auth's events; adding by e-mail needs them.
    for (const user of [owner, admin, member, outsider]) await profileReady(user);
    // A customer of a provider, so that an administrator of another provider is a meaningful outsider.
    const company = await createCustomerCompany(owner, 'Members Co');
    companyId = company.id;
    providerAdmin = company.providerAdmin;
    await addMember(owner, companyId, admin, 'admin');
    await addMember(owner, companyId, member, 'member');
  });

  describe('adding', () => {
    it('adds an existing user by e-mail (201) with profile fields', async () => {
      const extra = await newUser('m-extra');
      await profileReady(extra);
      const res = await client.post(
        path(),
        { email: extra.email.toUpperCase(), role: 'member' },
        admin.accessToken,
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        companyId,
        userId: extra.userId,
        email: extra.email,
        displayName: extra.email.split('@')[0],
        role: 'member',
        status: 'active',
        twoFactorEnabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await client.get(`/api/v1/companies/${companyId}`, extra.accessToken)).body.myRole).toBe(
        'member',
      );
      expect((await client.delete(path(`/${extra.userId}`), admin.accessToken)).status).toBe(204);
    });

    it('404 for an unknown e-mail, 409 for an existing member, 400 for a bad role', async () => {
      expectProblem(
        await client.post(path(), { email: 'nobody-here@example.com', role: 'member' }, owner.accessToken),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await client.post(path(), { email: member.email, role: 'admin' }, owner.accessToken),
        409,
        'CONFLICT',
      );
      const bad = await client.post(path(), { email: outsider.email, role: 'king' }, owner.accessToken);
      expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'role' }),
      ]);
    });

    it('403 for a plain member, and for an admin granting ownership', async () => {
      expectProblem(
        await client.post(path(), { email: outsider.email, role: 'member' }, member.accessToken),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await client.post(path(), { email: outsider.email, role: 'owner' }, admin.accessToken),
        403,
        'FORBIDDEN',
      );
      expect((await client.get(path(`/${outsider.userId}`), owner.accessToken)).status).toBe(404);
    });
  });

  describe('listing', () => {
    it('lists members with filters on role, status, search and 2FA, sorting and paging', async () => {
      const all = await client.get(path('?sort=role'), member.accessToken);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((m: { role: string }) => m.role)).toEqual(['admin', 'member', 'owner']);

      const admins = await client.get(path('?filter=role:in:owner|admin&sort=email'), owner.accessToken);
      expect(admins.body.items.map((m: { userId: string }) => m.userId).sort()).toEqual(
        [owner.userId, admin.userId].sort(),
      );

      const search = await client.get(
        path(`?filter=search:search:${member.email.split('@')[0]}`),
        owner.accessToken,
      );
      expect(search.body).toMatchObject({ total: 1, items: [{ userId: member.userId }] });

      const paged = await client.get(path('?limit=1&skip=1&sort=createdAt'), owner.accessToken);
      expect(paged.body).toMatchObject({ total: 3, limit: 1, skip: 1, items: [{ userId: admin.userId }] });

      const active = await client.get(
        path('?filter=status:eq:active&filter=twoFactorEnabled:eq:false'),
        owner.accessToken,
      );
      expect(active.body.total).toBe(3);
    });

    it('shows the two-factor flag from auth’s events and filters by it', async () => {
      await enableTotp(member.accessToken);
      const res = await eventually(async () => {
        const r = await client.get(path('?filter=twoFactorEnabled:eq:true'), owner.accessToken);
        return r.body.items.length === 1 ? r : null;
      });
      expect(res.body.items[0]).toMatchObject({ userId: member.userId, twoFactorEnabled: true });
    });

    it('400 for an unknown filter field or operator, or a non-boolean 2FA filter', async () => {
      for (const query of [
        'filter=password:eq:x',
        'filter=role:search:own',
        'filter=twoFactorEnabled:eq:maybe',
        'sort=secret',
      ]) {
        expectProblem(await client.get(path(`?${query}`), owner.accessToken), 400, 'VALIDATION_FAILED');
      }
    });

    it('400 naming filter and the value for a malformed date, uuid, boolean or role', async () => {
      for (const [query, value] of [
        ['filter=createdAt:gt:abc', 'abc'],
        ['filter=createdAt:between:a|b', 'a'],
        ['filter=group:in:not-a-uuid', 'not-a-uuid'],
        ['filter=label:eq:123', '123'],
        ['filter=twoFactorEnabled:eq:yes', 'yes'],
        ['filter=role:in:owner|root', 'root'],
      ]) {
        const problem = expectProblem(
          await client.get(path(`?${query}`), owner.accessToken),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors).toEqual([{ field: 'filter', message: expect.stringContaining(`"${value}"`) }]);
      }
      const ok = await client.get(
        path('?filter=createdAt:ge:2020-01-01T00:00:00Z&filter=role:in:owner|admin|member'),
        owner.accessToken,
      );
      expect(ok.status).toBe(200);
    });

    it('filters by org unit, group and label (eq and in), refusing other operators and non-ids', async () => {
      const base = `/api/v1/companies/${companyId}`;
      const unit = (await client.post(`${base}/org-units`, { name: 'Sales' }, owner.accessToken)).body;
      const group = (await client.post(`${base}/groups`, { name: 'Leads' }, owner.accessToken)).body;
      const label = (await client.post(`${base}/labels`, { name: 'VIP' }, owner.accessToken)).body;
      for (const [link, id] of [
        ['org-units', unit.id],
        ['groups', group.id],
        ['labels', label.id],
      ])
        expect(
          (await client.post(`${base}/${link}/${id}/members`, { userId: member.userId }, owner.accessToken))
            .status,
        ).toBeLessThan(300);
      await client.post(`${base}/labels/${label.id}/members`, { userId: admin.userId }, owner.accessToken);
      const ids = async (filter: string) =>
        (await client.get(path(`?${filter}&sort=createdAt`), owner.accessToken)).body.items.map(
          (m: { userId: string }) => m.userId,
        );
      expect(await ids(`filter=orgUnit:eq:${unit.id}`)).toEqual([member.userId]);
      expect(await ids(`filter=group:eq:${group.id}`)).toEqual([member.userId]);
      expect(await ids(`filter=label:eq:${label.id}`)).toEqual([admin.userId, member.userId]);
      expect(await ids(`filter=label:eq:${label.id}&filter=role:eq:admin`)).toEqual([admin.userId]);
      expect(await ids(`filter=orgUnit:in:${unit.id}|${randomUUID()}`)).toEqual([member.userId]);
      expect(await ids(`filter=group:eq:${randomUUID()}`)).toEqual([]);
      for (const query of [`filter=label:ne:${label.id}`, 'filter=orgUnit:eq:not-an-id'])
        expectProblem(await client.get(path(`?${query}`), owner.accessToken), 400, 'VALIDATION_FAILED');
    });
  });

  describe('changing roles and status', () => {
    let target: SignedUpUser;
    beforeEach(async () => {
      target = await newUser('m-target');
      await profileReady(target);
      await addMember(owner, companyId, target, 'member');
    });
    afterEach(async () => {
      await client.delete(path(`/${target.userId}`), owner.accessToken);
    });

    it('promotes and demotes; gets the member', async () => {
      const promoted = await client.patch(path(`/${target.userId}`), { role: 'admin' }, admin.accessToken);
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ role: 'admin', status: 'active' });
      const demoted = await client.patch(path(`/${target.userId}`), { role: 'member' }, owner.accessToken);
      expect(demoted.body.role).toBe('member');
      expect((await client.get(path(`/${target.userId}`), member.accessToken)).body).toMatchObject({
        role: 'member',
      });
    });

    it('disables a user (no access, no seat) and enables them again', async () => {
      const disabled = await client.patch(
        path(`/${target.userId}`),
        { status: 'disabled' },
        admin.accessToken,
      );
      expect(disabled.body.status).toBe('disabled');
      expectProblem(await client.get(`/api/v1/companies/${companyId}`, target.accessToken), 403, 'FORBIDDEN');
      expectProblem(await client.get(path(), target.accessToken), 403, 'FORBIDDEN');
      const mine = await client.get('/api/v1/companies', target.accessToken);
      expect(mine.body.items.map((c: { id: string }) => c.id)).not.toContain(companyId);
      const enabled = await client.patch(path(`/${target.userId}`), { status: 'active' }, admin.accessToken);
      expect(enabled.body.status).toBe('active');
      expect((await client.get(`/api/v1/companies/${companyId}`, target.accessToken)).status).toBe(200);
    });

    it('an admin cannot manage an owner (403) and cannot disable themselves', async () => {
      await client.patch(path(`/${target.userId}`), { role: 'owner' }, owner.accessToken);
      for (const res of [
        await client.patch(path(`/${target.userId}`), { role: 'member' }, admin.accessToken),
        await client.patch(path(`/${target.userId}`), { status: 'disabled' }, admin.accessToken),
        await client.delete(path(`/${target.userId}`), admin.accessToken),
      ])
        expectProblem(res, 403, 'FORBIDDEN');
      expectProblem(
        await client.patch(path(`/${admin.userId}`), { status: 'disabled' }, admin.accessToken),
        403,
      );
      const check = await client.get(path(`/${target.userId}/can-manage`), admin.accessToken);
      expect(check.body).toEqual({
        companyId,
        userId: target.userId,
        canManage: false,
        reason: 'An admin cannot manage an owner',
      });
      const ownerCheck = await client.get(path(`/${admin.userId}/can-manage`), owner.accessToken);
      expect(ownerCheck.body).toMatchObject({ canManage: true, reason: null });
      const memberCheck = await client.get(path(`/${target.userId}/can-manage`), member.accessToken);
      expect(memberCheck.body.canManage).toBe(false);
    });

    it('a plain member cannot change anyone (403) but may leave', async () => {
      expectProblem(
        await client.patch(path(`/${member.userId}`), { role: 'admin' }, target.accessToken),
        403,
      );
      expectProblem(await client.delete(path(`/${member.userId}`), target.accessToken), 403);
      expect((await client.delete(path(`/${target.userId}`), target.accessToken)).status).toBe(204);
      expectProblem(await client.get(`/api/v1/companies/${companyId}`, target.accessToken), 404, 'NOT_FOUND');
    });
  });

  describe('the last owner', () => {
    it('cannot be removed, demoted or disabled (409); with a second owner it can', async () => {
      const solo = await newUser('m-solo');
      const second = await newUser('m-second');
      await profileReady(second);
      const company = await createCompany(solo, 'Solo Co');
      const p = (s = '') => `/api/v1/companies/${company.id}/members${s}`;
      expectProblem(await client.delete(p(`/${solo.userId}`), solo.accessToken), 409, 'CONFLICT');
      expectProblem(
        await client.patch(p(`/${solo.userId}`), { role: 'admin' }, solo.accessToken),
        409,
        'CONFLICT',
      );
      expectProblem(await client.post(p('/bulk-remove'), { userIds: [solo.userId] }, solo.accessToken), 409);
      await addMember(solo, company.id, second, 'owner');
      expect((await client.patch(p(`/${solo.userId}`), { role: 'admin' }, solo.accessToken)).body.role).toBe(
        'admin',
      );
      expectProblem(
        await client.patch(p(`/${second.userId}`), { status: 'disabled' }, second.accessToken),
        403,
      );
      expectProblem(await client.delete(p(`/${second.userId}`), second.accessToken), 409, 'CONFLICT');
    });
  });

  describe('bulk remove', () => {
    it('removes all or nothing', async () => {
      const [a, b] = await Promise.all([newUser('m-bulk-a'), newUser('m-bulk-b')]);
      for (const u of [a, b]) await profileReady(u);
      await addMember(owner, companyId, a, 'member');
      await addMember(owner, companyId, b, 'member');
      // The owner is in the list: an admin may not remove them, so nobody is removed.
      expectProblem(
        await client.post(
          path('/bulk-remove'),
          { userIds: [a.userId, b.userId, owner.userId] },
          admin.accessToken,
        ),
        403,
      );
      expectProblem(
        await client.post(path('/bulk-remove'), { userIds: [a.userId, randomUUID()] }, admin.accessToken),
        404,
      );
      expect((await client.get(path(`/${a.userId}`), owner.accessToken)).status).toBe(200);
      const done = await client.post(
        path('/bulk-remove'),
        { userIds: [a.userId, b.userId] },
        admin.accessToken,
      );
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ removed: 2 });
      expect((await client.get(path(`/${b.userId}`), owner.accessToken)).status).toBe(404);
      expectProblem(await client.post(path('/bulk-remove'), { userIds: [] }, admin.accessToken), 400);
      expectProblem(await client.post(path('/bulk-remove'), { userIds: ['x'] }, admin.accessToken), 400);
    });
  });

  describe('events', () => {
    it('records member events with a rising company sequence, the active seat count and the client origin', async () => {
      const u = await newUser('m-events');
      await profileReady(u);
      const company = await createCompany(owner, 'Evented Members');
      const p = (s = '') => `/api/v1/companies/${company.id}/members${s}`;
      await client.request('POST', p(), {
        body: { email: u.email, role: 'member' },
        token: owner.accessToken,
        headers: { 'user-agent': 'members-e2e' },
      });
      await client.patch(p(`/${u.userId}`), { role: 'admin' }, owner.accessToken);
      await client.patch(p(`/${u.userId}`), { status: 'disabled' }, owner.accessToken);
      await client.patch(p(`/${u.userId}`), { status: 'active' }, owner.accessToken);
      await client.delete(p(`/${u.userId}`), owner.accessToken);
      const events = await companyEvents(company.id, 'directory.events.member.');
      expect(
        events.map((e) => [
          e.type,
          e.data.userId === u.userId ? 'u' : 'owner',
          e.data.sequence,
          e.data.activeSeats,
        ]),
      ).toEqual([
        ['directory.events.member.added', 'owner', 1, 1],
        ['directory.events.member.added', 'u', 2, 2],
        ['directory.events.member.role_changed', 'u', 3, 2],
        ['directory.events.member.disabled', 'u', 4, 1],
        ['directory.events.member.enabled', 'u', 5, 2],
        ['directory.events.member.removed', 'u', 6, 1],
      ]);
      expect(events[2].data).toMatchObject({ role: 'admin', previousRole: 'member', status: 'active' });
      expect(events[1]).toMatchObject({ tenantId: company.id, origin: { userAgent: 'members-e2e' } });
    });
  });

  describe('member log', () => {
    it('keeps every change with actor and origin, newest first, also after removal; owners/admins only', async () => {
      const u = await newUser('m-log');
      await profileReady(u);
      await client.request('POST', path(), {
        body: { email: u.email, role: 'member' },
        token: owner.accessToken,
        headers: { 'user-agent': 'log-e2e' },
      });
      await client.patch(path(`/${u.userId}`), { role: 'admin' }, admin.accessToken);
      await client.delete(path(`/${u.userId}`), owner.accessToken);
      const log = await client.get(path(`/${u.userId}/log`), admin.accessToken);
      expect(log.status).toBe(200);
      expect(log.body.total).toBe(3);
      expect(log.body.items.map((e: any) => [e.action, e.role, e.previousRole, e.actor.id])).toEqual([
        ['removed', 'admin', null, owner.userId],
        ['role_changed', 'admin', 'member', admin.userId],
        ['added', 'member', null, owner.userId],
      ]);
      expect(log.body.items[2]).toMatchObject({ userAgent: 'log-e2e', ip: expect.any(String), companyId });
      const filtered = await client.get(path(`/${u.userId}/log?filter=action:eq:added`), owner.accessToken);
      expect(filtered.body.total).toBe(1);
      expectProblem(await client.get(path(`/${u.userId}/log`), member.accessToken), 403, 'FORBIDDEN');
      expectProblem(await client.get(path(`/${u.userId}/log`), outsider.accessToken), 404);
      expectProblem(await client.get(path(`/${u.userId}/log?filter=ip:eq:x`), owner.accessToken), 400);
    });
  });

  describe('RPCs for other contexts', () => {
    it('CountCompanySeats answers active seats and the member sequence; 404 for an unknown company', async () => {
      const u = await newUser('m-seats');
      await profileReady(u);
      const company = await createCompany(owner, 'Seats Co');
      await addMember(owner, company.id, u, 'member');
      await client.patch(
        `/api/v1/companies/${company.id}/members/${u.userId}`,
        { status: 'disabled' },
        owner.accessToken,
      );
      const seats = await rpc('directory.member.count-seats.v1', { companyId: company.id });
      expect(seats.response).toEqual({ companyId: company.id, activeSeats: 1, sequence: 3 });
      const missing = await rpc('directory.member.count-seats.v1', { companyId: randomUUID() });
      expect(missing.err).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('CheckCompanyAccess: role via membership, refusal for disabled members, 404 for strangers', async () => {
      const check = (userId: string) => rpc('directory.company.check-access.v1', { companyId, userId });
      expect((await check(admin.userId)).response).toEqual({
        companyId,
        userId: admin.userId,
        role: 'admin',
        via: 'member',
      });
      expect((await check(outsider.userId)).err).toMatchObject({ code: 'NOT_FOUND' });
      const d = await newUser('m-disabled');
      await profileReady(d);
      await addMember(owner, companyId, d, 'member');
      await client.patch(path(`/${d.userId}`), { status: 'disabled' }, owner.accessToken);
      expect((await check(d.userId)).err).toMatchObject({ code: 'FORBIDDEN' });
      await client.delete(path(`/${d.userId}`), owner.accessToken);
    });
  });

  describe('isolation', () => {
    it('404 to a member of another company and to an administrator of another provider, 401 anonymous, for every member route', async () => {
      await createCompany(outsider, 'Outsider Co');
      const foreignProviderAdmin = await otherProviderAdmin();
      const routes: [string, string, unknown?][] = [
        ['GET', path()],
        ['POST', path(), { email: outsider.email, role: 'member' }],
        ['GET', path(`/${member.userId}`)],
        ['GET', path(`/${member.userId}/can-manage`)],
        ['PATCH', path(`/${member.userId}`), { role: 'admin' }],
        ['DELETE', path(`/${member.userId}`)],
        ['POST', path('/bulk-remove'), { userIds: [member.userId] }],
        ['GET', path(`/${member.userId}/log`)],
      ];
      for (const [method, url, body] of routes) {
        for (const stranger of [outsider, foreignProviderAdmin])
          expectProblem(
            await client.request(method, url, { body, token: stranger.accessToken }),
            404,
            'NOT_FOUND',
          );
        expectProblem(await client.request(method, url, { body }), 401);
      }
      expect((await client.get(path(`/${member.userId}`), owner.accessToken)).body.role).toBe('member');
      // The company's own provider administrator reads them (so the 404 above is isolation, not absence).
      expect((await client.get(path(), providerAdmin.accessToken)).status).toBe(200);
      expect((await client.get(path(`/${member.userId}/log`), providerAdmin.accessToken)).status).toBe(200);
    });
  });
});
