import { randomUUID } from 'node:crypto';
import { api, expectProblem, newUser, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { otherProviderAdmin } from './directory-support';

describe('applications and GET /me/applications', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const base = () => `/api/v1/companies/${companyId}`;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newUser('aowner'), newUser('amember'), newUser('aout')]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Apps Co'));
    await addMembership(companyId, owner, member, 'member');
    await newCompany(client, outsider, 'Not Apps Co');
  });

  const createApp = async (name: string, signInMethod = 'form_fill') => {
    const res = await client.post(
      `${base()}/applications`,
      { name, url: `https://${name.toLowerCase()}.example.com/login`, iconUrl: null, signInMethod },
      owner.accessToken,
    );
    expect(res.status).toBe(201);
    return res.body;
  };

  it('keeps a catalogue: create, read, update, list, delete; names unique (409)', async () => {
    const app = await createApp('Mail', 'saml');
    expect(app).toMatchObject({ name: 'Mail', url: 'https://mail.example.com/login', signInMethod: 'saml' });
    expectProblem(
      await client.post(
        `${base()}/applications`,
        { name: 'MAIL', url: 'https://x.example.com', signInMethod: 'none' },
        owner.accessToken,
      ),
      409,
      'CONFLICT',
    );
    const updated = await client.patch(
      `${base()}/applications/${app.id}`,
      { iconUrl: 'https://cdn.example.com/mail.png', signInMethod: 'auto_login' },
      owner.accessToken,
    );
    expect(updated.body).toMatchObject({
      iconUrl: 'https://cdn.example.com/mail.png',
      signInMethod: 'auto_login',
    });
    const read = await client.get(`${base()}/applications/${app.id}`, member.accessToken);
    expect(read.body.name).toBe('Mail');
    const bySignIn = await client.get(
      `${base()}/applications?filter=signInMethod:eq:auto_login`,
      member.accessToken,
    );
    expect(bySignIn.body.items.map((a: { id: string }) => a.id)).toEqual([app.id]);
    expect((await client.delete(`${base()}/applications/${app.id}`, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(`${base()}/applications/${app.id}`, owner.accessToken), 404);
  });

  it('resolves what a user can launch through direct assignment, org units (inherited), groups (inherited) and labels', async () => {
    const direct = await createApp('Direct');
    const byUnit = await createApp('ByUnit');
    const byGroup = await createApp('ByGroup');
    const byLabel = await createApp('ByLabel');
    const unseen = await createApp('Unseen');

    // Direct
    expect(
      (
        await client.post(
          `${base()}/applications/${direct.id}/members`,
          { userId: member.userId },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    expectProblem(
      await client.post(
        `${base()}/applications/${direct.id}/members`,
        { userId: member.userId },
        owner.accessToken,
      ),
      409,
    );
    // Org unit: the app sits on the parent unit, the member in the child.
    const parent = (await client.post(`${base()}/org-units`, { name: 'Parent' }, owner.accessToken)).body;
    const child = (
      await client.post(`${base()}/org-units`, { name: 'Child', parentId: parent.id }, owner.accessToken)
    ).body;
    await client.post(
      `${base()}/org-units/${parent.id}/applications`,
      { applicationId: byUnit.id },
      owner.accessToken,
    );
    await client.post(
      `${base()}/org-units/${child.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    // Group: the app on the parent group, the member leads the subgroup.
    const top = (await client.post(`${base()}/groups`, { name: 'Top' }, owner.accessToken)).body;
    const sub = (await client.post(`${base()}/groups`, { name: 'Sub', parentId: top.id }, owner.accessToken))
      .body;
    await client.post(
      `${base()}/groups/${top.id}/applications`,
      { applicationId: byGroup.id },
      owner.accessToken,
    );
    await client.post(`${base()}/groups/${sub.id}/leaders`, { userId: member.userId }, owner.accessToken);
    // Label
    const label = (await client.post(`${base()}/labels`, { name: 'Sales' }, owner.accessToken)).body;
    await client.post(
      `${base()}/labels/${label.id}/applications`,
      { applicationId: byLabel.id },
      owner.accessToken,
    );
    await client.post(`${base()}/labels/${label.id}/members`, { userId: member.userId }, owner.accessToken);
    // Same app through two paths.
    await client.post(
      `${base()}/labels/${label.id}/applications`,
      { applicationId: direct.id },
      owner.accessToken,
    );

    const mine = await client.get('/api/v1/me/applications', member.accessToken);
    expect(mine.status).toBe(200);
    const launchable = Object.fromEntries(
      mine.body.items.map((a: { name: string; via: string[]; companyName: string }) => [a.name, a.via]),
    );
    expect(launchable).toEqual({
      ByGroup: ['group'],
      ByLabel: ['label'],
      ByUnit: ['org_unit'],
      Direct: ['direct', 'label'],
    });
    expect(mine.body.items[0]).toMatchObject({ companyId, companyName: 'Apps Co' });
    expect(launchable).not.toHaveProperty(unseen.name);

    // The same resolution through the member's page, for admins and the member.
    const ofMember = await client.get(`${base()}/members/${member.userId}/applications`, owner.accessToken);
    expect(ofMember.body.total).toBe(4);
    // Filtered to one company; another user's launch list does not include them.
    expect(
      (await client.get(`/api/v1/me/applications?companyId=${companyId}`, member.accessToken)).body.items,
    ).toHaveLength(4);
    expect(
      (await client.get(`/api/v1/me/applications?companyId=${randomUUID()}`, member.accessToken)).body.items,
    ).toEqual([]);
    expect((await client.get('/api/v1/me/applications', outsider.accessToken)).body.items).toEqual([]);
    expectProblem(await client.get('/api/v1/me/applications?companyId=x', member.accessToken), 400);
    expectProblem(await client.get('/api/v1/me/applications'), 401);

    // Unassigning removes the direct path only.
    expect(
      (await client.delete(`${base()}/applications/${direct.id}/members/${member.userId}`, owner.accessToken))
        .status,
    ).toBe(204);
    const after = await client.get('/api/v1/me/applications', member.accessToken);
    expect(after.body.items.find((a: { id: string }) => a.id === direct.id).via).toEqual(['label']);
  });

  it('validates input: URL, sign-in method, unknown fields (400)', async () => {
    for (const body of [
      { name: 'Bad', url: 'not a url', signInMethod: 'saml' },
      { name: 'Bad', url: 'ftp://x.example.com', signInMethod: 'saml' },
      { name: 'Bad', url: 'https://x.example.com', signInMethod: 'kerberos' },
      { name: 'Bad', url: 'https://x.example.com', signInMethod: 'saml', password: 'x' },
      { name: ' ', url: 'https://x.example.com', signInMethod: 'saml' },
    ]) {
      expectProblem(
        await client.post(`${base()}/applications`, body, owner.accessToken),
        400,
        'VALIDATION_FAILED',
      );
    }
  });

  it('isolates every route', async () => {
    const app = await createApp('Isolated');
    const a = `${base()}/applications/${app.id}`;
    await expectIsolation(
      [
        {
          method: 'POST',
          path: `${base()}/applications`,
          body: { name: 'N', url: 'https://n.example.com', signInMethod: 'none' },
          admin: true,
        },
        { method: 'GET', path: `${base()}/applications`, admin: false },
        { method: 'GET', path: a, admin: false },
        { method: 'PATCH', path: a, body: { name: 'R' }, admin: true },
        { method: 'DELETE', path: a, admin: true },
        { method: 'GET', path: `${a}/members`, admin: false },
        { method: 'POST', path: `${a}/members`, body: { userId: owner.userId }, admin: true },
        { method: 'DELETE', path: `${a}/members/${randomUUID()}`, admin: true },
        { method: 'GET', path: `${a}/groups`, admin: false },
        { method: 'GET', path: `${a}/org-units`, admin: false },
        { method: 'GET', path: `${a}/labels`, admin: false },
        { method: 'GET', path: `${base()}/members/${member.userId}/applications`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
  });

  it('a member disabled in the company launches nothing there', async () => {
    const app = await createApp('Offboard');
    await client.post(
      `${base()}/applications/${app.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    const names = async () =>
      (await client.get(`/api/v1/me/applications?companyId=${companyId}`, member.accessToken)).body.items.map(
        (a: { name: string }) => a.name,
      );
    expect(await names()).toContain('Offboard');
    const disabled = await client.patch(
      `${base()}/members/${member.userId}`,
      { status: 'disabled' },
      owner.accessToken,
    );
    expect(disabled.status).toBe(200);
    expect(await names()).toEqual([]);
  });
});
