import { randomUUID } from 'node:crypto';
import { api, expectProblem, newUser, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { otherProviderAdmin } from './directory-support';

describe('labels', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const base = () => `/api/v1/companies/${companyId}`;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newUser('lowner'), newUser('lmember'), newUser('lout')]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Labels Co'));
    await addMembership(companyId, owner, member, 'member');
    await newCompany(client, outsider, 'Other Labels Co');
  });

  const createLabel = async (name: string) => {
    const res = await client.post(`${base()}/labels`, { name, color: '#ff0000' }, owner.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };
  const createApp = async (name: string) => {
    const res = await client.post(
      `${base()}/applications`,
      { name, url: `https://${name.toLowerCase()}.example.com`, signInMethod: 'jwt' },
      owner.accessToken,
    );
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates, renames and deletes labels; names are unique (409)', async () => {
    const label = await createLabel('VIP');
    expect(label).toMatchObject({ name: 'VIP', color: '#ff0000', memberCount: 0, applicationCount: 0 });
    expectProblem(await client.post(`${base()}/labels`, { name: 'vip' }, owner.accessToken), 409, 'CONFLICT');
    const other = await createLabel('Temp');
    expectProblem(
      await client.patch(`${base()}/labels/${other.id}`, { name: 'VIP' }, owner.accessToken),
      409,
    );
    const renamed = await client.patch(
      `${base()}/labels/${other.id}`,
      { name: 'Contractors' },
      owner.accessToken,
    );
    expect(renamed.body.name).toBe('Contractors');
    expect((await client.delete(`${base()}/labels/${other.id}`, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(`${base()}/labels/${other.id}`, owner.accessToken), 404);
    const list = await client.get(`${base()}/labels?filter=name:search:vi`, member.accessToken);
    expect(list.body.items.map((l: { name: string }) => l.name)).toEqual(['VIP']);
  });

  it('attaches to and detaches from members and applications, and filters by label', async () => {
    const label = await createLabel('Finance');
    const tagged = await createApp('Ledger');
    await createApp('Chat');
    expect(
      (
        await client.post(
          `${base()}/labels/${label.id}/members`,
          { userId: member.userId },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    expectProblem(
      await client.post(`${base()}/labels/${label.id}/members`, { userId: member.userId }, owner.accessToken),
      409,
    );
    expectProblem(
      await client.post(
        `${base()}/labels/${label.id}/members`,
        { userId: outsider.userId },
        owner.accessToken,
      ),
      404,
    );
    expect(
      (
        await client.post(
          `${base()}/labels/${label.id}/applications`,
          { applicationId: tagged.id },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);

    const filtered = await client.get(
      `${base()}/applications?filter=labelId:eq:${label.id}`,
      member.accessToken,
    );
    expect(filtered.body).toMatchObject({ total: 1, items: [{ id: tagged.id }] });
    const all = await client.get(`${base()}/applications`, member.accessToken);
    expect(all.body.total).toBe(2);
    const taggedMembers = await client.get(`${base()}/labels/${label.id}/members`, owner.accessToken);
    expect(taggedMembers.body.items.map((i: { id: string }) => i.id)).toEqual([member.userId]);
    const taggedApps = await client.get(`${base()}/labels/${label.id}/applications`, owner.accessToken);
    expect(taggedApps.body.items.map((i: { id: string }) => i.id)).toEqual([tagged.id]);
    const memberLabels = await client.get(`${base()}/members/${member.userId}/labels`, member.accessToken);
    expect(memberLabels.body.items).toEqual([expect.objectContaining({ id: label.id, memberCount: 1 })]);
    const appLabels = await client.get(`${base()}/applications/${tagged.id}/labels`, member.accessToken);
    expect(appLabels.body.items.map((l: { id: string }) => l.id)).toEqual([label.id]);

    expect(
      (await client.delete(`${base()}/labels/${label.id}/applications/${tagged.id}`, owner.accessToken))
        .status,
    ).toBe(204);
    expectProblem(
      await client.delete(`${base()}/labels/${label.id}/applications/${tagged.id}`, owner.accessToken),
      404,
    );
    expect(
      (await client.get(`${base()}/applications?filter=labelId:eq:${label.id}`, owner.accessToken)).body
        .total,
    ).toBe(0);
    expect(
      (await client.delete(`${base()}/labels/${label.id}/members/${member.userId}`, owner.accessToken))
        .status,
    ).toBe(204);
    expect(
      (await client.get(`${base()}/members/${member.userId}/labels`, owner.accessToken)).body.total,
    ).toBe(0);
  });

  it('validates input (400)', async () => {
    expectProblem(await client.post(`${base()}/labels`, { name: '' }, owner.accessToken), 400);
    expectProblem(await client.post(`${base()}/labels`, { name: 'x'.repeat(61) }, owner.accessToken), 400);
    expectProblem(
      await client.post(`${base()}/labels/${randomUUID()}/members`, { userId: 5 }, owner.accessToken),
      400,
    );
    expectProblem(await client.get(`${base()}/applications?filter=labelId:search:x`, owner.accessToken), 400);
  });

  it('isolates every route', async () => {
    const label = await createLabel('Isolated Label');
    const l = `${base()}/labels/${label.id}`;
    const id = randomUUID();
    await expectIsolation(
      [
        { method: 'POST', path: `${base()}/labels`, body: { name: 'N' }, admin: true },
        { method: 'GET', path: `${base()}/labels`, admin: false },
        { method: 'GET', path: l, admin: false },
        { method: 'PATCH', path: l, body: { name: 'R' }, admin: true },
        { method: 'DELETE', path: l, admin: true },
        { method: 'GET', path: `${l}/members`, admin: false },
        { method: 'POST', path: `${l}/members`, body: { userId: owner.userId }, admin: true },
        { method: 'DELETE', path: `${l}/members/${id}`, admin: true },
        { method: 'GET', path: `${l}/applications`, admin: false },
        { method: 'POST', path: `${l}/applications`, body: { applicationId: id }, admin: true },
        { method: 'DELETE', path: `${l}/applications/${id}`, admin: true },
        { method: 'GET', path: `${base()}/members/${member.userId}/labels`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
  });
});
