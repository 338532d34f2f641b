import {
  addMember,
  companyEvents,
  createCompany,
  createCustomerCompany,
  directoryDb,
  otherProviderAdmin,
} from './directory-support';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('company settings, branding, logo, soft delete and ownership transfer', () => {
  const client = api();
  let owner: SignedUpUser;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let companyId: string;
  const url = (suffix: string, id = companyId) => `/api/v1/companies/${id}${suffix}`;
  const put = (path: string, body: unknown, token?: string) => client.request('PUT', path, { body, token });
  const putLogo = (path: string, body: Buffer, contentType: string, token: string) =>
    fetch(`${process.env.E2E_GATEWAY_URL}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });

  beforeAll(async () => {
    [owner, admin, member, outsider] = await Promise.all([
      newUser('s-owner'),
      newUser('s-admin'),
      newUser('s-member'),
      newUser('s-outsider'),
    ]);
    await Promise.all([owner, admin, member, outsider].map(profileReady));
    // A customer of a provider, so that an administrator of another provider is a meaningful outsider.
    companyId = (await createCustomerCompany(owner, 'Settings Co')).id;
    await addMember(owner, companyId, admin, 'admin');
    await addMember(owner, companyId, member, 'member');
  });

  describe('settings and policy', () => {
    const settings = {
      enforced2fa: true,
      // The suite's requests come from loopback: a list without it would lock the setter out (422).
      ipAllowList: ['203.0.113.0/24', '2001:db8::1', '127.0.0.1'],
      personalDashboardsAllowed: false,
      usersMayCreateCompanies: true,
    };

    it('starts with defaults; admins change them; the policy event goes out only when policy changes', async () => {
      const before = await client.get(url('/settings'), member.accessToken);
      expect(before.body).toMatchObject({
        companyId,
        enforced2fa: false,
        ipAllowList: [],
        personalDashboardsAllowed: true,
        usersMayCreateCompanies: true,
      });
      const res = await put(url('/settings'), settings, admin.accessToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(settings);
      expect((await client.get(url('/settings'), owner.accessToken)).body).toMatchObject(settings);
      await put(url('/settings'), { ...settings, personalDashboardsAllowed: true }, admin.accessToken);
      const events = await companyEvents(companyId, 'directory.events.company.policy_updated');
      expect(events.map((e) => e.data)).toEqual([
        { companyId, enforced2fa: true, ipAllowList: settings.ipAllowList, updatedAt: expect.any(String) },
      ]);
    });

    it('400 for a bad IP entry (naming it) or a missing flag; 403 for a plain member', async () => {
      const bad = await put(
        url('/settings'),
        { ...settings, ipAllowList: ['10.0.0.0/8', 'not-an-ip'] },
        owner.accessToken,
      );
      expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'ipAllowList.1' }),
      ]);
      const partial: Partial<typeof settings> = { ...settings };
      delete partial.enforced2fa;
      expectProblem(await put(url('/settings'), partial, owner.accessToken), 400, 'VALIDATION_FAILED');
      expectProblem(await put(url('/settings'), settings, member.accessToken), 403, 'FORBIDDEN');
    });

    it('members of a company that forbids it cannot create companies', async () => {
      const strict = await createCompany(owner, 'Strict Co');
      const worker = await newUser('s-worker');
      await profileReady(worker);
      await addMember(owner, strict.id, worker, 'member');
      await put(
        url('/settings', strict.id),
        { ...settings, usersMayCreateCompanies: false },
        owner.accessToken,
      );
      expectProblem(
        await client.post('/api/v1/companies', { name: 'Side Co' }, worker.accessToken),
        403,
        'FORBIDDEN',
      );
      await put(
        url('/settings', strict.id),
        { ...settings, usersMayCreateCompanies: true },
        owner.accessToken,
      );
      expect((await client.post('/api/v1/companies', { name: 'Side Co' }, worker.accessToken)).status).toBe(
        201,
      );
    });

    it('the IP allow-list binds members on every request, not provider administrators; nobody locks themselves out', async () => {
      // The suite's gateway trusts X-Forwarded-For from loopback, so a test can speak from any address.
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const [boss, worker, msp] = await Promise.all([
        newUser('ip-owner'),
        newUser('ip-worker'),
        newUser('ip-msp'),
      ]);
      await Promise.all([boss, worker, msp].map(profileReady));
      const providerId = (await client.post('/api/v1/providers', { name: 'Walled MSP' }, msp.accessToken))
        .body.id;
      const customer = await client.post(
        `/api/v1/providers/${providerId}/customers`,
        { name: 'Walled Co', ownerEmail: boss.email },
        msp.accessToken,
      );
      expect(customer.status).toBe(201);
      const id = customer.body.id as string;
      await addMember(boss, id, worker, 'member');
      const walled = { ...settings, enforced2fa: false, ipAllowList: ['203.0.113.0/24'] };

      // From loopback, outside the new list: the owner would lock themselves out; nothing is written.
      const lockout = await put(url('/settings', id), walled, boss.accessToken);
      expect(expectProblem(lockout, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'ipAllowList' }),
      ]);
      expect((await client.get(url('/settings', id), boss.accessToken)).body.ipAllowList).toEqual([]);
      const set = await client.request('PUT', url('/settings', id), {
        body: walled,
        token: boss.accessToken,
        headers: from('203.0.113.5'),
      });
      expect(set.status).toBe(200);

      // Members from elsewhere: 403 on directory's routes (the member read too) and on billing's, which
      // ask directory; from inside the list they get through.
      const refused = async (path: string, token: string) => {
        const res = await client.get(path, token);
        expect(expectProblem(res, 403, 'FORBIDDEN').detail).toMatch(/IP allow-list/);
      };
      const allowed = async (path: string, token: string) => {
        const res = await client.request('GET', path, { token, headers: from('203.0.113.77') });
        expect(res.status).toBe(200);
      };
      for (const path of [url('', id), url(`/members/${worker.userId}`, id), url('/members', id)]) {
        await refused(path, worker.accessToken);
        await allowed(path, worker.accessToken);
      }
      await refused(url('/billing/subscription', id), boss.accessToken);
      const billing = await client.request('GET', url('/billing/subscription', id), {
        token: boss.accessToken,
        headers: from('203.0.113.77'),
      });
      expect(billing.status).not.toBe(403);
      // An IPv4-mapped IPv6 client address counts as its IPv4 address.
      await client
        .request('GET', url('', id), { token: worker.accessToken, headers: from('::ffff:203.0.113.9') })
        .then((res) => expect(res.status).toBe(200));

      // What the member may launch there is hidden from elsewhere too (GET /me/applications).
      const app = await client.request('POST', url('/applications', id), {
        body: { name: 'Walled app', url: 'https://walled.example.com/login', signInMethod: 'form_fill' },
        token: boss.accessToken,
        headers: from('203.0.113.5'),
      });
      expect(app.status).toBe(201);
      const assigned = await client.request('POST', url(`/applications/${app.body.id}/members`, id), {
        body: { userId: worker.userId },
        token: boss.accessToken,
        headers: from('203.0.113.5'),
      });
      expect(assigned.status).toBe(201);
      const launchable = async (headers?: Record<string, string>) =>
        (
          await client.request('GET', '/api/v1/me/applications', { token: worker.accessToken, headers })
        ).body.items.map((a: { id: string }) => a.id);
      expect(await launchable()).not.toContain(app.body.id);
      expect(await launchable(from('203.0.113.77'))).toContain(app.body.id);

      // The provider's administrator is bound by the provider, not by the customer's list.
      expect((await client.get(url('', id), msp.accessToken)).status).toBe(200);

      // Emptying the list opens the door again.
      const open = await client.request('PUT', url('/settings', id), {
        body: { ...walled, ipAllowList: [] },
        token: boss.accessToken,
        headers: from('203.0.113.5'),
      });
      expect(open.status).toBe(200);
      expect((await client.get(url('', id), worker.accessToken)).status).toBe(200);
    });
  });

  describe('branding and logo', () => {
    it('sets branding (admins), publishes it, validates it', async () => {
      const res = await put(
        url('/branding'),
        { primaryColor: '#0055ff', billingEmail: 'billing@example.com' },
        admin.accessToken,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        companyId,
        primaryColor: '#0055ff',
        billingEmail: 'billing@example.com',
        logoUrl: null,
      });
      expect((await client.get(url('/branding'), member.accessToken)).body.primaryColor).toBe('#0055ff');
      expectProblem(
        await put(url('/branding'), { primaryColor: 'blue' }, admin.accessToken),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await put(url('/branding'), { primaryColor: '#000000' }, member.accessToken), 403);
      const events = await companyEvents(companyId, 'directory.events.company.branding_updated');
      expect(events.at(-1).data).toMatchObject({
        primaryColor: '#0055ff',
        billingEmail: 'billing@example.com',
      });
    });

    it('uploads a logo as the raw image and serves it back', async () => {
      const res = await putLogo(url('/logo'), PNG, 'image/png', admin.accessToken);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ logoUrl: `/api/v1/companies/${companyId}/logo` });
      const got = await fetch(`${process.env.E2E_GATEWAY_URL}${url('/logo')}`, {
        headers: { authorization: `Bearer ${member.accessToken}` },
      });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    });

    it('refuses non-images (415), a body that is not the declared image (415), too large (413), members (403)', async () => {
      expect(
        (await putLogo(url('/logo'), Buffer.from('%PDF-1.4'), 'application/pdf', admin.accessToken)).status,
      ).toBe(415);
      expect(
        (await putLogo(url('/logo'), Buffer.from('not a png at all'), 'image/png', admin.accessToken)).status,
      ).toBe(415);
      const big = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
      expect((await putLogo(url('/logo'), big, 'image/png', admin.accessToken)).status).toBe(413);
      expect((await putLogo(url('/logo'), PNG, 'image/png', member.accessToken)).status).toBe(403);
      const json = await client.request('PUT', url('/logo'), {
        body: { logo: 'x' },
        token: admin.accessToken,
      });
      expectProblem(json, 415);
    });
  });

  describe('soft delete and restore', () => {
    it('hides a deleted company; its owner restores it within the grace period', async () => {
      const company = await createCompany(owner, 'Phoenix Co');
      await addMember(owner, company.id, admin, 'admin');
      expectProblem(
        await client.post(url('/restore', company.id), undefined, owner.accessToken),
        409,
        'CONFLICT',
      );
      expect((await client.delete(url('', company.id), owner.accessToken)).status).toBe(204);
      expectProblem(await client.get(url('', company.id), owner.accessToken), 404);
      expectProblem(await client.get(url('/members', company.id), owner.accessToken), 404);
      expectProblem(await client.post(url('/restore', company.id), undefined, admin.accessToken), 403);
      expectProblem(await client.post(url('/restore', company.id), undefined, outsider.accessToken), 404);
      const restored = await client.post(url('/restore', company.id), undefined, owner.accessToken);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: company.id, name: 'Phoenix Co', myRole: 'owner' });
      expect((await client.get(url('', company.id), admin.accessToken)).status).toBe(200);
      const types = (await companyEvents(company.id, 'directory.events.company.')).map((e) => e.type);
      expect(types).toEqual([
        'directory.events.company.created',
        'directory.events.company.deleted',
        'directory.events.company.restored',
        'directory.events.company.updated',
      ]);
    });

    it('410 once the grace period is over', async () => {
      const company = await createCompany(owner, 'Too Late Co');
      await client.delete(url('', company.id), owner.accessToken);
      // Arrange "long ago" directly: no waiting in tests.
      await directoryDb(`UPDATE companies SET deleted_at = now() - interval '31 days' WHERE id = $1`, [
        company.id,
      ]);
      expectProblem(
        await client.post(url('/restore', company.id), undefined, owner.accessToken),
        410,
        'GONE',
      );
    });
  });

  describe('ownership transfer', () => {
    it('hands the company over with a single-use token; the old owner stays as admin', async () => {
      const company = await createCompany(owner, 'Handover Co');
      const heir = await newUser('s-heir');
      await profileReady(heir);
      await addMember(owner, company.id, heir, 'member');
      await addMember(owner, company.id, admin, 'admin');
      expectProblem(
        await client.post(
          url('/ownership-transfers', company.id),
          { toUserId: heir.userId },
          admin.accessToken,
        ),
        403,
      );
      expectProblem(
        await client.post(
          url('/ownership-transfers', company.id),
          { toUserId: outsider.userId },
          owner.accessToken,
        ),
        422,
        'UNPROCESSABLE',
      );
      const created = await client.post(
        url('/ownership-transfers', company.id),
        { toUserId: heir.userId },
        owner.accessToken,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        companyId: company.id,
        toUserId: heir.userId,
        token: expect.any(String),
      });
      const { token } = created.body;
      const stored = await directoryDb(`SELECT token_hash FROM ownership_transfers WHERE company_id = $1`, [
        company.id,
      ]);
      expect(JSON.stringify(stored)).not.toContain(token);

      expectProblem(
        await client.post('/api/v1/ownership-transfers/accept', { token }, admin.accessToken),
        404,
      );
      const accepted = await client.post('/api/v1/ownership-transfers/accept', { token }, heir.accessToken);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ id: company.id, myRole: 'owner' });
      expect((await client.get(url('', company.id), owner.accessToken)).body.myRole).toBe('admin');
      expectProblem(
        await client.post('/api/v1/ownership-transfers/accept', { token }, heir.accessToken),
        410,
        'GONE',
      );
      const roleEvents = await companyEvents(company.id, 'directory.events.member.role_changed');
      expect(roleEvents.map((e) => [e.data.userId, e.data.previousRole, e.data.role])).toEqual([
        [heir.userId, 'member', 'owner'],
        [owner.userId, 'owner', 'admin'],
      ]);
    });

    it('410 for an expired token; a newer token replaces the older one', async () => {
      const company = await createCompany(owner, 'Expiring Co');
      await addMember(owner, company.id, member, 'member');
      const first = await client.post(
        url('/ownership-transfers', company.id),
        { toUserId: member.userId },
        owner.accessToken,
      );
      const second = await client.post(
        url('/ownership-transfers', company.id),
        { toUserId: member.userId },
        owner.accessToken,
      );
      expectProblem(
        await client.post(
          '/api/v1/ownership-transfers/accept',
          { token: first.body.token },
          member.accessToken,
        ),
        410,
      );
      await directoryDb(
        `UPDATE ownership_transfers SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [second.body.transferId],
      );
      expectProblem(
        await client.post(
          '/api/v1/ownership-transfers/accept',
          { token: second.body.token },
          member.accessToken,
        ),
        410,
        'GONE',
      );
      expect((await client.get(url('', company.id), member.accessToken)).body.myRole).toBe('member');
      expectProblem(
        await client.post(
          '/api/v1/ownership-transfers/accept',
          { token: 'x'.repeat(43) },
          member.accessToken,
        ),
        404,
      );
      expectProblem(
        await client.post('/api/v1/ownership-transfers/accept', { token: 'short' }, member.accessToken),
        400,
      );
    });
  });

  describe('isolation', () => {
    it('404 to a member of another company and to an administrator of another provider, 401 anonymous, on every route', async () => {
      const foreignProviderAdmin = await otherProviderAdmin();
      const routes: [string, string, unknown?][] = [
        ['GET', url('/settings')],
        [
          'PUT',
          url('/settings'),
          {
            enforced2fa: false,
            ipAllowList: [],
            personalDashboardsAllowed: true,
            usersMayCreateCompanies: true,
          },
        ],
        ['GET', url('/branding')],
        ['PUT', url('/branding'), { primaryColor: '#ffffff' }],
        ['GET', url('/logo')],
        ['POST', url('/restore')],
        ['POST', url('/ownership-transfers'), { toUserId: member.userId }],
      ];
      for (const [method, path, body] of routes) {
        for (const stranger of [outsider, foreignProviderAdmin])
          expectProblem(
            await client.request(method, path, { body, token: stranger.accessToken }),
            404,
            'NOT_FOUND',
          );
        expectProblem(await client.request(method, path, { body }), 401);
      }
      expectProblem(await client.post('/api/v1/ownership-transfers/accept', { token: 'x'.repeat(43) }), 401);
    });
  });
});
