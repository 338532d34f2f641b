import { randomUUID } from 'node:crypto';
import { api, expectProblem, newUser, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { otherProviderAdmin } from './directory-support';

describe('org units', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const base = () => `/api/v1/companies/${companyId}`;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newUser('uowner'), newUser('umember'), newUser('uout')]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Units Co'));
    await addMembership(companyId, owner, member, 'member');
    await newCompany(client, outsider, 'Elsewhere');
  });

  const createUnit = async (name: string, parentId?: string) => {
    const res = await client.post(`${base()}/org-units`, { name, parentId }, owner.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('builds a tree of any depth, renames and moves units, and refuses cycles', async () => {
    const hq = await createUnit('HQ');
    const sales = await createUnit('Sales', hq.id);
    const emea = await createUnit('EMEA', sales.id);
    const north = await createUnit('North', emea.id);
    expect(north.parentId).toBe(emea.id);
    const renamed = await client.patch(
      `${base()}/org-units/${emea.id}`,
      { name: 'Europe', description: 'EU & UK' },
      owner.accessToken,
    );
    expect(renamed.body).toMatchObject({ name: 'Europe', description: 'EU & UK', childCount: 1 });
    expectProblem(
      await client.post(`${base()}/org-units/${hq.id}/move`, { parentId: north.id }, owner.accessToken),
      409,
      'CONFLICT',
    );
    expectProblem(
      await client.post(`${base()}/org-units/${hq.id}/move`, { parentId: hq.id }, owner.accessToken),
      409,
    );
    const moved = await client.post(
      `${base()}/org-units/${north.id}/move`,
      { parentId: hq.id },
      owner.accessToken,
    );
    expect(moved.body.parentId).toBe(hq.id);
    const children = await client.get(
      `${base()}/org-units?filter=parentId:eq:${hq.id}&sort=name`,
      member.accessToken,
    );
    expect(children.body.items.map((u: { name: string }) => u.name)).toEqual(['North', 'Sales']);
  });

  it('assigns members and applications, lists a member’s units, and refuses to delete a non-empty unit unless cascading', async () => {
    const root = await createUnit('Ops');
    const child = await createUnit('Ops Night', root.id);
    const grandchild = await createUnit('Ops Night Weekend', child.id);
    const app = await client.post(
      `${base()}/applications`,
      { name: 'Pager', url: 'https://pager.example.com', signInMethod: 'form_fill' },
      owner.accessToken,
    );
    const added = await client.post(
      `${base()}/org-units/${child.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    expect(added.status).toBe(201);
    expectProblem(
      await client.post(
        `${base()}/org-units/${child.id}/members`,
        { userId: member.userId },
        owner.accessToken,
      ),
      409,
    );
    expectProblem(
      await client.post(
        `${base()}/org-units/${child.id}/members`,
        { userId: outsider.userId },
        owner.accessToken,
      ),
      404,
    );
    expect(
      (
        await client.post(
          `${base()}/org-units/${root.id}/applications`,
          { applicationId: app.body.id },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    const units = await client.get(`${base()}/members/${member.userId}/org-units`, member.accessToken);
    expect(units.body.items).toEqual([expect.objectContaining({ id: child.id, memberCount: 1 })]);
    const appUnits = await client.get(`${base()}/applications/${app.body.id}/org-units`, member.accessToken);
    expect(appUnits.body.items.map((u: { id: string }) => u.id)).toEqual([root.id]);
    const members = await client.get(`${base()}/org-units/${child.id}/members`, owner.accessToken);
    expect(members.body.items.map((i: { id: string }) => i.id)).toEqual([member.userId]);

    // Children or members: 409 without cascade.
    expectProblem(await client.delete(`${base()}/org-units/${root.id}`, owner.accessToken), 409, 'CONFLICT');
    expectProblem(await client.delete(`${base()}/org-units/${child.id}`, owner.accessToken), 409);
    expectProblem(
      await client.delete(`${base()}/org-units/${child.id}?cascade=maybe`, owner.accessToken),
      400,
    );
    // An empty leaf goes without cascade.
    expect((await client.delete(`${base()}/org-units/${grandchild.id}`, owner.accessToken)).status).toBe(204);
    expect(
      (await client.delete(`${base()}/org-units/${child.id}/members/${member.userId}`, owner.accessToken))
        .status,
    ).toBe(204);
    await createUnit('Ops Night Again', child.id);
    await client.post(
      `${base()}/org-units/${child.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    expect(
      (await client.delete(`${base()}/org-units/${root.id}?cascade=true`, owner.accessToken)).status,
    ).toBe(204);
    for (const id of [root.id, child.id])
      expectProblem(await client.get(`${base()}/org-units/${id}`, owner.accessToken), 404);
    expect(
      (await client.get(`${base()}/members/${member.userId}/org-units`, member.accessToken)).body.total,
    ).toBe(0);
    // The application survives, unassigned.
    expect(
      (await client.get(`${base()}/applications/${app.body.id}/org-units`, owner.accessToken)).body.total,
    ).toBe(0);
  });

  it('validates input (400) and unknown parents (404)', async () => {
    expectProblem(
      await client.post(`${base()}/org-units`, { name: '' }, owner.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await client.post(`${base()}/org-units`, { name: 'X', parentId: 'x' }, owner.accessToken),
      400,
    );
    expectProblem(
      await client.post(`${base()}/org-units`, { name: 'X', parentId: randomUUID() }, owner.accessToken),
      404,
    );
    expectProblem(await client.get(`${base()}/org-units?filter=depth:eq:1`, owner.accessToken), 400);
    expectProblem(
      await client.post(`${base()}/org-units/${randomUUID()}/move`, { parentId: 7 }, owner.accessToken),
      400,
    );
  });

  it('isolates every route', async () => {
    const unit = await createUnit('Isolated Unit');
    const u = `${base()}/org-units/${unit.id}`;
    const id = randomUUID();
    await expectIsolation(
      [
        { method: 'POST', path: `${base()}/org-units`, body: { name: 'N' }, admin: true },
        { method: 'GET', path: `${base()}/org-units`, admin: false },
        { method: 'GET', path: u, admin: false },
        { method: 'PATCH', path: u, body: { name: 'R' }, admin: true },
        { method: 'POST', path: `${u}/move`, body: { parentId: null }, admin: true },
        { method: 'DELETE', path: u, admin: true },
        { method: 'GET', path: `${u}/members`, admin: false },
        { method: 'POST', path: `${u}/members`, body: { userId: owner.userId }, admin: true },
        { method: 'DELETE', path: `${u}/members/${id}`, admin: true },
        { method: 'GET', path: `${u}/applications`, admin: false },
        { method: 'POST', path: `${u}/applications`, body: { applicationId: id }, admin: true },
        { method: 'DELETE', path: `${u}/applications/${id}`, admin: true },
        { method: 'GET', path: `${base()}/members/${member.userId}/org-units`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
    expect((await client.get(u, owner.accessToken)).body.name).toBe('Isolated Unit');
  });
});
