import { randomBytes, randomUUID } from 'node:crypto';
import { publishTxt } from './dns-stub';
import {
  addMember,
  createCompany,
  expectCompanyAdminGuard,
  newProfiledUser,
  outboxEvents,
} from './people-support';
import { createCustomerCompany, otherProviderAdmin } from './directory-support';
import { api, expectProblem, PASSWORD, profileReady, SignedUpUser } from './support';

/** Domain verification asks the DNS stub started by global setup (DNS_SERVERS of directory). */
describe('company domains through the gateway', () => {
  const client = api();
  let owner: SignedUpUser;
  let company: { id: string };
  const uniqueDomain = (label = 'acme') => `${label}-${randomBytes(4).toString('hex')}.example.org`;

  beforeAll(async () => {
    owner = await newProfiledUser('domains');
    // A customer of a provider, so that an administrator of another provider is a meaningful outsider.
    company = await createCustomerCompany(owner, 'Domains Co');
  });

  const add = (domain: string, user = owner, companyId = company.id) =>
    client.post(`/api/v1/companies/${companyId}/domains`, { domain }, user.accessToken);
  const verify = (domainId: string, user = owner, companyId = company.id) =>
    client.post(`/api/v1/companies/${companyId}/domains/${domainId}/verify`, undefined, user.accessToken);

  /** A user whose e-mail is on `domain`. */
  const signUpOn = async (domain: string, local: string) => {
    const email = `${local}-${randomBytes(3).toString('hex')}@${domain}`;
    const up = await client.post('/api/v1/auth/signup', { email, password: PASSWORD });
    const login = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
    const user = { email, userId: up.body.userId, accessToken: login.body.accessToken } as SignedUpUser;
    await profileReady(user);
    return user;
  };

  it('adds a domain with a TXT token; verification fails (422) until the record is published', async () => {
    const domain = uniqueDomain();
    const res = await add(`${domain.toUpperCase()}.`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      domain,
      verified: false,
      verifiedAt: null,
      autoJoin: false,
      sso: null,
      verificationToken: expect.any(String),
    });
    expect(res.body.txtRecord).toBe(`roster-verification=${res.body.verificationToken}`);
    expectProblem(await verify(res.body.id), 422, 'UNPROCESSABLE');
    publishTxt(domain, ['v=spf1 -all', 'roster-verification=someone-else']);
    expectProblem(await verify(res.body.id), 422, 'UNPROCESSABLE');

    publishTxt(domain, ['v=spf1 -all', res.body.txtRecord]);
    const verified = await verify(res.body.id);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: res.body.id, verified: true, verifiedAt: expect.any(String) });
    const [event] = await outboxEvents('directory.events.domain.verified', (d: any) => d.domain === domain);
    expect(event).toMatchObject({ tenantId: company.id, data: { companyId: company.id, domain } });

    const list = await client.get(`/api/v1/companies/${company.id}/domains`, owner.accessToken);
    expect(list.body).toMatchObject({ verified: 1, total: 1, items: [{ domain, verified: true }] });
  });

  it('409: the same domain twice in a company; a domain verified by another company cannot be claimed', async () => {
    const domain = uniqueDomain('claimed');
    const first = await add(domain);
    expectProblem(await add(domain), 409, 'CONFLICT');
    const rival = await newProfiledUser('rival');
    const rivalCompany = await createCompany(rival, 'Rival Co');
    // Before verification both may try; the first to verify wins.
    const rivalDomain = await add(domain, rival, rivalCompany.id);
    expect(rivalDomain.status).toBe(201);
    publishTxt(domain, [first.body.txtRecord, rivalDomain.body.txtRecord]);
    expect((await verify(first.body.id)).status).toBe(200);
    expectProblem(await verify(rivalDomain.body.id, rival, rivalCompany.id), 409, 'CONFLICT');
    expectProblem(await add(domain, rival, rivalCompany.id), 409, 'CONFLICT');
  });

  it('400 for something that is not a domain name', async () => {
    for (const bad of ['localhost', 'http://x.com', 'a b.com', ''])
      expectProblem(await add(bad), 400, 'VALIDATION_FAILED');
  });

  it('SSO settings only on a verified domain; updates emit DomainSsoUpdated; removal emits DomainRemoved', async () => {
    const domain = uniqueDomain('sso');
    const added = await add(domain);
    const sso = {
      enabled: true,
      protocol: 'oidc',
      loginUrl: 'https://idp.example.com/authorize',
      issuer: 'https://idp.example.com',
      clientId: 'roster',
    };
    const path = `/api/v1/companies/${company.id}/domains/${added.body.id}`;
    expectProblem(
      await client.request('PUT', `${path}/sso`, { body: { sso }, token: owner.accessToken }),
      409,
      'CONFLICT',
    );
    publishTxt(domain, [added.body.txtRecord]);
    await verify(added.body.id);
    const bad = await client.request('PUT', `${path}/sso`, {
      body: { sso: { ...sso, loginUrl: 'http://insecure.example.com' } },
      token: owner.accessToken,
    });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    const set = await client.request('PUT', `${path}/sso`, { body: { sso }, token: owner.accessToken });
    expect(set.status).toBe(200);
    expect(set.body.sso).toEqual(sso);
    expect((await client.get(path, owner.accessToken)).body.sso).toEqual(sso);
    const cleared = await client.request('PUT', `${path}/sso`, {
      body: { sso: null },
      token: owner.accessToken,
    });
    expect(cleared.body.sso).toBeNull();
    const updates = await outboxEvents(
      'directory.events.domain.sso_updated',
      (d: any) => d.domain === domain,
    );
    expect(updates.map((e) => e.data.sso)).toEqual([sso, null]);

    expect((await client.delete(path, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(path, owner.accessToken), 404);
    const [removed] = await outboxEvents('directory.events.domain.removed', (d: any) => d.domain === domain);
    expect(removed.data).toMatchObject({ companyId: company.id, domain });
    // Removed: another company may claim it now.
    const next = await newProfiledUser('next');
    const nextCompany = await createCompany(next, 'Next Co');
    const claimed = await add(domain, next, nextCompany.id);
    publishTxt(domain, [claimed.body.txtRecord]);
    expect((await verify(claimed.body.id, next, nextCompany.id)).status).toBe(200);
  });

  it('auto-join: users with the verified domain’s e-mail join at once; otherwise an admin confirms', async () => {
    const domain = uniqueDomain('join');
    const added = await add(domain);
    publishTxt(domain, [added.body.txtRecord]);
    await verify(added.body.id);
    const signUp = (local: string) => signUpOn(domain, local);
    const asker = await signUp('asker');
    const joinable = await client.get('/api/v1/me/joinable-companies', asker.accessToken);
    expect(joinable.body.items).toEqual([
      { companyId: company.id, companyName: 'Domains Co', domain, autoJoin: false },
    ]);
    // Without auto-join: a signup request for an admin.
    const asked = await client.post(
      `/api/v1/companies/${company.id}/signup-requests`,
      undefined,
      asker.accessToken,
    );
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      status: 'pending',
      request: { companyId: company.id, userId: asker.userId },
    });
    expectProblem(
      await client.post(`/api/v1/companies/${company.id}/signup-requests`, undefined, asker.accessToken),
      409,
    );
    const requests = await client.get(`/api/v1/companies/${company.id}/signup-requests`, owner.accessToken);
    expect(requests.body).toMatchObject({
      total: 1,
      items: [{ id: asked.body.request.id, email: asker.email }],
    });
    const confirmed = await client.post(
      `/api/v1/companies/${company.id}/signup-requests/${asked.body.request.id}/confirm`,
      undefined,
      owner.accessToken,
    );
    expect(confirmed.body).toEqual({
      status: 'joined',
      companyId: company.id,
      userId: asker.userId,
      role: 'member',
    });
    expect((await client.get(`/api/v1/companies/${company.id}`, asker.accessToken)).body.myRole).toBe(
      'member',
    );

    // A second request is deleted (refused) by the admin.
    const refused = await signUp('refused');
    const second = await client.post(
      `/api/v1/companies/${company.id}/signup-requests`,
      undefined,
      refused.accessToken,
    );
    expect(
      (
        await client.delete(
          `/api/v1/companies/${company.id}/signup-requests/${second.body.request.id}`,
          owner.accessToken,
        )
      ).status,
    ).toBe(204);
    expectProblem(await client.get(`/api/v1/companies/${company.id}`, refused.accessToken), 404);

    // Auto-join on: the next user joins at once, with MemberAdded.
    expectProblem(
      await client.patch(
        `/api/v1/companies/${company.id}/domains/${added.body.id}`,
        { autoJoin: true },
        asker.accessToken,
      ),
      403,
    );
    const on = await client.patch(
      `/api/v1/companies/${company.id}/domains/${added.body.id}`,
      { autoJoin: true },
      owner.accessToken,
    );
    expect(on.body.autoJoin).toBe(true);
    const joiner = await signUp('joiner');
    const joined = await client.post(
      `/api/v1/companies/${company.id}/signup-requests`,
      undefined,
      joiner.accessToken,
    );
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ status: 'joined', companyId: company.id, role: 'member' });
    const added2 = await outboxEvents(
      'directory.events.member.added',
      (d: any) => d.userId === joiner.userId,
    );
    expect(added2[0].data).toMatchObject({ companyId: company.id, role: 'member', status: 'active' });
    // Someone from another e-mail domain cannot even see the company; members asking again get 409.
    const stranger = await newProfiledUser('stranger');
    expectProblem(
      await client.post(`/api/v1/companies/${company.id}/signup-requests`, undefined, stranger.accessToken),
      404,
    );
    expectProblem(
      await client.post(`/api/v1/companies/${randomUUID()}/signup-requests`, undefined, stranger.accessToken),
      404,
    );
    expectProblem(
      await client.post(`/api/v1/companies/${company.id}/signup-requests`, undefined, joiner.accessToken),
      409,
    );
    expect(
      (await client.get(`/api/v1/companies/${company.id}/signup-requests`, owner.accessToken)).body.total,
    ).toBe(0);
  });

  it('tenant isolation on every domain and signup-request admin route', async () => {
    const member = await newProfiledUser('member');
    await addMember(owner, company.id, member);
    const outsider = await newProfiledUser('outsider');
    await createCompany(outsider, 'Elsewhere');
    const guardDomain = uniqueDomain('guard');
    const domain = await add(guardDomain);
    publishTxt(guardDomain, [domain.body.txtRecord]);
    expect((await verify(domain.body.id)).status).toBe(200);
    const asker = await signUpOn(guardDomain, 'asker2');
    const request = await client.post(
      `/api/v1/companies/${company.id}/signup-requests`,
      undefined,
      asker.accessToken,
    );
    const base = `/api/v1/companies/${company.id}`;
    await expectCompanyAdminGuard(
      [
        { method: 'POST', path: `${base}/domains`, body: { domain: uniqueDomain() } },
        { method: 'GET', path: `${base}/domains` },
        { method: 'GET', path: `${base}/domains/${domain.body.id}` },
        { method: 'POST', path: `${base}/domains/${domain.body.id}/verify` },
        { method: 'PATCH', path: `${base}/domains/${domain.body.id}`, body: { autoJoin: true } },
        { method: 'PUT', path: `${base}/domains/${domain.body.id}/sso`, body: { sso: null } },
        { method: 'DELETE', path: `${base}/domains/${domain.body.id}` },
        { method: 'GET', path: `${base}/signup-requests` },
        { method: 'POST', path: `${base}/signup-requests/${request.body.request.id}/confirm` },
        { method: 'DELETE', path: `${base}/signup-requests/${request.body.request.id}` },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin() },
    );
    expect((await client.get(`${base}/domains/${domain.body.id}`, owner.accessToken)).status).toBe(200);
    expectProblem(await client.post(`${base}/signup-requests`), 401);
    expectProblem(await client.get('/api/v1/me/joinable-companies'), 401);
  });
});
