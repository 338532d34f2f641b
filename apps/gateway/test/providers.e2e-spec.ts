import { randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import { addMember, companyEvents, createCompany } from './directory-support';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';

describe('providers (MSPs) and their customers', () => {
  const client = api();
  let mspOwner: SignedUpUser;
  let mspAdmin: SignedUpUser;
  let otherMsp: SignedUpUser;
  let customerAdmin: SignedUpUser;
  let stranger: SignedUpUser;
  let providerId: string;
  let otherProviderId: string;
  const p = (suffix = '', id = providerId) => `/api/v1/providers/${id}${suffix}`;
  const csvRequest = (path: string, csv: string, token?: string) =>
    client.request('POST', path, { rawBody: csv, token, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    [mspOwner, mspAdmin, otherMsp, customerAdmin, stranger] = await Promise.all([
      newUser('p-owner'),
      newUser('p-admin'),
      newUser('p-other'),
      newUser('p-customer'),
      newUser('p-stranger'),
    ]);
    await Promise.all([mspOwner, mspAdmin, otherMsp, customerAdmin, stranger].map(profileReady));
    const created = await client.post('/api/v1/providers', { name: 'Acme MSP' }, mspOwner.accessToken);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme MSP',
      myRole: 'owner',
      customersMayCreateCompanies: true,
    });
    providerId = created.body.id;
    otherProviderId = (await client.post('/api/v1/providers', { name: 'Other MSP' }, otherMsp.accessToken))
      .body.id;
  });

  describe('administrators', () => {
    it('adds by e-mail with a role, lists, removes; 404 unknown e-mail, 409 twice, 403 for admins adding owners', async () => {
      const added = await client.post(
        p('/administrators'),
        { email: mspAdmin.email, role: 'admin' },
        mspOwner.accessToken,
      );
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        providerId,
        userId: mspAdmin.userId,
        email: mspAdmin.email,
        role: 'admin',
      });
      expectProblem(
        await client.post(
          p('/administrators'),
          { email: mspAdmin.email, role: 'admin' },
          mspOwner.accessToken,
        ),
        409,
      );
      expectProblem(
        await client.post(
          p('/administrators'),
          { email: 'ghost@example.com', role: 'admin' },
          mspOwner.accessToken,
        ),
        404,
      );
      expectProblem(
        await client.post(
          p('/administrators'),
          { email: stranger.email, role: 'owner' },
          mspAdmin.accessToken,
        ),
        403,
      );
      const list = await client.get(p('/administrators'), mspAdmin.accessToken);
      expect(list.body.items.map((a: { userId: string; role: string }) => [a.userId, a.role])).toEqual([
        [mspOwner.userId, 'owner'],
        [mspAdmin.userId, 'admin'],
      ]);
      expect((await client.get(p(), mspAdmin.accessToken)).body.myRole).toBe('admin');
      const mine = await client.get('/api/v1/providers?filter=name:search:acme', mspAdmin.accessToken);
      expect(mine.body).toMatchObject({ total: 1, items: [{ id: providerId, myRole: 'admin' }] });
      expect((await client.get('/api/v1/providers', stranger.accessToken)).body.total).toBe(0);
      expectProblem(await client.get('/api/v1/providers?filter=owner:eq:x', mspAdmin.accessToken), 400);
    });

    it('keeps the last owner (409); admins cannot remove owners (403)', async () => {
      expectProblem(await client.delete(p(`/administrators/${mspOwner.userId}`), mspAdmin.accessToken), 403);
      expectProblem(
        await client.delete(p(`/administrators/${mspOwner.userId}`), mspOwner.accessToken),
        409,
        'CONFLICT',
      );
      const temp = await newUser('p-temp');
      await profileReady(temp);
      await client.post(p('/administrators'), { email: temp.email, role: 'admin' }, mspOwner.accessToken);
      expect((await client.delete(p(`/administrators/${temp.userId}`), mspAdmin.accessToken)).status).toBe(
        204,
      );
      expectProblem(await client.get(p(), temp.accessToken), 404);
    });
  });

  describe('administrators list', () => {
    it('takes limit, skip, sort and filter and returns the total; 400 for an unknown field or a bad value', async () => {
      const ids = (body: { items: { userId: string }[] }) => body.items.map((a) => a.userId);
      const all = await client.get(p('/administrators'), mspAdmin.accessToken);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 2, limit: 20, skip: 0 });
      expect(ids(all.body)).toEqual([mspOwner.userId, mspAdmin.userId]); // default: in order of joining
      const second = await client.get(p('/administrators?limit=1&skip=1'), mspAdmin.accessToken);
      expect(second.body).toMatchObject({ total: 2, limit: 1, skip: 1 });
      expect(ids(second.body)).toEqual([mspAdmin.userId]);
      const byRole = await client.get(p('/administrators?sort=role'), mspAdmin.accessToken);
      expect(ids(byRole.body)).toEqual([mspAdmin.userId, mspOwner.userId]); // admin < owner
      const owners = await client.get(p('/administrators?filter=role:eq:owner'), mspAdmin.accessToken);
      expect(owners.body).toMatchObject({ total: 1, items: [{ userId: mspOwner.userId, role: 'owner' }] });
      const local = mspAdmin.email.split('@')[0];
      const found = await client.get(
        p(`/administrators?filter=email:search:${encodeURIComponent(local)}&filter=createdAt:ge:2020-01-01`),
        mspAdmin.accessToken,
      );
      expect(found.body).toMatchObject({ total: 1, items: [{ email: mspAdmin.email }] });
      for (const [query, field] of [
        ['filter=password:eq:x', 'filter'],
        ['filter=role:eq:boss', 'filter'],
        ['filter=createdAt:gt:abc', 'filter'],
        ['sort=password', 'sort'],
        ['limit=101', 'limit'],
      ]) {
        const problem = expectProblem(
          await client.get(p(`/administrators?${query}`), mspAdmin.accessToken),
          400,
          'VALIDATION_FAILED',
        );
        expect(problem.errors[0].field).toBe(field);
      }
      expectProblem(await client.get(p('/administrators?limit=1'), otherMsp.accessToken), 404, 'NOT_FOUND');
    });
  });

  describe('customers', () => {
    it('creates customers, lists with filters, gets, updates, checks names, deletes', async () => {
      const created = await client.post(
        p('/customers'),
        { name: 'Globex', description: 'Customer one', ownerEmail: customerAdmin.email },
        mspAdmin.accessToken,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ providerId, name: 'Globex', activeSeats: 1 });
      const globexId = created.body.id;
      await client.post(p('/customers'), { name: 'Initech' }, mspOwner.accessToken);
      expectProblem(
        await client.post(p('/customers'), { name: 'globex' }, mspOwner.accessToken),
        409,
        'CONFLICT',
      );

      const list = await client.get(p('/customers?sort=name'), mspAdmin.accessToken);
      expect(list.body).toMatchObject({
        total: 2,
        items: [{ name: 'Globex' }, { name: 'Initech', activeSeats: 0 }],
      });
      const filtered = await client.get(p('/customers?filter=name:search:glob'), mspAdmin.accessToken);
      expect(filtered.body.items.map((c: { name: string }) => c.name)).toEqual(['Globex']);
      expectProblem(await client.get(p('/customers?filter=owner:eq:x'), mspAdmin.accessToken), 400);

      expect((await client.get(p('/customers/exists?name=GLOBEX'), mspAdmin.accessToken)).body).toEqual({
        exists: true,
        companyId: globexId,
      });
      expect((await client.get(p('/customers/exists?name=Hooli'), mspAdmin.accessToken)).body).toEqual({
        exists: false,
        companyId: null,
      });
      expectProblem(await client.get(p('/customers/exists'), mspAdmin.accessToken), 400);

      const renamed = await client.patch(
        p(`/customers/${globexId}`),
        { name: 'Globex Corp' },
        mspAdmin.accessToken,
      );
      expect(renamed.body).toMatchObject({ id: globexId, name: 'Globex Corp' });
      expectProblem(
        await client.patch(p(`/customers/${globexId}`), { name: 'Initech' }, mspAdmin.accessToken),
        409,
      );
      expect((await client.get(p(`/customers/${globexId}`), mspOwner.accessToken)).body.name).toBe(
        'Globex Corp',
      );
      const types = (await companyEvents(globexId)).map((e) => e.type);
      expect(types).toEqual([
        'directory.events.company.created',
        'directory.events.member.added',
        'directory.events.company.updated',
      ]);
    });

    it('provider administrators manage customers without being members; customer admins see only their own', async () => {
      const customer = (
        await client.post(
          p('/customers'),
          { name: 'Umbrella', ownerEmail: customerAdmin.email },
          mspOwner.accessToken,
        )
      ).body;
      // The provider admin acts as admin (via the provider) through the company routes.
      const company = await client.get(`/api/v1/companies/${customer.id}`, mspAdmin.accessToken);
      expect(company.body).toMatchObject({ id: customer.id, myRole: 'admin' });
      const added = await client.post(
        `/api/v1/companies/${customer.id}/members`,
        { email: stranger.email, role: 'member' },
        mspAdmin.accessToken,
      );
      expect(added.status).toBe(201);
      // ... but not as owner: owners are beyond an admin.
      expectProblem(
        await client.patch(
          `/api/v1/companies/${customer.id}/members/${customerAdmin.userId}`,
          { role: 'admin' },
          mspAdmin.accessToken,
        ),
        403,
      );
      expectProblem(await client.delete(`/api/v1/companies/${customer.id}`, mspAdmin.accessToken), 403);
      // Other contexts see the provider admin through CheckCompanyAccess.
      const account = await eventually(async () => {
        const r = await client.get(`/api/v1/companies/${customer.id}/billing/account`, mspAdmin.accessToken);
        return r.status === 200 ? r.body : null;
      });
      expect(account).toMatchObject({ companyId: customer.id });
      // A customer's own admin never sees the provider nor other customers.
      expectProblem(await client.get(p('/customers'), customerAdmin.accessToken), 404);
      const others = (await client.get(p('/customers?filter=name:eq:Initech'), mspOwner.accessToken)).body
        .items;
      expectProblem(await client.get(`/api/v1/companies/${others[0].id}`, customerAdmin.accessToken), 404);
      // Removing the administrator removes the access.
      const temp = await newUser('p-temp2');
      await profileReady(temp);
      await client.post(p('/administrators'), { email: temp.email, role: 'admin' }, mspOwner.accessToken);
      expect((await client.get(`/api/v1/companies/${customer.id}/members`, temp.accessToken)).status).toBe(
        200,
      );
      await client.delete(p(`/administrators/${temp.userId}`), mspOwner.accessToken);
      expectProblem(await client.get(`/api/v1/companies/${customer.id}/members`, temp.accessToken), 404);
    });

    it('a provider administrator gives an owner-less customer its first owner, and no more', async () => {
      const customer = (await client.post(p('/customers'), { name: 'Ownerless' }, mspOwner.accessToken)).body;
      const members = `/api/v1/companies/${customer.id}/members`;
      const first = await client.post(
        members,
        { email: customerAdmin.email, role: 'owner' },
        mspAdmin.accessToken,
      );
      expect(first.status).toBe(201);
      expect(first.body.role).toBe('owner');
      expectProblem(
        await client.post(members, { email: stranger.email, role: 'owner' }, mspAdmin.accessToken),
        403,
      );
      expect(
        (await client.get(`/api/v1/companies/${customer.id}`, customerAdmin.accessToken)).body.myRole,
      ).toBe('owner');
    });

    it('deletes a customer (soft, hidden from the list and the company routes)', async () => {
      const doomed = (await client.post(p('/customers'), { name: 'Doomed' }, mspOwner.accessToken)).body;
      expect((await client.delete(p(`/customers/${doomed.id}`), mspAdmin.accessToken)).status).toBe(204);
      expectProblem(await client.get(p(`/customers/${doomed.id}`), mspAdmin.accessToken), 404);
      expectProblem(await client.get(`/api/v1/companies/${doomed.id}`, mspAdmin.accessToken), 404);
      expect((await client.get(p('/customers/exists?name=Doomed'), mspAdmin.accessToken)).body.exists).toBe(
        false,
      );
    });

    it('a provider may forbid its customers’ members to create companies', async () => {
      const worker = await newUser('p-worker');
      await profileReady(worker);
      const customer = (
        await client.post(
          p('/customers'),
          { name: 'Locked Inc', ownerEmail: worker.email },
          mspOwner.accessToken,
        )
      ).body;
      expect(customer.activeSeats).toBe(1);
      expectProblem(
        await client.patch(p(), { customersMayCreateCompanies: false }, mspAdmin.accessToken),
        403,
      );
      const updated = await client.patch(p(), { customersMayCreateCompanies: false }, mspOwner.accessToken);
      expect(updated.body.customersMayCreateCompanies).toBe(false);
      expectProblem(await client.post('/api/v1/companies', { name: 'Shadow IT' }, worker.accessToken), 403);
      await client.patch(p(), { customersMayCreateCompanies: true }, mspOwner.accessToken);
      expect((await client.post('/api/v1/companies', { name: 'Shadow IT' }, worker.accessToken)).status).toBe(
        201,
      );
    });
  });

  describe('CSV', () => {
    it('imports all or nothing, naming the bad line; exports with quoting', async () => {
      const bad = await csvRequest(
        p('/customers/import'),
        'name,description\nAlpha,"first"\n   ,blank\nBeta,\n',
        mspAdmin.accessToken,
      );
      expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
        { field: 'line 3', message: 'name must not be blank' },
      ]);
      const clash = await csvRequest(p('/customers/import'), 'name\nAlpha\nInitech\n', mspAdmin.accessToken);
      expect(expectProblem(clash, 400).errors).toEqual([expect.objectContaining({ field: 'line 3' })]);
      expect((await client.get(p('/customers/exists?name=Alpha'), mspAdmin.accessToken)).body.exists).toBe(
        false,
      );

      const ok = await csvRequest(
        p('/customers/import'),
        'name,description\nAlpha,"Widgets, gadgets"\n"Beta ""B""",\n',
        mspAdmin.accessToken,
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ total: 2, created: 2 });

      const exported = await client.get(p('/customers.csv'), mspAdmin.accessToken);
      expect(exported.status).toBe(200);
      expect(exported.contentType).toContain('text/csv');
      const lines = (exported.body as string).trim().split('\n');
      expect(lines[0]).toBe('id,name,description,activeSeats,createdAt');
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^[0-9a-f-]{36},Alpha,"Widgets, gadgets",0,/),
          expect.stringMatching(/^[0-9a-f-]{36},"Beta ""B""",,0,/),
        ]),
      );
      const json = await client.request('POST', p('/customers/import'), {
        body: { csv: 'name\nX' },
        token: mspAdmin.accessToken,
      });
      expectProblem(json, 415);
    });
  });

  describe('isolation', () => {
    it('404 to an administrator of another provider and to a stranger; 401 anonymous; on every route', async () => {
      const customer = (
        await client.post(p('/customers'), { name: 'Private Customer' }, mspOwner.accessToken)
      ).body;
      const missing = randomUUID();
      const routes: [string, string, unknown?][] = [
        ['GET', p()],
        ['PATCH', p(), { name: 'Mine' }],
        ['GET', p('/administrators')],
        ['POST', p('/administrators'), { email: otherMsp.email, role: 'admin' }],
        ['DELETE', p(`/administrators/${mspAdmin.userId}`)],
        ['GET', p('/customers')],
        ['POST', p('/customers'), { name: 'Sneaky' }],
        ['GET', p(`/customers/${customer.id}`)],
        ['PATCH', p(`/customers/${customer.id}`), { name: 'Sneaky' }],
        ['DELETE', p(`/customers/${customer.id}`)],
        ['GET', p('/customers/exists?name=Private%20Customer')],
        ['GET', p('/customers.csv')],
        ['GET', `/api/v1/companies/${customer.id}`],
        ['GET', `/api/v1/companies/${customer.id}/members`],
      ];
      for (const [method, path, body] of routes) {
        for (const user of [otherMsp, stranger])
          expectProblem(
            await client.request(method, path, { body, token: user.accessToken }),
            404,
            'NOT_FOUND',
          );
        expectProblem(await client.request(method, path, { body }), 401);
      }
      expectProblem(await csvRequest(p('/customers/import'), 'name\nSneaky\n', otherMsp.accessToken), 404);
      // A customer of another provider is not reachable through this provider's routes either.
      const foreign = (
        await client.post(p('/customers', otherProviderId), { name: 'Foreign' }, otherMsp.accessToken)
      ).body;
      expectProblem(await client.get(p(`/customers/${foreign.id}`), mspOwner.accessToken), 404);
      expectProblem(await client.delete(p(`/customers/${foreign.id}`), mspOwner.accessToken), 404);
      expectProblem(await client.get(p('', missing), mspOwner.accessToken), 404);
      // A plain company is not a customer of anyone.
      const plain = await createCompany(stranger, 'Plain Co');
      await addMember(stranger, plain.id, customerAdmin, 'member');
      expectProblem(await client.get(p(`/customers/${plain.id}`), mspOwner.accessToken), 404);
      expectProblem(await client.get(`/api/v1/companies/${plain.id}`, mspOwner.accessToken), 404);
    });
  });
});
