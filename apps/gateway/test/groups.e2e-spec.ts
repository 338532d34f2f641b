import { randomUUID } from 'node:crypto';
import { connect, headers, JSONCodec } from 'nats';
import { api, expectProblem, newUser, platform, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { otherProviderAdmin } from './directory-support';

/** Integrations' recipes call these over NATS as a service; the test plays integrations. */
async function systemRpc(subject: string, data: unknown): Promise<{ response?: any; err?: any }> {
  const nc = await connect({ servers: process.env.NATS_URL });
  try {
    const codec = JSONCodec();
    const h = headers();
    h.set('x-request-id', randomUUID());
    h.set('x-actor', JSON.stringify({ type: 'service', id: null }));
    const prefix = platform().env.directory.NATS_PREFIX;
    const pattern = `${prefix}.${subject}`;
    const msg = await nc.request(pattern, codec.encode({ pattern, data, id: randomUUID() }), {
      timeout: 5000,
      headers: h,
    });
    return codec.decode(msg.data) as { response?: any; err?: any };
  } finally {
    await nc.close();
  }
}

describe('groups', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const base = () => `/api/v1/companies/${companyId}`;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newUser('gowner'), newUser('gmember'), newUser('gout')]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Groups Co'));
    await addMembership(companyId, owner, member, 'member');
    await newCompany(client, outsider, 'Outsider Co');
  });

  const createGroup = async (name: string, parentId?: string) => {
    const res = await client.post(`${base()}/groups`, { name, parentId }, owner.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates, reads, renames and lists groups; names are unique per company (409)', async () => {
    const group = await createGroup('Engineering');
    expect(group).toMatchObject({ name: 'Engineering', parentId: null, memberCount: 0, childCount: 0 });
    expectProblem(
      await client.post(`${base()}/groups`, { name: 'engineering' }, owner.accessToken),
      409,
      'CONFLICT',
    );
    const renamed = await client.patch(`${base()}/groups/${group.id}`, { name: 'Eng' }, owner.accessToken);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Eng');
    const read = await client.get(`${base()}/groups/${group.id}`, member.accessToken);
    expect(read.body).toMatchObject({ id: group.id, name: 'Eng' });
    const list = await client.get(`${base()}/groups?filter=name:eq:Eng`, member.accessToken);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: group.id }] });
  });

  it('nests groups, moves them, and refuses cycles (409)', async () => {
    const a = await createGroup('A');
    const b = await createGroup('B', a.id);
    const c = await createGroup('C', b.id);
    expect((await client.get(`${base()}/groups/${a.id}`, owner.accessToken)).body.childCount).toBe(1);

    for (const target of [a.id, c.id]) {
      expectProblem(
        await client.post(`${base()}/groups/${a.id}/move`, { parentId: target }, owner.accessToken),
        409,
        'CONFLICT',
      );
    }
    const moved = await client.post(`${base()}/groups/${c.id}/move`, { parentId: a.id }, owner.accessToken);
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(a.id);
    const children = await client.get(
      `${base()}/groups?filter=parentId:eq:${a.id}&sort=name`,
      owner.accessToken,
    );
    expect(children.body.items.map((g: { name: string }) => g.name)).toEqual(['B', 'C']);
    const root = await client.post(`${base()}/groups/${c.id}/move`, { parentId: null }, owner.accessToken);
    expect(root.body.parentId).toBeNull();
    expectProblem(await client.post(`${base()}/groups/${c.id}/move`, {}, owner.accessToken), 400);

    // A group with subgroups cannot be deleted; once empty of subgroups it can.
    expectProblem(await client.delete(`${base()}/groups/${a.id}`, owner.accessToken), 409, 'CONFLICT');
    expect((await client.delete(`${base()}/groups/${b.id}`, owner.accessToken)).status).toBe(204);
    expect((await client.delete(`${base()}/groups/${a.id}`, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(`${base()}/groups/${a.id}`, owner.accessToken), 404);
  });

  it('manages members and leaders, with eligible members and reverse look-ups', async () => {
    const group = await createGroup('Support');
    const added = await client.post(
      `${base()}/groups/${group.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: member.userId, kind: 'member' });
    expectProblem(
      await client.post(`${base()}/groups/${group.id}/members`, { userId: member.userId }, owner.accessToken),
      409,
      'CONFLICT',
    );
    // Not a member of this company: 404, never linked.
    expectProblem(
      await client.post(
        `${base()}/groups/${group.id}/members`,
        { userId: outsider.userId },
        owner.accessToken,
      ),
      404,
    );
    expectProblem(
      await client.post(`${base()}/groups/${group.id}/members`, { userId: 'nope' }, owner.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    const leader = await client.post(
      `${base()}/groups/${group.id}/leaders`,
      { userId: owner.userId },
      owner.accessToken,
    );
    expect(leader.status).toBe(201);

    const members = await client.get(`${base()}/groups/${group.id}/members`, member.accessToken);
    expect(members.body).toMatchObject({ total: 1, items: [{ id: member.userId }] });
    const leaders = await client.get(`${base()}/groups/${group.id}/leaders`, member.accessToken);
    expect(leaders.body.items.map((i: { id: string }) => i.id)).toEqual([owner.userId]);

    const eligible = await client.get(
      `${base()}/groups/${group.id}/eligible-members?kind=member`,
      owner.accessToken,
    );
    expect(eligible.body.items.map((i: { id: string }) => i.id)).toEqual([owner.userId]);
    const eligibleLeaders = await client.get(
      `${base()}/groups/${group.id}/eligible-members?kind=leader`,
      owner.accessToken,
    );
    expect(eligibleLeaders.body.items.map((i: { id: string }) => i.id)).toEqual([member.userId]);

    const mine = await client.get(`${base()}/members/${member.userId}/groups`, member.accessToken);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: group.id, as: 'member', memberCount: 1 }),
    ]);
    const ownerGroups = await client.get(`${base()}/members/${owner.userId}/groups`, member.accessToken);
    expect(ownerGroups.body.items).toEqual([expect.objectContaining({ id: group.id, as: 'leader' })]);

    expect(
      (await client.delete(`${base()}/groups/${group.id}/members/${member.userId}`, owner.accessToken))
        .status,
    ).toBe(204);
    expectProblem(
      await client.delete(`${base()}/groups/${group.id}/members/${member.userId}`, owner.accessToken),
      404,
    );
    expect(
      (await client.get(`${base()}/members/${member.userId}/groups`, member.accessToken)).body.total,
    ).toBe(0);
  });

  it('holds contacts and applications, with their reverse look-ups', async () => {
    const group = await createGroup('Partners');
    const contact = await client.post(
      `${base()}/contacts`,
      { firstName: 'Pat', lastName: 'Lee', email: `pat-${randomUUID()}@example.com` },
      owner.accessToken,
    );
    const app = await client.post(
      `${base()}/applications`,
      { name: 'Wiki', url: 'https://wiki.example.com', signInMethod: 'saml' },
      owner.accessToken,
    );
    expect(
      (
        await client.post(
          `${base()}/groups/${group.id}/contacts`,
          { contactId: contact.body.id },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await client.post(
          `${base()}/groups/${group.id}/applications`,
          { applicationId: app.body.id },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    const contacts = await client.get(`${base()}/groups/${group.id}/contacts`, owner.accessToken);
    expect(contacts.body.items).toEqual([expect.objectContaining({ id: contact.body.id, name: 'Pat Lee' })]);
    const apps = await client.get(`${base()}/groups/${group.id}/applications`, owner.accessToken);
    expect(apps.body.items).toEqual([expect.objectContaining({ id: app.body.id, name: 'Wiki' })]);
    const ofContact = await client.get(`${base()}/contacts/${contact.body.id}/groups`, owner.accessToken);
    expect(ofContact.body.items).toEqual([expect.objectContaining({ id: group.id, as: 'contact' })]);
    const ofApp = await client.get(`${base()}/applications/${app.body.id}/groups`, owner.accessToken);
    expect(ofApp.body.items).toEqual([expect.objectContaining({ id: group.id, as: 'application' })]);
    const contactApps = await client.get(
      `${base()}/contacts/${contact.body.id}/applications`,
      owner.accessToken,
    );
    expect(contactApps.body.items).toEqual([expect.objectContaining({ id: app.body.id, via: ['group'] })]);
    // Another company's contact cannot be linked here.
    const otherCompany = await newCompany(client, owner, 'Second Co');
    const foreign = await client.post(
      `/api/v1/companies/${otherCompany}/contacts`,
      { firstName: 'Foreign', email: `f-${randomUUID()}@example.com` },
      owner.accessToken,
    );
    expectProblem(
      await client.post(
        `${base()}/groups/${group.id}/contacts`,
        { contactId: foreign.body.id },
        owner.accessToken,
      ),
      404,
    );
    // A group of another company is not found through this one.
    const foreignGroup = await client.post(
      `/api/v1/companies/${otherCompany}/groups`,
      { name: 'X' },
      owner.accessToken,
    );
    expectProblem(await client.get(`${base()}/groups/${foreignGroup.body.id}`, owner.accessToken), 404);
  });

  it('adds and removes group members for integrations’ recipes (service actor), matching company, group and member', async () => {
    const group = await createGroup('Synced');
    const add = 'directory.group.add-member-system.v1';
    const remove = 'directory.group.remove-member-system.v1';
    const ok = await systemRpc(add, { companyId, groupId: group.id, userId: member.userId });
    expect(ok.response).toEqual({ groupId: group.id, userId: member.userId });
    // Idempotent for a recipe that runs again.
    expect(
      (await systemRpc(add, { companyId, groupId: group.id, userId: member.userId })).response,
    ).toBeDefined();
    expect((await client.get(`${base()}/groups/${group.id}`, owner.accessToken)).body.memberCount).toBe(1);
    // Mismatches are not found: another company's id, a non-member, an unknown group.
    const otherCompany = await newCompany(client, owner, 'Recipe Other Co');
    for (const data of [
      { companyId: otherCompany, groupId: group.id, userId: member.userId },
      { companyId, groupId: group.id, userId: outsider.userId },
      { companyId, groupId: randomUUID(), userId: member.userId },
    ]) {
      expect((await systemRpc(add, data)).err).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    }
    expect((await systemRpc(add, { companyId, groupId: 'x', userId: member.userId })).err).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      (await systemRpc(remove, { companyId, groupId: group.id, userId: member.userId })).response,
    ).toEqual({
      groupId: group.id,
      userId: member.userId,
    });
    expect(
      (await systemRpc(remove, { companyId, groupId: group.id, userId: member.userId })).err,
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await client.get(`${base()}/groups/${group.id}`, owner.accessToken)).body.memberCount).toBe(0);
  });

  it('drops a member’s group, org unit, label and application links when they leave the company', async () => {
    const leaver = await newUser('leaver');
    await addMembership(companyId, owner, leaver, 'member');
    const group = await createGroup('Leavers');
    await client.post(`${base()}/groups/${group.id}/members`, { userId: leaver.userId }, owner.accessToken);
    await client.post(`${base()}/groups/${group.id}/leaders`, { userId: leaver.userId }, owner.accessToken);
    const unit = (await client.post(`${base()}/org-units`, { name: 'Leaver Unit' }, owner.accessToken)).body;
    await client.post(`${base()}/org-units/${unit.id}/members`, { userId: leaver.userId }, owner.accessToken);
    expect((await client.get(`${base()}/groups/${group.id}`, owner.accessToken)).body).toMatchObject({
      memberCount: 1,
      leaderCount: 1,
    });
    const left = await client.delete(`${base()}/members/${leaver.userId}`, leaver.accessToken);
    expect(left.status).toBe(204);
    // At once, not eventually: the links go in the transaction that removes the membership.
    expect((await client.get(`${base()}/groups/${group.id}`, owner.accessToken)).body).toMatchObject({
      memberCount: 0,
      leaderCount: 0,
    });
    expect((await client.get(`${base()}/org-units/${unit.id}`, owner.accessToken)).body.memberCount).toBe(0);
  });

  it('validates input: blank or too long names, unknown fields, bad ids and list queries (400)', async () => {
    expectProblem(
      await client.post(`${base()}/groups`, { name: '  ' }, owner.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await client.post(`${base()}/groups`, { name: 'x'.repeat(121) }, owner.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await client.post(`${base()}/groups`, { name: 'Y', color: 1 }, owner.accessToken), 400);
    expectProblem(
      await client.post(`${base()}/groups`, { name: 'Y', parentId: randomUUID() }, owner.accessToken),
      404,
    );
    expectProblem(await client.get(`${base()}/groups/not-a-uuid`, owner.accessToken), 400);
    expectProblem(await client.get(`${base()}/groups?filter=secret:eq:1`, owner.accessToken), 400);
    expectProblem(await client.get(`${base()}/groups?sort=owner`, owner.accessToken), 400);
    // parentId is a uuid field: anything else is a 400 naming filter and the value.
    const bogusParent = expectProblem(
      await client.get(`${base()}/groups?filter=parentId:eq:nope`, owner.accessToken),
      400,
      'VALIDATION_FAILED',
    );
    expect(bogusParent.errors[0]).toMatchObject({
      field: 'filter',
      message: expect.stringContaining('"nope"'),
    });
    const unknownParent = await client.get(
      `${base()}/groups?filter=parentId:eq:${randomUUID()}`,
      owner.accessToken,
    );
    expect(unknownParent.status).toBe(200);
    expect(unknownParent.body.total).toBe(0);
  });

  it('isolates every route: 401 anonymous, 404 other company, 403 plain member on changes', async () => {
    const group = await createGroup('Isolated');
    const g = `${base()}/groups/${group.id}`;
    const id = randomUUID();
    await expectIsolation(
      [
        { method: 'POST', path: `${base()}/groups`, body: { name: 'New' }, admin: true },
        { method: 'GET', path: `${base()}/groups`, admin: false },
        { method: 'GET', path: g, admin: false },
        { method: 'PATCH', path: g, body: { name: 'Renamed' }, admin: true },
        { method: 'POST', path: `${g}/move`, body: { parentId: null }, admin: true },
        { method: 'DELETE', path: g, admin: true },
        { method: 'GET', path: `${g}/eligible-members`, admin: false },
        { method: 'GET', path: `${g}/members`, admin: false },
        { method: 'POST', path: `${g}/members`, body: { userId: owner.userId }, admin: true },
        { method: 'DELETE', path: `${g}/members/${id}`, admin: true },
        { method: 'GET', path: `${g}/leaders`, admin: false },
        { method: 'POST', path: `${g}/leaders`, body: { userId: owner.userId }, admin: true },
        { method: 'DELETE', path: `${g}/leaders/${id}`, admin: true },
        { method: 'GET', path: `${g}/contacts`, admin: false },
        { method: 'POST', path: `${g}/contacts`, body: { contactId: id }, admin: true },
        { method: 'DELETE', path: `${g}/contacts/${id}`, admin: true },
        { method: 'GET', path: `${g}/applications`, admin: false },
        { method: 'POST', path: `${g}/applications`, body: { applicationId: id }, admin: true },
        { method: 'DELETE', path: `${g}/applications/${id}`, admin: true },
        { method: 'GET', path: `${base()}/members/${member.userId}/groups`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
    // Nothing changed by the refused calls.
    expect((await client.get(g, owner.accessToken)).body).toMatchObject({ name: 'Isolated', memberCount: 0 });
  });
});
