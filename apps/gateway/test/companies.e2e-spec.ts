import { randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import { api, expectProblem, newUser, SignedUpUser } from './support';

describe('companies through the gateway', () => {
  const client = api();
  let alice: SignedUpUser;
  let bob: SignedUpUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([newUser('alice'), newUser('bob')]);
  });

  const createCompany = async (user: SignedUpUser, name: string) => {
    const res = await client.post('/api/v1/companies', { name }, user.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('builds the profile from auth’s event: GET /me returns it', async () => {
    const res = await eventually(async () => {
      const r = await client.get('/api/v1/me', alice.accessToken);
      return r.status === 200 ? r : null;
    });
    expect(res.body).toMatchObject({
      userId: alice.userId,
      email: alice.email,
      displayName: alice.email.split('@')[0],
      createdAt: expect.any(String),
    });
  });

  it('creates a company with the creator as owner, and lists it', async () => {
    const company = await createCompany(alice, 'Acme Corp');
    expect(company).toMatchObject({
      id: expect.any(String),
      name: 'Acme Corp',
      description: null,
      myRole: 'owner',
    });
    const list = await client.get('/api/v1/companies', alice.accessToken);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(company.id);
    expect(list.body).toMatchObject({ total: list.body.items.length, limit: 20, skip: 0 });
  });

  it('lists only my companies, with paging, sorting and filtering', async () => {
    const carol = await newUser('carol');
    for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo']) await createCompany(carol, name);
    await createCompany(bob, 'Alpha of Bob');

    const sorted = await client.get('/api/v1/companies?sort=name&limit=2&skip=1', carol.accessToken);
    expect(sorted.status).toBe(200);
    expect(sorted.body.total).toBe(4);
    expect(sorted.body.items.map((c: { name: string }) => c.name)).toEqual(['Bravo', 'Charlie']);

    const desc = await client.get('/api/v1/companies?sort=-name', carol.accessToken);
    expect(desc.body.items.map((c: { name: string }) => c.name)).toEqual([
      'Delta',
      'Charlie',
      'Bravo',
      'Alpha',
    ]);

    const search = await client.get('/api/v1/companies?filter=name:search:alph', carol.accessToken);
    expect(search.body.items.map((c: { name: string }) => c.name)).toEqual(['Alpha']);

    const inList = await client.get(
      '/api/v1/companies?filter=name:in:Alpha|Delta&sort=name',
      carol.accessToken,
    );
    expect(inList.body).toMatchObject({ total: 2, items: [{ name: 'Alpha' }, { name: 'Delta' }] });
  });

  it('400 for an unknown filter field or operator, a bad limit or sort', async () => {
    for (const query of [
      'filter=owner:eq:x',
      'filter=name:gt:x',
      'filter=nonsense',
      'limit=0',
      'limit=101',
      'sort=password',
    ]) {
      const res = await client.get(`/api/v1/companies?${query}`, alice.accessToken);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.errors[0].field).toMatch(/^(filter|limit|sort)$/);
    }
  });

  it('400 naming filter and the value, not a database error, for a value its field cannot hold', async () => {
    for (const [query, value] of [
      ['filter=createdAt:gt:abc', 'abc'],
      ['filter=createdAt:between:a|b', 'a'],
      ['filter=updatedAt:le:2026-02-30', '2026-02-30'],
      ['filter=name:eq:a%00b', null],
    ] as const) {
      const res = await client.get(`/api/v1/companies?${query}`, alice.accessToken);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.errors[0].field).toBe('filter');
      if (value) expect(problem.detail).toContain(`"${value}"`);
    }
    const ok = await client.get(
      '/api/v1/companies?filter=createdAt:between:2020-01-01|2999-12-31T23:59:59Z',
      alice.accessToken,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.total).toBeGreaterThan(0);
  });

  it('gets and updates a company; each update is validated', async () => {
    const company = await createCompany(alice, 'Before');
    const updated = await client.patch(
      `/api/v1/companies/${company.id}`,
      { name: 'After', description: 'Renamed' },
      alice.accessToken,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: company.id, name: 'After', description: 'Renamed' });
    const fetched = await client.get(`/api/v1/companies/${company.id}`, alice.accessToken);
    expect(fetched.body).toMatchObject({ name: 'After', description: 'Renamed', myRole: 'owner' });
  });

  it('answers 404 to a non-member for every company route, without revealing the company', async () => {
    const company = await createCompany(alice, 'Private Co');
    const missing = randomUUID();
    for (const id of [company.id, missing]) {
      expectProblem(await client.get(`/api/v1/companies/${id}`, bob.accessToken), 404, 'NOT_FOUND');
      expectProblem(
        await client.patch(`/api/v1/companies/${id}`, { name: 'Mine now' }, bob.accessToken),
        404,
        'NOT_FOUND',
      );
      expectProblem(await client.delete(`/api/v1/companies/${id}`, bob.accessToken), 404, 'NOT_FOUND');
      expectProblem(
        await client.get(`/api/v1/companies/${id}/billing/account`, bob.accessToken),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await client.get(`/api/v1/companies/${id}/integrations/tenant`, bob.accessToken),
        404,
        'NOT_FOUND',
      );
    }
    const stillThere = await client.get(`/api/v1/companies/${company.id}`, alice.accessToken);
    expect(stillThere.body.name).toBe('Private Co');
  });

  it('answers 403 to a member whose role does not allow the change', async () => {
    const company = await createCompany(alice, 'Roles Co');
    const added = await client.post(
      `/api/v1/companies/${company.id}/members`,
      { email: bob.email, role: 'member' },
      alice.accessToken,
    );
    expect(added.status).toBe(201);
    const seen = await client.get(`/api/v1/companies/${company.id}`, bob.accessToken);
    expect(seen.body).toMatchObject({ id: company.id, myRole: 'member' });
    expectProblem(
      await client.patch(`/api/v1/companies/${company.id}`, { name: 'Nope' }, bob.accessToken),
      403,
      'FORBIDDEN',
    );
    expectProblem(await client.delete(`/api/v1/companies/${company.id}`, bob.accessToken), 403, 'FORBIDDEN');
  });

  it('deletes a company (owner only); afterwards it is gone', async () => {
    const company = await createCompany(alice, 'Short Lived');
    expect((await client.delete(`/api/v1/companies/${company.id}`, alice.accessToken)).status).toBe(204);
    expectProblem(await client.get(`/api/v1/companies/${company.id}`, alice.accessToken), 404);
    const list = await client.get('/api/v1/companies?filter=name:eq:Short Lived', alice.accessToken);
    expect(list.body.total).toBe(0);
  });

  it('400 problem+json for a malformed body, an unknown field, a too-long or blank name, a bad id', async () => {
    const malformed = await client.request('POST', '/api/v1/companies', {
      rawBody: '{"name": ',
      token: alice.accessToken,
    });
    expectProblem(malformed, 400);
    const unknown = await client.post('/api/v1/companies', { name: 'X', plan: 'gold' }, alice.accessToken);
    expect(expectProblem(unknown, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'plan' }),
    ]);
    const long = await client.post('/api/v1/companies', { name: 'x'.repeat(121) }, alice.accessToken);
    expect(expectProblem(long, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'name' }),
    ]);
    const blank = await client.post('/api/v1/companies', { name: '   ' }, alice.accessToken);
    expectProblem(blank, 400, 'VALIDATION_FAILED');
    const badId = await client.get('/api/v1/companies/not-a-uuid', alice.accessToken);
    expect(expectProblem(badId, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'companyId' }),
    ]);
    // Nothing half-written: none of the refused companies exists.
    const list = await client.get('/api/v1/companies?filter=name:eq:X', alice.accessToken);
    expect(list.body.total).toBe(0);
  });

  it('opens a billing account and an integrations tenant for the new company, through events', async () => {
    const company = await createCompany(alice, 'Evented Inc');
    const account = await eventually(async () => {
      const r = await client.get(`/api/v1/companies/${company.id}/billing/account`, alice.accessToken);
      return r.status === 200 ? r.body : null;
    });
    expect(account).toMatchObject({ companyId: company.id, status: 'active' });
    const tenant = await eventually(async () => {
      const r = await client.get(`/api/v1/companies/${company.id}/integrations/tenant`, alice.accessToken);
      return r.status === 200 ? r.body : null;
    });
    expect(tenant).toMatchObject({ companyId: company.id, companyName: 'Evented Inc' });
  });
});
