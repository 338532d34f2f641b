import { randomUUID } from 'node:crypto';
import { addMember, createCompany, newProfiledUser, outboxEvents, withDirectoryDb } from './people-support';
import { api, expectProblem, SignedUpUser, uniqueEmail } from './support';

/**
 * Billing (CheckSeatAvailability) has no responder in this branch's runs, so no cap applies here and
 * `maxSubscriptionSizeReached` stays false; the stop-on-cap path is covered by the directory integration
 * test of the import (member-import.service.spec.ts) with a stubbed seat gate.
 */
describe('CSV member import through the gateway', () => {
  const client = api();
  let owner: SignedUpUser;
  let company: { id: string };

  beforeAll(async () => {
    owner = await newProfiledUser('importer');
    company = await createCompany(owner, 'Import Co');
  });

  const importCsv = (
    csv: string,
    token: string | null = owner.accessToken,
    companyId = company.id,
    type = 'text/csv',
  ) =>
    client.request('POST', `/api/v1/companies/${companyId}/members/import`, {
      rawBody: csv,
      token: token ?? undefined,
      headers: { 'content-type': type },
    });

  it('adds existing users, invites unknown e-mails, and reports failed rows with reasons', async () => {
    const [existing, member] = await Promise.all([newProfiledUser('existing'), newProfiledUser('already')]);
    await addMember(owner, company.id, member);
    const invitedEmail = uniqueEmail('unknown');
    const csv = [
      'email,role',
      `${existing.email.toUpperCase()},admin`,
      `${invitedEmail},`,
      `${member.email},member`,
      'not-an-email,member',
      `${uniqueEmail('boss')},owner`,
      `${invitedEmail},admin`,
      '',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 6,
      created: 1,
      invited: 1,
      failed: 4,
      maxSubscriptionSizeReached: false,
      failures: [
        { line: 4, email: member.email, reason: 'already a member' },
        { line: 5, email: 'not-an-email', reason: 'not an e-mail address' },
        { line: 6, email: expect.any(String), reason: 'role must be one of member, admin' },
        { line: 7, email: invitedEmail, reason: 'the e-mail appears earlier in the file' },
      ],
    });
    expect((await client.get(`/api/v1/companies/${company.id}`, existing.accessToken)).body.myRole).toBe(
      'admin',
    );
    const added = await outboxEvents(
      'directory.events.member.added',
      (d: any) => d.userId === existing.userId,
    );
    expect(added[0].data).toMatchObject({
      companyId: company.id,
      role: 'admin',
      sequence: expect.any(Number),
    });
    const invites = await client.get(
      `/api/v1/companies/${company.id}/invitations?filter=email:eq:${invitedEmail}`,
      owner.accessToken,
    );
    expect(invites.body.items).toEqual([
      expect.objectContaining({ role: 'member', status: 'pending', invitedBy: owner.userId }),
    ]);
    const sent = await outboxEvents('directory.events.invitation.sent', (d: any) => d.email === invitedEmail);
    expect(sent).toHaveLength(1);

    // Importing the same file again: everything is already there.
    const again = await importCsv(csv);
    expect(again.body).toMatchObject({ total: 6, created: 0, invited: 0, failed: 6 });
    expect(again.body.failures[1]).toEqual({ line: 3, email: invitedEmail, reason: 'already invited' });
  });

  it('400 naming the line for a malformed file, and nothing is imported', async () => {
    const fresh = uniqueEmail('fresh');
    const res = await importCsv(`email,role\n${fresh},member\n"broken@example.com,member\n`);
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.detail).toMatch(/^line \d+:/);
    const noColumn = await importCsv(`name,role\nAnn,member\n`);
    expect(expectProblem(noColumn, 400).detail).toBe('line 1: the header has no email column');
    const ragged = await importCsv(`email,role\n${fresh},member,extra\n`);
    expect(expectProblem(ragged, 400).detail).toMatch(/^line 2:/);
    const invites = await withDirectoryDb((db) =>
      db.query(`SELECT 1 FROM invitations WHERE email = $1`, [fresh]),
    );
    expect(invites.rowCount).toBe(0);
  });

  it('rolls back everything on a fatal error in the middle: no member, no invitation, no event', async () => {
    const existing = await newProfiledUser('rollback');
    const fresh = uniqueEmail('fresh');
    const boom = uniqueEmail('boom');
    // A database failure on the third row (a trigger stands in for any fatal error mid-import).
    const fn = `fail_import_${randomUUID().replace(/-/g, '')}`;
    await withDirectoryDb((db) =>
      db.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.email = '${boom}' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER ${fn} BEFORE INSERT ON invitations FOR EACH ROW EXECUTE FUNCTION ${fn}();`),
    );
    try {
      const res = await importCsv(`email\n${existing.email}\n${fresh}\n${boom}\n`);
      expectProblem(res, 500, 'INTERNAL');
    } finally {
      await withDirectoryDb((db) => db.query(`DROP TRIGGER ${fn} ON invitations; DROP FUNCTION ${fn}();`));
    }
    expectProblem(await client.get(`/api/v1/companies/${company.id}`, existing.accessToken), 404);
    const invites = await withDirectoryDb((db) =>
      db.query(`SELECT 1 FROM invitations WHERE email = $1`, [fresh]),
    );
    expect(invites.rowCount).toBe(0);
    expect(
      await outboxEvents('directory.events.member.added', (d: any) => d.userId === existing.userId),
    ).toEqual([]);
    expect(await outboxEvents('directory.events.invitation.sent', (d: any) => d.email === fresh)).toEqual([]);
  });

  it('415 for another content type, 413 for a too large file', async () => {
    expectProblem(
      await importCsv('email\nx@example.com\n', owner.accessToken, company.id, 'text/plain'),
      415,
    );
    const big = `email\n${'x'.repeat(600 * 1024)}\n`;
    expectProblem(await importCsv(big), 413);
  });

  it('tenant isolation: anonymous 401, another company’s member 404, a plain member 403', async () => {
    const member = await newProfiledUser('plain');
    await addMember(owner, company.id, member);
    const outsider = await newProfiledUser('outsider');
    await createCompany(outsider, 'Outside');
    const csv = `email\n${uniqueEmail('guard')}\n`;
    for (const [token, status] of [
      [null, 401],
      [outsider.accessToken, 404],
      [member.accessToken, 403],
    ] as const)
      expectProblem(await importCsv(csv, token), status);
    expectProblem(await importCsv(csv, owner.accessToken, randomUUID()), 404);
  });
});
