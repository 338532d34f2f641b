import { randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { otherProviderAdmin } from './directory-support';

describe('contacts', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  const base = () => `/api/v1/companies/${companyId}`;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([newUser('cowner'), newUser('cmember'), newUser('cout')]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Contacts Co'));
    await addMembership(companyId, owner, member, 'member');
    await newCompany(client, outsider, 'Other Contacts Co');
  });

  const createContact = async (body: Record<string, unknown>) => {
    const res = await client.post(`${base()}/contacts`, body, owner.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('creates, reads, updates, lists and deletes contacts; e-mails are unique per company (409)', async () => {
    const email = `ann-${randomUUID()}@example.com`;
    const contact = await createContact({
      firstName: 'Ann',
      lastName: 'Smith',
      email,
      phone: '+41 44 000 00 00',
    });
    expect(contact).toMatchObject({
      firstName: 'Ann',
      lastName: 'Smith',
      displayName: 'Ann Smith',
      email,
      status: 'active',
      userId: null,
    });
    expectProblem(
      await client.post(
        `${base()}/contacts`,
        { firstName: 'Dup', email: email.toUpperCase() },
        owner.accessToken,
      ),
      409,
      'CONFLICT',
    );
    const updated = await client.patch(
      `${base()}/contacts/${contact.id}`,
      { lastName: 'Jones' },
      owner.accessToken,
    );
    expect(updated.body.displayName).toBe('Ann Jones');
    const read = await client.get(`${base()}/contacts/${contact.id}`, member.accessToken);
    expect(read.body.lastName).toBe('Jones');
    const list = await client.get(`${base()}/contacts?filter=lastName:eq:Jones`, member.accessToken);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    expect((await client.delete(`${base()}/contacts/${contact.id}`, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(`${base()}/contacts/${contact.id}`, owner.accessToken), 404);
  });

  it('imports contacts from CSV: creates new ones, skips known e-mails, reports bad rows by line', async () => {
    const known = `known-${randomUUID()}@example.com`;
    await createContact({ firstName: 'Known', email: known });
    const fresh = [`a-${randomUUID()}@example.com`, `b-${randomUUID()}@example.com`];
    const csv = [
      'Email,First Name,last_name,phone',
      `${fresh[0]},Alice,Archer,123`,
      `${known},Known,Again,`,
      'not-an-email,Bad,Row,',
      `${fresh[1]},"Bob, Jr.",Baker,`,
      `c-${randomUUID()}@example.com,,NoFirstName,`,
    ].join('\n');
    const res = await client.post(`${base()}/contacts/import`, { csv }, owner.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 5,
      created: 2,
      skipped: 1,
      failed: [
        { line: 4, message: expect.stringContaining('email') },
        { line: 6, message: expect.stringContaining('first_name') },
      ],
    });
    const bob = await client.get(`${base()}/contacts?filter=email:eq:${fresh[1]}`, owner.accessToken);
    expect(bob.body.items[0]).toMatchObject({ firstName: 'Bob, Jr.', lastName: 'Baker' });

    expectProblem(
      await client.post(`${base()}/contacts/import`, { csv: 'name,phone\nx,1' }, owner.accessToken),
      422,
      'UNPROCESSABLE',
    );
    expectProblem(
      await client.post(
        `${base()}/contacts/import`,
        { csv: 'email,first_name\n"unterminated,x' },
        owner.accessToken,
      ),
      400,
    );
    expectProblem(await client.post(`${base()}/contacts/import`, { csv: '' }, owner.accessToken), 400);
    const tooMany = [
      'email,first_name',
      ...Array.from({ length: 1001 }, (_, i) => `m${i}@example.com,M`),
    ].join('\n');
    expectProblem(await client.post(`${base()}/contacts/import`, { csv: tooMany }, owner.accessToken), 413);
  });

  it('imports a text/csv body too (the file itself): same report; 415, 413, 400, and isolation', async () => {
    const postCsv = (csv: string, token: string | null = owner.accessToken, type = 'text/csv') =>
      client.request('POST', `${base()}/contacts/import`, {
        rawBody: csv,
        token: token ?? undefined,
        headers: { 'content-type': type },
      });
    const fresh = `csv-${randomUUID()}@example.com`;
    const csv = ['email,first_name,last_name', `${fresh},Cora,Csv`, 'broken,Bad,Row', ''].join('\n');
    const res = await postCsv(csv, owner.accessToken, 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 2,
      created: 1,
      skipped: 0,
      failed: [{ line: 3, message: expect.stringContaining('email') }],
    });
    const cora = await client.get(`${base()}/contacts?filter=email:eq:${fresh}`, member.accessToken);
    expect(cora.body.items[0]).toMatchObject({ firstName: 'Cora', lastName: 'Csv' });
    // The same file again: the e-mail is known now.
    expect((await postCsv(csv, owner.accessToken, 'application/csv')).body).toMatchObject({
      created: 0,
      skipped: 1,
    });

    expectProblem(await postCsv('email,first_name\n"unterminated,x'), 400);
    expectProblem(await postCsv(''), 400);
    expectProblem(await postCsv(csv, owner.accessToken, 'text/plain'), 415);
    const big = `email,first_name\n${'x'.repeat(600 * 1024)}`;
    expectProblem(await postCsv(big), 413);
    // JSON keeps its checks: an unknown field or a missing csv is a 400 naming it.
    const extra = await client.post(`${base()}/contacts/import`, { csv, extra: 1 }, owner.accessToken);
    expect(expectProblem(extra, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'extra' }),
    ]);
    const missing = await client.post(`${base()}/contacts/import`, {}, owner.accessToken);
    const fields = expectProblem(missing, 400, 'VALIDATION_FAILED').errors.map(
      (e: { field: string }) => e.field,
    );
    expect(new Set(fields)).toEqual(new Set(['csv']));

    expectProblem(await postCsv(csv, null), 401);
    expectProblem(await postCsv(csv, member.accessToken), 403);
    expectProblem(await postCsv(csv, outsider.accessToken), 404);
  });

  it('converts a contact whose user is already a member at once', async () => {
    // The member's profile (their e-mail) comes from auth's event.
    await profileReady(member);
    const contact = await createContact({ firstName: 'Mem', email: member.email });
    const res = await client.post(`${base()}/contacts/${contact.id}/convert`, undefined, owner.accessToken);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'converted', userId: member.userId });
    expectProblem(
      await client.post(`${base()}/contacts/${contact.id}/convert`, undefined, owner.accessToken),
      409,
    );
  });

  it('converting a contact invites its e-mail, and accepting the invitation links the contact', async () => {
    const joiner = await newUser('joiner');
    const contact = await createContact({ firstName: 'Joe', email: joiner.email });
    const pending = await client.post(
      `${base()}/contacts/${contact.id}/convert`,
      undefined,
      owner.accessToken,
    );
    expect(pending.body).toMatchObject({ status: 'pending_conversion', userId: null });
    // The profile comes from auth's event; wait for it, then the user joins the company.
    await profileReady(joiner);
    const invitations = await client.get('/api/v1/me/invitations', joiner.accessToken);
    const invitation = invitations.body.items.find((i: { companyId: string }) => i.companyId === companyId);
    expect(invitation).toMatchObject({ role: 'member' });
    const accepted = await client.post(
      `/api/v1/me/invitations/${invitation.id}/accept`,
      undefined,
      joiner.accessToken,
    );
    expect(accepted.status).toBe(200);
    const converted = await eventually(async () => {
      const res = await client.get(`${base()}/contacts/${contact.id}`, owner.accessToken);
      return res.body.status === 'converted' ? res.body : null;
    });
    expect(converted.userId).toBe(joiner.userId);
  });

  it('validates input (400)', async () => {
    expectProblem(
      await client.post(`${base()}/contacts`, { firstName: 'X', email: 'nope' }, owner.accessToken),
      400,
    );
    expectProblem(
      await client.post(`${base()}/contacts`, { email: 'x@example.com' }, owner.accessToken),
      400,
    );
    expectProblem(
      await client.post(`${base()}/contacts`, { firstName: ' ', email: 'x@example.com' }, owner.accessToken),
      400,
    );
    expectProblem(await client.get(`${base()}/contacts?filter=phone:eq:1`, owner.accessToken), 400);
  });

  it('isolates every route', async () => {
    const contact = await createContact({ firstName: 'Iso', email: `iso-${randomUUID()}@example.com` });
    const c = `${base()}/contacts/${contact.id}`;
    await expectIsolation(
      [
        {
          method: 'POST',
          path: `${base()}/contacts`,
          body: { firstName: 'N', email: 'n@example.com' },
          admin: true,
        },
        { method: 'GET', path: `${base()}/contacts`, admin: false },
        {
          method: 'POST',
          path: `${base()}/contacts/import`,
          body: { csv: 'email,first_name\n' },
          admin: true,
        },
        { method: 'GET', path: c, admin: false },
        { method: 'PATCH', path: c, body: { firstName: 'R' }, admin: true },
        { method: 'DELETE', path: c, admin: true },
        { method: 'POST', path: `${c}/convert`, admin: true },
        { method: 'GET', path: `${c}/groups`, admin: false },
        { method: 'GET', path: `${c}/applications`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
    expect((await client.get(c, owner.accessToken)).body).toMatchObject({
      firstName: 'Iso',
      status: 'active',
    });
  });
});
