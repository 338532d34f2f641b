import { randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import {
  addMember,
  createCompany,
  expectCompanyAdminGuard,
  invitationToken,
  newProfiledUser,
  outboxEvents,
  withDirectoryDb,
} from './people-support';
import { createCustomerCompany, otherProviderAdmin } from './directory-support';
import { api, expectProblem, PASSWORD, SignedUpUser, uniqueEmail } from './support';

/**
 * Billing's seat check (CheckSeatAvailability) has no responder in this branch's runs: directory then
 * applies no cap (see SeatGate); the cap logic itself is unit tested with a stubbed bus.
 */
describe('invitations through the gateway', () => {
  const client = api();
  let owner: SignedUpUser;
  let outsider: SignedUpUser;
  let company: { id: string; name: string };

  beforeAll(async () => {
    [owner, outsider] = await Promise.all([newProfiledUser('owner'), newProfiledUser('outsider')]);
    // A customer of a provider, so that an administrator of another provider is a meaningful outsider.
    company = await createCustomerCompany(owner, 'Invites Inc');
  });

  const invite = (email: string, role = 'member', token = owner.accessToken, companyId = company.id) =>
    client.post(`/api/v1/companies/${companyId}/invitations`, { email, role }, token);

  it('invites by e-mail: InvitationSent carries the raw token, the database only its hash', async () => {
    const email = uniqueEmail('invitee');
    const res = await invite(email.toUpperCase(), 'admin');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      companyId: company.id,
      email,
      role: 'admin',
      status: 'pending',
      invitedBy: owner.userId,
      resendCount: 0,
      resentAt: null,
    });
    const [sent] = await outboxEvents(
      'directory.events.invitation.sent',
      (d: any) => d.invitationId === res.body.id,
    );
    expect(sent.tenantId).toBe(company.id);
    expect(sent.data).toMatchObject({
      companyId: company.id,
      companyName: 'Invites Inc',
      email,
      role: 'admin',
      resendCount: 0,
      invitedByName: owner.email.split('@')[0],
      expiresAt: res.body.expiresAt,
    });
    expect(sent.data.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const stored = await withDirectoryDb((db) =>
      db.query(`SELECT token_hash FROM invitations WHERE id = $1`, [res.body.id]),
    );
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(sent.data.token);
  });

  it('409 when the e-mail already belongs to a member or already has a pending invitation', async () => {
    expectProblem(await invite(owner.email), 409, 'CONFLICT');
    const email = uniqueEmail('twice');
    expect((await invite(email)).status).toBe(201);
    expectProblem(await invite(email), 409, 'CONFLICT');
  });

  it('400 for a bad e-mail or role', async () => {
    const bad = await invite('not-an-email');
    expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'email' }),
    ]);
    const role = await invite(uniqueEmail(), 'king');
    expect(expectProblem(role, 400, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'role' }),
    ]);
  });

  it('lists invitations with filters; an admin cannot invite an owner (403)', async () => {
    const admin = await newProfiledUser('admin');
    await addMember(owner, company.id, admin, 'admin');
    const email = uniqueEmail('listed');
    expect((await invite(email, 'member', admin.accessToken)).status).toBe(201);
    expectProblem(await invite(uniqueEmail(), 'owner', admin.accessToken), 403, 'FORBIDDEN');
    const list = await client.get(
      `/api/v1/companies/${company.id}/invitations?filter=email:eq:${email}`,
      admin.accessToken,
    );
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ email, invitedBy: admin.userId, status: 'pending' }],
    });
    const accepted = await client.get(
      `/api/v1/companies/${company.id}/invitations?filter=status:eq:accepted`,
      owner.accessToken,
    );
    expect(accepted.body.items.map((i: { email: string }) => i.email)).toContain(admin.email);
    expectProblem(
      await client.get(`/api/v1/companies/${company.id}/invitations?filter=token:eq:x`, owner.accessToken),
      400,
    );
  });

  it('the invitee’s list takes limit, skip, sort and filter and returns the total', async () => {
    const invitee = await newProfiledUser('many-invites');
    const second = await createCompany(owner, 'Zeta Invites');
    const first = await invite(invitee.email, 'member');
    const other = await invite(invitee.email, 'admin', owner.accessToken, second.id);
    expect([first.status, other.status]).toEqual([201, 201]);
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);
    const all = await client.get('/api/v1/me/invitations', invitee.accessToken);
    expect(all.body).toMatchObject({ total: 2, limit: 20, skip: 0 });
    expect(ids(all)).toEqual([first.body.id, other.body.id]);
    const page = await client.get('/api/v1/me/invitations?limit=1&sort=-createdAt', invitee.accessToken);
    expect(page.body).toMatchObject({ total: 2, limit: 1 });
    expect(ids(page)).toEqual([other.body.id]);
    const byName = await client.get('/api/v1/me/invitations?sort=-companyName', invitee.accessToken);
    expect(ids(byName)).toEqual([other.body.id, first.body.id]);
    const admins = await client.get('/api/v1/me/invitations?filter=role:eq:admin', invitee.accessToken);
    expect(admins.body).toMatchObject({
      total: 1,
      items: [{ id: other.body.id, companyName: 'Zeta Invites' }],
    });
    const named = await client.get(
      '/api/v1/me/invitations?filter=companyName:search:invites%20inc&filter=expiresAt:gt:2020-01-01',
      invitee.accessToken,
    );
    expect(ids(named)).toEqual([first.body.id]);
    for (const query of [
      'filter=email:eq:x',
      'filter=role:eq:boss',
      'filter=createdAt:lt:yesterday',
      'sort=token',
    ])
      expectProblem(
        await client.get(`/api/v1/me/invitations?${query}`, invitee.accessToken),
        400,
        'VALIDATION_FAILED',
      );
  });

  it('the invitee sees and accepts it when signed in: membership and MemberAdded with the next sequence', async () => {
    const invitee = await newProfiledUser('joiner');
    const res = await invite(invitee.email, 'member');
    const mine = await client.get('/api/v1/me/invitations', invitee.accessToken);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: res.body.id,
        companyId: company.id,
        companyName: 'Invites Inc',
        role: 'member',
      }),
    ]);
    // Only the invitee may answer it.
    expectProblem(
      await client.post(`/api/v1/me/invitations/${res.body.id}/accept`, undefined, outsider.accessToken),
      404,
    );
    const accepted = await client.post(
      `/api/v1/me/invitations/${res.body.id}/accept`,
      undefined,
      invitee.accessToken,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ status: 'accepted', companyId: company.id, role: 'member' });
    const seen = await client.get(`/api/v1/companies/${company.id}`, invitee.accessToken);
    expect(seen.body).toMatchObject({ id: company.id, myRole: 'member' });
    const added = await outboxEvents('directory.events.member.added', (d: any) => d.companyId === company.id);
    const mineAdded = added.find((e) => e.data.userId === invitee.userId)!;
    expect(mineAdded.data).toMatchObject({ role: 'member', status: 'active' });
    const sequences = added.map((e) => e.data.sequence);
    for (const s of sequences) expect(s).toEqual(expect.any(Number));
    expect(sequences[0]).toBe(1);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(mineAdded.data.activeSeats).toBe(added.length);
    // Used: a second answer is 410.
    expectProblem(
      await client.post(`/api/v1/me/invitations/${res.body.id}/accept`, undefined, invitee.accessToken),
      410,
      'GONE',
    );
    const list = await client.get(
      `/api/v1/companies/${company.id}/invitations/${res.body.id}`,
      owner.accessToken,
    );
    expect(list.body).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) });
  });

  it('the invitee rejects: no membership, and the invitation is answered', async () => {
    const invitee = await newProfiledUser('rejecter');
    const res = await invite(invitee.email);
    const rejected = await client.post(
      `/api/v1/me/invitations/${res.body.id}/reject`,
      undefined,
      invitee.accessToken,
    );
    expect(rejected.body).toEqual({ status: 'rejected' });
    expectProblem(await client.get(`/api/v1/companies/${company.id}`, invitee.accessToken), 404);
    const after = await client.get(
      `/api/v1/companies/${company.id}/invitations/${res.body.id}`,
      owner.accessToken,
    );
    expect(after.body.status).toBe('rejected');
    expectProblem(
      await client.post(`/api/v1/me/invitations/${res.body.id}/accept`, undefined, invitee.accessToken),
      410,
    );
  });

  it('accepts with the token when signed in; the token is single use', async () => {
    const invitee = await newProfiledUser('tokened');
    const res = await invite(uniqueEmail('other-address'));
    const token = await invitationToken(res.body.id);
    const accepted = await client.post('/api/v1/invitations/accept', { token }, invitee.accessToken);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', companyId: company.id });
    expectProblem(
      await client.post('/api/v1/invitations/accept', { token }, outsider.accessToken),
      410,
      'GONE',
    );
    expectProblem(
      await client.post('/api/v1/invitations/accept', { token: 'x'.repeat(43) }, outsider.accessToken),
      404,
    );
    expectProblem(await client.post('/api/v1/invitations/accept', { token }), 401);
  });

  it('accepts with the token before signing up; the new account joins once it registers', async () => {
    const email = uniqueEmail('newcomer');
    const res = await invite(email, 'admin');
    const token = await invitationToken(res.body.id);
    const waiting = await client.post('/api/v1/invitations/accept-before-signup', { token });
    expect(waiting.status).toBe(202);
    expect(waiting.body).toEqual({ status: 'awaiting_signup', companyId: company.id, email });
    expectProblem(await client.post('/api/v1/invitations/accept-before-signup', { token }), 410);
    expect((await client.post('/api/v1/auth/signup', { email, password: PASSWORD })).status).toBe(201);
    const login = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
    const joined = await eventually(async () => {
      const r = await client.get(`/api/v1/companies/${company.id}`, login.body.accessToken);
      return r.status === 200 ? r.body : null;
    });
    expect(joined.myRole).toBe('admin');
    const after = await client.get(
      `/api/v1/companies/${company.id}/invitations/${res.body.id}`,
      owner.accessToken,
    );
    expect(after.body.status).toBe('accepted');
  });

  it('accepting anonymously for an existing account joins that account at once', async () => {
    const invitee = await newProfiledUser('existing');
    const res = await invite(invitee.email);
    const token = await invitationToken(res.body.id);
    const joined = await client.post('/api/v1/invitations/accept-before-signup', { token });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ status: 'accepted', companyId: company.id });
    expect((await client.get(`/api/v1/companies/${company.id}`, invitee.accessToken)).body.myRole).toBe(
      'member',
    );
  });

  it('410 for an expired invitation, and a new invitation may replace it', async () => {
    const invitee = await newProfiledUser('late');
    const res = await invite(invitee.email);
    const token = await invitationToken(res.body.id);
    await withDirectoryDb((db) =>
      db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        res.body.id,
      ]),
    );
    expectProblem(
      await client.post('/api/v1/invitations/accept', { token }, invitee.accessToken),
      410,
      'GONE',
    );
    expectProblem(
      await client.post(`/api/v1/me/invitations/${res.body.id}/accept`, undefined, invitee.accessToken),
      410,
    );
    expect((await client.get('/api/v1/me/invitations', invitee.accessToken)).body.items).toEqual([]);
    expect((await invite(invitee.email)).status).toBe(201);
  });

  it('resends with a new link (the old one stops working), counts resends, and limits their rate', async () => {
    const email = uniqueEmail('resend');
    const res = await invite(email);
    const firstToken = await invitationToken(res.body.id);
    const tooSoon = await client.post(
      `/api/v1/companies/${company.id}/invitations/${res.body.id}/resend`,
      undefined,
      owner.accessToken,
    );
    expectProblem(tooSoon, 429, 'RATE_LIMITED');
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    await withDirectoryDb((db) =>
      db.query(`UPDATE invitations SET created_at = now() - interval '1 hour' WHERE id = $1`, [res.body.id]),
    );
    const resent = await client.post(
      `/api/v1/companies/${company.id}/invitations/${res.body.id}/resend`,
      undefined,
      owner.accessToken,
    );
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ resendCount: 1, resentAt: expect.any(String) });
    const secondToken = await invitationToken(res.body.id);
    expect(secondToken).not.toBe(firstToken);
    const sent = await outboxEvents(
      'directory.events.invitation.sent',
      (d: any) => d.invitationId === res.body.id,
    );
    expect(sent.map((e) => e.data.resendCount)).toEqual([0, 1]);
    expectProblem(
      await client.post(
        `/api/v1/companies/${company.id}/invitations/${res.body.id}/resend`,
        undefined,
        owner.accessToken,
      ),
      429,
    );
    const newcomer = await newProfiledUser('resent');
    expectProblem(
      await client.post('/api/v1/invitations/accept', { token: firstToken }, newcomer.accessToken),
      404,
    );
    expect(
      (await client.post('/api/v1/invitations/accept', { token: secondToken }, newcomer.accessToken)).status,
    ).toBe(200);
  });

  it('revokes: the link answers 410, a revoked invitation cannot be resent or revoked again (409)', async () => {
    const res = await invite(uniqueEmail('revoked'));
    const token = await invitationToken(res.body.id);
    expect(
      (await client.delete(`/api/v1/companies/${company.id}/invitations/${res.body.id}`, owner.accessToken))
        .status,
    ).toBe(204);
    const someone = await newProfiledUser('someone');
    expectProblem(
      await client.post('/api/v1/invitations/accept', { token }, someone.accessToken),
      410,
      'GONE',
    );
    expectProblem(
      await client.delete(`/api/v1/companies/${company.id}/invitations/${res.body.id}`, owner.accessToken),
      409,
    );
    expectProblem(
      await client.post(
        `/api/v1/companies/${company.id}/invitations/${res.body.id}/resend`,
        undefined,
        owner.accessToken,
      ),
      409,
    );
  });

  it('tenant isolation: anonymous 401, another company’s member and another provider’s administrator 404, a plain member 403', async () => {
    const member = await newProfiledUser('plain');
    await addMember(owner, company.id, member);
    const pending = await invite(uniqueEmail('guarded'));
    const base = `/api/v1/companies/${company.id}/invitations`;
    const calls = [
      { method: 'POST' as const, path: base, body: { email: uniqueEmail(), role: 'member' } },
      { method: 'GET' as const, path: base },
      { method: 'GET' as const, path: `${base}/${pending.body.id}` },
      { method: 'POST' as const, path: `${base}/${pending.body.id}/resend` },
      { method: 'DELETE' as const, path: `${base}/${pending.body.id}` },
    ];
    await createCompany(outsider, 'Outsider Co');
    await expectCompanyAdminGuard(calls, {
      outsider,
      member,
      otherProviderAdmin: await otherProviderAdmin(),
    });
    // An unknown company or invitation is 404 too; the pending invitation is untouched.
    expectProblem(await client.get(`/api/v1/companies/${randomUUID()}/invitations`, owner.accessToken), 404);
    expectProblem(await client.get(`${base}/${randomUUID()}`, owner.accessToken), 404);
    const other = await createCompany(outsider, 'Other Co');
    expectProblem(
      await client.get(`/api/v1/companies/${other.id}/invitations/${pending.body.id}`, outsider.accessToken),
      404,
    );
    expect((await client.get(`${base}/${pending.body.id}`, owner.accessToken)).body.status).toBe('pending');
    for (const path of ['/api/v1/me/invitations']) expectProblem(await client.get(path), 401);
    expectProblem(await client.post(`/api/v1/me/invitations/${pending.body.id}/accept`), 401);
  });
});
