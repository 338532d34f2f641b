import { randomBytes } from 'node:crypto';
import { eventually } from '@roster/testing';
import { operatorToken } from './billing-support';
import {
  createCompany,
  invitationToken,
  newProfiledUser,
  outboxEvents,
  withDirectoryDb,
} from './people-support';
import { api, expectProblem, SignedUpUser, uniqueEmail } from './support';

/**
 * Invitations reach a user at any e-mail address they validated (not only their sign-in address), and a
 * company whose seats filled up after the invitation went out cannot be joined by accepting it.
 */
describe('invitations: every validated e-mail of a user, and seats re-checked at accept', () => {
  const client = api();
  const invite = (companyId: string, email: string, by: SignedUpUser) =>
    client.post(`/api/v1/companies/${companyId}/invitations`, { email, role: 'member' }, by.accessToken);
  const myInvitations = async (user: SignedUpUser) => {
    const res = await client.get('/api/v1/me/invitations', user.accessToken);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  };
  const acceptMine = (invitationId: string, user: SignedUpUser) =>
    client.post(`/api/v1/me/invitations/${invitationId}/accept`, undefined, user.accessToken);
  const isMember = async (companyId: string, user: SignedUpUser) =>
    (await client.get(`/api/v1/companies/${companyId}`, user.accessToken)).status === 200;

  /** Adds a labelled address to the user's profile; verifies it with the code when `verify`. */
  const addEmail = async (user: SignedUpUser, label: string, verify: boolean) => {
    const value = `${label}-${randomBytes(4).toString('hex')}@example.net`;
    expect((await client.post('/api/v1/me/emails', { label, value }, user.accessToken)).status).toBe(201);
    if (verify) {
      const events = await outboxEvents(
        'directory.events.contact_method.verification_requested',
        (d: any) => d.userId === user.userId && d.value === value,
      );
      const code = events[events.length - 1].data.code as string;
      const res = await client.post(`/api/v1/me/emails/${label}/verify`, { code }, user.accessToken);
      expect(res.status).toBe(200);
    }
    return value;
  };

  describe('any validated e-mail', () => {
    let owner: SignedUpUser;
    let jo: SignedUpUser;
    let outsider: SignedUpUser;
    let companyId: string;

    beforeAll(async () => {
      [owner, jo, outsider] = await Promise.all([
        newProfiledUser('match-owner'),
        newProfiledUser('match-jo'),
        newProfiledUser('match-outsider'),
      ]);
      companyId = (await createCompany(owner, 'Matching Co')).id;
    });

    it('an invitation to a validated labelled address is listed and accepted by its owner; unvalidated ones are not', async () => {
      const work = await addEmail(jo, 'work', true);
      const home = await addEmail(jo, 'home', false);
      const toWork = await invite(companyId, work.toUpperCase(), owner);
      expect(toWork.status).toBe(201);
      const toHome = await invite(companyId, home, owner);
      expect(toHome.status).toBe(201);

      const listed = await myInvitations(jo);
      expect(listed).toContain(toWork.body.id);
      expect(listed).not.toContain(toHome.body.id);
      expect(await myInvitations(outsider)).not.toContain(toWork.body.id);
      // Not yours: someone else's invitation, or one to an address you never validated.
      expectProblem(await acceptMine(toWork.body.id, outsider), 404);
      expectProblem(await acceptMine(toHome.body.id, jo), 404);
      expectProblem(await client.post(`/api/v1/me/invitations/${toWork.body.id}/accept`), 401);

      const accepted = await acceptMine(toWork.body.id, jo);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', companyId });
      expect(await isMember(companyId, jo)).toBe(true);
      expect(await isMember(companyId, outsider)).toBe(false);
    });

    it('409 when inviting a member at any of their validated addresses; an unvalidated one is not theirs', async () => {
      const member = await newProfiledUser('match-member');
      const alias = await addEmail(member, 'alias', true);
      const unproven = await addEmail(member, 'unproven', false);
      const first = await invite(companyId, member.email, owner);
      expect(first.status).toBe(201);
      expect((await acceptMine(first.body.id, member)).status).toBe(200);

      expectProblem(await invite(companyId, member.email, owner), 409, 'CONFLICT');
      const byAlias = await invite(companyId, alias.toUpperCase(), owner);
      expectProblem(byAlias, 409, 'CONFLICT');
      expect(byAlias.body.detail).toContain('already a member');
      // Anyone could type that address in: it proves nothing until validated.
      expect((await invite(companyId, unproven, owner)).status).toBe(201);
    });

    it('the e-mail link, without signing in, joins the user who validated the address', async () => {
      const kim = await newProfiledUser('match-kim');
      const other = await addEmail(kim, 'other', true);
      const sent = await invite(companyId, other, owner);
      const token = await invitationToken(sent.body.id);
      const res = await client.post('/api/v1/invitations/accept-before-signup', { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', companyId });
      expect(await isMember(companyId, kim)).toBe(true);
    });
  });

  describe('seats re-checked at accept', () => {
    let owner: SignedUpUser;
    let bea: SignedUpUser;
    let cy: SignedUpUser;
    let companyId: string;
    const seatsPath = () => `/api/v1/companies/${companyId}/billing/seats`;

    beforeAll(async () => {
      [owner, bea, cy] = await Promise.all([
        newProfiledUser('seat-owner'),
        newProfiledUser('seat-bea'),
        newProfiledUser('seat-cy'),
      ]);
      companyId = (await createCompany(owner, 'Two Seats Co')).id;
      const operator = await operatorToken();
      const planId = `two-seats-${randomBytes(4).toString('hex')}`;
      const plan = await client.post(
        '/api/v1/billing/plans',
        {
          id: planId,
          name: 'Two seats',
          pricePerSeatMinor: 500,
          currency: 'EUR',
          interval: 'month',
          seatCap: 2,
        },
        operator,
      );
      expect(plan.status).toBe(201);
      await eventually(async () => (await client.get(seatsPath(), owner.accessToken)).body.activeSeats === 1);
      const sub = await client.post(
        `/api/v1/companies/${companyId}/billing/subscription`,
        { planId, paymentProvider: 'manual' },
        operator,
      );
      expect(sub.status).toBe(201);
    });

    it('refuses (409 maxSubscriptionSizeReached) an invitee once the seats are used up, and writes nothing', async () => {
      // Invited while one of two seats was used: all three invitations are accepted by billing.
      const toBea = await invite(companyId, bea.email, owner);
      const toCy = await invite(companyId, cy.email, owner);
      const newcomer = uniqueEmail('seat-newcomer');
      const toNewcomer = await invite(companyId, newcomer, owner);
      expect([toBea.status, toCy.status, toNewcomer.status]).toEqual([201, 201, 201]);

      expect((await acceptMine(toBea.body.id, bea)).status).toBe(200);
      await eventually(async () => (await client.get(seatsPath(), owner.accessToken)).body.activeSeats === 2);

      const refused = await acceptMine(toCy.body.id, cy);
      expectProblem(refused, 409, 'CONFLICT');
      expect(refused.body.detail).toContain('maxSubscriptionSizeReached');
      expect(await isMember(companyId, cy)).toBe(false);
      expect(await myInvitations(cy)).toContain(toCy.body.id); // still pending: it can be accepted later
      const byToken = await client.post(
        '/api/v1/invitations/accept',
        { token: await invitationToken(toCy.body.id) },
        cy.accessToken,
      );
      expectProblem(byToken, 409, 'CONFLICT');
      // Before signing up too: the newcomer's link is refused rather than parked for the sign-up.
      const anonymous = await client.post('/api/v1/invitations/accept-before-signup', {
        token: await invitationToken(toNewcomer.body.id),
      });
      expectProblem(anonymous, 409, 'CONFLICT');
      const rows = await withDirectoryDb((db) =>
        db.query(`SELECT id, status, awaiting_signup FROM invitations WHERE company_id = $1 ORDER BY id`, [
          companyId,
        ]),
      );
      expect(rows.rows.filter((r) => r.status === 'accepted').map((r) => r.id)).toEqual([toBea.body.id]);
      expect(rows.rows.filter((r) => r.awaiting_signup)).toEqual([]);
      const members = await client.get(`/api/v1/companies/${companyId}/members`, owner.accessToken);
      expect(members.body.total).toBe(2);

      // A seat frees up: the same invitation works.
      expect(
        (await client.delete(`/api/v1/companies/${companyId}/members/${bea.userId}`, owner.accessToken))
          .status,
      ).toBe(204);
      await eventually(async () => (await client.get(seatsPath(), owner.accessToken)).body.activeSeats === 1);
      expect((await acceptMine(toCy.body.id, cy)).status).toBe(200);
      expect(await isMember(companyId, cy)).toBe(true);
    });
  });
});
