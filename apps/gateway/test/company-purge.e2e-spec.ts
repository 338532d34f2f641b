import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mintAccessToken } from '@roster/testing';
import { publishTxt } from './dns-stub';
import { companyEvents, directoryDb } from './directory-support';
import { E2E_PLATFORM_OPERATOR_ID } from './global-setup';
import { addMember, createCompany, newProfiledUser } from './people-support';
import { api, audience, expectProblem, issuer, signingKey, SignedUpUser, uniqueEmail } from './support';

/** Tables that hold a company's directory data; all must be empty for a purged company. */
const COMPANY_TABLES = [
  'memberships',
  'member_log',
  'invitations',
  'signup_requests',
  'company_domains',
  'ownership_transfers',
  'org_units',
  'org_unit_members',
  'groups',
  'group_members',
  'contacts',
  'labels',
  'member_labels',
  'applications',
  'application_members',
];

const operatorToken = () =>
  mintAccessToken({
    privateKeyPem: signingKey(),
    issuer,
    audience,
    subject: E2E_PLATFORM_OPERATOR_ID,
    sessionId: randomUUID(),
  });

describe('purge of deleted companies after the grace period', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let operator: string;
  const url = (id: string, suffix = '') => `/api/v1/companies/${id}${suffix}`;
  const purge = (body: object, token?: string) => client.post('/api/v1/admin/companies/purge', body, token);
  /** "Deleted long ago": the grace period (30 days in e2e) is over. */
  const pastGrace = (companyId: string) =>
    directoryDb(`UPDATE companies SET deleted_at = now() - interval '31 days' WHERE id = $1`, [companyId]);
  const rowsOf = async (companyId: string) => {
    const counts: Record<string, number> = {};
    for (const table of COMPANY_TABLES) {
      const [{ n }] = await directoryDb<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE company_id = $1`,
        [companyId],
      );
      counts[table] = n;
    }
    return counts;
  };

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([
      newProfiledUser('purge-owner'),
      newProfiledUser('purge-member'),
      newProfiledUser('purge-outsider'),
    ]);
    operator = await operatorToken();
  });

  it('deletes all directory data, keeps a tombstone (404, restore 410), frees the domain, emits company.purged', async () => {
    const company = await createCompany(owner, 'Purge Co');
    await addMember(owner, company.id, member);
    const post = async (suffix: string, body: object) => {
      const res = await client.post(url(company.id, suffix), body, owner.accessToken);
      expect(res.status).toBe(201);
      return res.body as { id: string; txtRecord?: string };
    };
    const unit = await post('/org-units', { name: 'Sales' });
    await post(`/org-units/${unit.id}/members`, { userId: member.userId });
    const group = await post('/groups', { name: 'Everyone' });
    await post(`/groups/${group.id}/members`, { userId: member.userId });
    await post('/contacts', { firstName: 'Carla', email: uniqueEmail('purge-contact') });
    const label = await post('/labels', { name: 'VIP' });
    await post(`/labels/${label.id}/members`, { userId: member.userId });
    const app = await post('/applications', {
      name: 'Mail',
      url: 'https://mail.example.com',
      signInMethod: 'none',
    });
    await post(`/applications/${app.id}/members`, { userId: member.userId });
    await post('/ownership-transfers', { toUserId: member.userId });
    await post('/invitations', { email: uniqueEmail('purge-invitee'), role: 'member' });
    const domain = `purge-${randomBytes(4).toString('hex')}.example.org`;
    const claimed = await post('/domains', { domain });
    publishTxt(domain, [claimed.txtRecord!]);
    expect(
      (await client.post(url(company.id, `/domains/${claimed.id}/verify`), undefined, owner.accessToken))
        .status,
    ).toBe(200);
    const before = await rowsOf(company.id);
    // Every table holds something of this company before (so "all empty" after is not vacuous).
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([['signup_requests', 0]]);

    expect((await client.delete(url(company.id), owner.accessToken)).status).toBe(204);
    // Within the grace period: nothing is purged, the owner could still restore.
    expect((await purge({ companyId: company.id }, operator)).body).toEqual({ purged: [] });
    expect((await rowsOf(company.id)).memberships).toBe(2);

    await pastGrace(company.id);
    const run = await purge({ companyId: company.id }, operator);
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ purged: [company.id] });
    expect((await purge({ companyId: company.id }, operator)).body).toEqual({ purged: [] });

    expect(Object.values(await rowsOf(company.id)).every((n) => n === 0)).toBe(true);
    const [tombstone] = await directoryDb(
      `SELECT purged_at, billing_email, logo FROM companies WHERE id = $1`,
      [company.id],
    );
    expect(tombstone.purged_at).not.toBeNull();
    // The audit log stays (who did what, when) but without IPs, user agents or payloads.
    const audit = await directoryDb<{ n: number; identifying: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ip IS NOT NULL OR user_agent IS NOT NULL OR data <> '{}'::jsonb)::int AS identifying
         FROM audit_log a JOIN companies c ON c.id = a.company_id
        WHERE a.company_id = $1 AND a.occurred_at < c.purged_at`,
      [company.id],
    );
    expect(audit[0].n).toBeGreaterThan(0);
    expect(audit[0].identifying).toBe(0);

    expectProblem(await client.get(url(company.id), owner.accessToken), 404);
    expectProblem(await client.get(url(company.id), member.accessToken), 404);
    expectProblem(await client.post(url(company.id, '/restore'), undefined, owner.accessToken), 410, 'GONE');
    expectProblem(await client.post(url(company.id, '/restore'), undefined, member.accessToken), 404);
    expectProblem(await client.post(url(company.id, '/restore'), undefined, outsider.accessToken), 404);
    const mine = await client.get('/api/v1/companies', owner.accessToken);
    expect(mine.body.items.map((c: { id: string }) => c.id)).not.toContain(company.id);

    // The domain is free: another company claims and verifies it.
    const rival = await createCompany(outsider, 'Rival Co');
    const again = await client.post(url(rival.id, '/domains'), { domain }, outsider.accessToken);
    expect(again.status).toBe(201);
    publishTxt(domain, [again.body.txtRecord]);
    expect(
      (await client.post(url(rival.id, `/domains/${again.body.id}/verify`), undefined, outsider.accessToken))
        .status,
    ).toBe(200);

    const purged = await companyEvents(company.id, 'directory.events.company.purged');
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({
      tenantId: company.id,
      actor: { type: 'service', id: 'directory' },
      data: { companyId: company.id, membersRemoved: 2, domainsReleased: [domain] },
    });
    const removed = await companyEvents(company.id, 'directory.events.domain.removed');
    expect(removed.map((e) => e.data.domain)).toEqual([domain]);
  });

  it('skips a company another transaction holds (FOR UPDATE SKIP LOCKED), and purges it on the next run', async () => {
    const company = await createCompany(owner, 'Locked Co');
    expect((await client.delete(url(company.id), owner.accessToken)).status).toBe(204);
    await pastGrace(company.id);
    const replica = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
    await replica.connect();
    try {
      await replica.query('BEGIN');
      await replica.query(`SELECT id FROM companies WHERE id = $1 FOR UPDATE`, [company.id]);
      expect((await purge({ companyId: company.id }, operator)).body).toEqual({ purged: [] });
      await replica.query('ROLLBACK');
    } finally {
      await replica.end();
    }
    expect((await purge({ companyId: company.id }, operator)).body).toEqual({ purged: [company.id] });
    expect(await companyEvents(company.id, 'directory.events.company.purged')).toHaveLength(1);
  });

  it('is for platform operators only (401 anonymous, 403 a company owner), and validates its body (400)', async () => {
    expectProblem(await purge({}), 401);
    expectProblem(await purge({}, owner.accessToken), 403);
    expectProblem(await purge({ companyId: 'nope' }, operator), 400);
    expectProblem(await purge({ extra: true }, operator), 400);
  });
});
