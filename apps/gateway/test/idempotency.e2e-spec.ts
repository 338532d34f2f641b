import { randomUUID } from 'node:crypto';
import { createCompany, directoryDb } from './directory-support';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';

/**
 * `Idempotency-Key` through the gateway (docs/api.md): the same key and request give the first response
 * (status and body) and one change; another request under the key is 422; a bad header is 400 naming it;
 * keys belong to one user.
 */
describe('Idempotency-Key', () => {
  const client = api();
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let carol: SignedUpUser;

  const post = (path: string, body: unknown, user: SignedUpUser | null, key?: string) =>
    client.request('POST', `/api/v1${path}`, {
      body,
      token: user?.accessToken,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const companiesNamed = async (name: string) =>
    Number((await directoryDb(`SELECT count(*) AS n FROM companies WHERE name = $1`, [name]))[0].n);

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([newUser('idem-a'), newUser('idem-b'), newUser('idem-c')]);
    // Profiles come from auth's events; adding members by e-mail needs them.
    for (const user of [alice, bob, carol]) await profileReady(user);
  });

  describe('POST /companies', () => {
    it('the same key twice: the first response (201, same body) and one company', async () => {
      const key = randomUUID();
      const name = `Idem ${key}`;
      const first = await post('/companies', { name }, alice, key);
      expect(first.status).toBe(201);
      const again = await post('/companies', { name }, alice, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await companiesNamed(name)).toBe(1);
      // Without a key the same body is a new company, as before.
      expect((await post('/companies', { name }, alice)).status).toBe(201);
      expect(await companiesNamed(name)).toBe(2);
    });

    it('the same key with a different body is 422 naming Idempotency-Key, and changes nothing', async () => {
      const key = randomUUID();
      expect((await post('/companies', { name: `Idem A ${key}` }, alice, key)).status).toBe(201);
      const other = await post('/companies', { name: `Idem B ${key}` }, alice, key);
      const problem = expectProblem(other, 422, 'UNPROCESSABLE');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      expect(await companiesNamed(`Idem B ${key}`)).toBe(0);
    });

    it('an invalid header is 400 naming Idempotency-Key, and nothing is created', async () => {
      const name = `Idem invalid ${randomUUID()}`;
      for (const bad of ['has spaces', 'x'.repeat(256), '']) {
        const res = await post('/companies', { name }, alice, bad);
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      }
      expect(await companiesNamed(name)).toBe(0);
    });

    it('a key belongs to its user: another user with the same key and body gets their own company', async () => {
      const key = randomUUID();
      const name = `Idem shared key ${key}`;
      const a = await post('/companies', { name }, alice, key);
      const b = await post('/companies', { name }, bob, key);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).not.toBe(a.body.id);
      expect(await companiesNamed(name)).toBe(2);
    });

    it('anonymous is still 401 with a key', async () => {
      expectProblem(await post('/companies', { name: 'x' }, null, randomUUID()), 401);
    });

    it('concurrent duplicates: one company, every answer the same', async () => {
      const key = randomUUID();
      const name = `Idem concurrent ${key}`;
      const answers = await Promise.all([1, 2, 3].map(() => post('/companies', { name }, alice, key)));
      const ok = answers.filter((r) => r.status === 201);
      // Each waits on the key of the first and replays its response (409 only if a lease were involved).
      expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
      expect(await companiesNamed(name)).toBe(1);
    });
  });

  describe('POST /companies/{id}/members', () => {
    let companyId: string;
    beforeAll(async () => {
      companyId = (await createCompany(alice, `Idem members ${randomUUID()}`)).id;
    });

    it('a retry adds the member once and gets the first response (201), not 409 "already a member"', async () => {
      const key = randomUUID();
      const body = { email: bob.email, role: 'member' };
      const first = await post(`/companies/${companyId}/members`, body, alice, key);
      expect(first.status).toBe(201);
      const again = await post(`/companies/${companyId}/members`, body, alice, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      // Without the key the repeat is what it is: a conflict.
      expectProblem(await post(`/companies/${companyId}/members`, body, alice), 409);
      const rows = await directoryDb(
        `SELECT count(*) AS n FROM memberships WHERE company_id = $1 AND user_id = $2`,
        [companyId, bob.userId],
      );
      expect(Number(rows[0].n)).toBe(1);
      // The same key for another member of the same company: 422.
      expectProblem(
        await post(`/companies/${companyId}/members`, { email: carol.email, role: 'member' }, alice, key),
        422,
      );
    });

    it('a key does not let another user replay a response: bob (a plain member) with alice’s key is refused (403)', async () => {
      const key = randomUUID();
      const body = { email: carol.email, role: 'member' };
      expect((await post(`/companies/${companyId}/members`, body, alice, key)).status).toBe(201);
      const res = await post(`/companies/${companyId}/members`, body, bob, key);
      expectProblem(res, 403);
    });
  });

  describe('POST /companies/{id}/invitations', () => {
    it('a retry gets the same invitation (201) and one invitation exists', async () => {
      const companyId = (await createCompany(alice, `Idem invitations ${randomUUID()}`)).id;
      const key = randomUUID();
      const body = { email: `invitee-${randomUUID().slice(0, 8)}@example.com`, role: 'member' };
      const first = await post(`/companies/${companyId}/invitations`, body, alice, key);
      expect(first.status).toBe(201);
      const again = await post(`/companies/${companyId}/invitations`, body, alice, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const rows = await directoryDb(`SELECT count(*) AS n FROM invitations WHERE company_id = $1`, [
        companyId,
      ]);
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  describe('accepting an invitation', () => {
    it('POST /me/invitations/{id}/accept retried with the key: the first answer (200) again, not an error for a used invitation', async () => {
      const companyId = (await createCompany(alice, `Idem accept ${randomUUID()}`)).id;
      const invitee = await newUser('idem-invitee');
      await profileReady(invitee);
      const invitation = await post(
        `/companies/${companyId}/invitations`,
        { email: invitee.email, role: 'member' },
        alice,
      );
      expect(invitation.status).toBe(201);
      const key = randomUUID();
      const accept = (k?: string) =>
        post(`/me/invitations/${invitation.body.id}/accept`, undefined, invitee, k);
      const first = await accept(key);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ status: 'accepted', companyId, role: 'member' });
      const again = await accept(key);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // Without the key the invitation is used up (410), which is what the key spares a retrying client.
      expectProblem(await accept(), 410, 'GONE');
      const rows = await directoryDb(
        `SELECT count(*) AS n FROM memberships WHERE company_id = $1 AND user_id = $2`,
        [companyId, invitee.userId],
      );
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  it('OpenAPI documents the header on the routes that honour it', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    const headerOf = (path: string, method: string) =>
      (spec.body.paths[path][method].parameters ?? []).find(
        (p: { name: string; in: string }) => p.in === 'header' && p.name === 'Idempotency-Key',
      );
    expect(headerOf('/api/v1/companies', 'post')).toMatchObject({ required: false });
    expect(headerOf('/api/v1/companies/{companyId}/members', 'post')).toBeDefined();
    expect(headerOf('/api/v1/companies/{companyId}/invitations', 'post')).toBeDefined();
    expect(headerOf('/api/v1/companies/{companyId}/billing/invoices/{invoiceId}/pay', 'post')).toBeDefined();
    expect(headerOf('/api/v1/companies/{companyId}', 'patch')).toBeUndefined();
  });

  it('a read ignores the header (not validated, no effect)', async () => {
    const res = await client.request('GET', '/api/v1/companies', {
      token: alice.accessToken,
      headers: { 'idempotency-key': 'not validated on reads' },
    });
    expect(res.status).toBe(200);
  });
});
