import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckSeatAvailability } from '@roster/contracts';
import { BusClient, IdempotencyKeys, OutboxService, RequestMeta } from '@roster/messaging';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { CompanyAccessService } from '../src/access/company-access.service';
import { DirectoryConfig } from '../src/config/directory.config';
import { directoryDatabase } from '../src/database/data-source';
import { InvitationsService } from '../src/invitations/invitations.service';
import { SeatGate } from '../src/invitations/seat-gate';
import { MembershipWriter } from '../src/access/membership-writer';
import { MemberImportService } from '../src/member-import/member-import.service';

/**
 * The import against real Postgres with billing's seat answer stubbed (billing has no responder in this
 * branch): it stops adding and inviting once the seats are used and says so.
 */
describe('member import with a seat cap (real Postgres)', () => {
  const runId = newRunId('d');
  const dbPrefix = `roster_${runId}`;
  let dataSource: DataSource;
  const seatAnswer = jest.fn();
  let importer: MemberImportService;
  let invitations: InvitationsService;
  const ownerId = randomUUID();
  const companyId = randomUUID();
  const meta: RequestMeta = { requestId: 'req-import', actor: { type: 'user', id: ownerId } };

  beforeAll(async () => {
    const url = await createTestDatabase(`${dbPrefix}_directory`);
    const options = postgresOptions(url, directoryDatabase);
    await runMigrations(options);
    dataSource = await new DataSource(options).initialize();
    const config = Object.assign(new DirectoryConfig(), { DATABASE_URL: url });
    const access = new CompanyAccessService(dataSource);
    const outbox = new OutboxService();
    const seats = new SeatGate({ request: seatAnswer } as unknown as BusClient);
    const members = new MembershipWriter(outbox);
    invitations = new InvitationsService(
      dataSource,
      access,
      outbox,
      seats,
      members,
      config,
      new IdempotencyKeys(dataSource),
    );
    importer = new MemberImportService(dataSource, access, outbox, invitations, seats, members);
    await dataSource.query(
      `INSERT INTO profiles (user_id, email, display_name) VALUES ($1, 'owner@example.com', 'owner')`,
      [ownerId],
    );
    await dataSource.query(
      `INSERT INTO companies (id, name, created_by, member_sequence) VALUES ($1, 'Capped Co', $2, 1)`,
      [companyId, ownerId],
    );
    await dataSource.query(`INSERT INTO memberships (company_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      companyId,
      ownerId,
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(dbPrefix);
  });

  it('adds and invites only as many as billing allows, then reports maxSubscriptionSizeReached', async () => {
    const existingId = randomUUID();
    await dataSource.query(
      `INSERT INTO profiles (user_id, email, display_name) VALUES ($1, 'known@example.com', 'known')`,
      [existingId],
    );
    seatAnswer.mockResolvedValueOnce({ companyId, allowed: 2, cap: 3, used: 1 });
    const csv =
      'email,role\nknown@example.com,admin\nnew1@example.com,member\nnew2@example.com,\nnew3@example.com,member\n';
    const report = await importer.import(ownerId, companyId, csv, meta);
    expect(seatAnswer).toHaveBeenCalledWith(CheckSeatAvailability, { companyId, additional: 4 }, meta);
    expect(report).toEqual({
      total: 4,
      created: 1,
      invited: 1,
      failed: 2,
      maxSubscriptionSizeReached: true,
      failures: [
        { line: 4, email: 'new2@example.com', reason: 'no seat left in the subscription' },
        { line: 5, email: 'new3@example.com', reason: 'no seat left in the subscription' },
      ],
    });
    const members = await dataSource.query(
      `SELECT user_id, role FROM memberships WHERE company_id = $1 ORDER BY role`,
      [companyId],
    );
    expect(members).toEqual([
      { user_id: existingId, role: 'admin' },
      { user_id: ownerId, role: 'owner' },
    ]);
    const invited = await dataSource.query(`SELECT email FROM invitations WHERE company_id = $1`, [
      companyId,
    ]);
    expect(invited).toEqual([{ email: 'new1@example.com' }]);
    const events = await dataSource.query(`SELECT subject, envelope FROM outbox ORDER BY seq`);
    expect(events.map((e: { subject: string }) => e.subject)).toEqual([
      'directory.events.member.added',
      'directory.events.invitation.sent',
    ]);
    // The company row's member sequence went from 1 (the owner) to 2.
    expect(events[0].envelope.data).toMatchObject({ userId: existingId, sequence: 2, activeSeats: 2 });
  });

  it('with no seat left, nothing is added or invited', async () => {
    seatAnswer.mockResolvedValueOnce({ companyId, allowed: 0, cap: 3, used: 3 });
    const report = await importer.import(ownerId, companyId, 'email\nlate@example.com\n', meta);
    expect(report).toMatchObject({
      total: 1,
      created: 0,
      invited: 0,
      failed: 1,
      maxSubscriptionSizeReached: true,
    });
    expect(await dataSource.query(`SELECT 1 FROM invitations WHERE email = 'late@example.com'`)).toEqual([]);
  });

  it('an invitation is refused (409) when billing says no seat is left, and nothing is written', async () => {
    seatAnswer.mockResolvedValueOnce({ companyId, allowed: 0, cap: 3, used: 3 });
    await expect(
      invitations.create(ownerId, { companyId, email: 'nope@example.com', role: 'member' }, meta),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('maxSubscriptionSizeReached'),
    });
    expect(await dataSource.query(`SELECT 1 FROM invitations WHERE email = 'nope@example.com'`)).toEqual([]);
    seatAnswer.mockResolvedValueOnce({ companyId, allowed: 1, cap: 4, used: 3 });
    const created = await invitations.create(
      ownerId,
      { companyId, email: 'yes@example.com', role: 'member' },
      meta,
    );
    expect(created).toMatchObject({ email: 'yes@example.com', status: 'pending' });
  });
});
