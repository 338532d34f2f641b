import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '@roster/contracts';
import { OutboxService, RequestMeta } from '@roster/messaging';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { MembershipWriter } from '../src/access/membership-writer';
import { directoryDatabase } from '../src/database/data-source';

/** The membership writer against real Postgres: sequence, seat counts and the last-owner rule under races. */
describe('MembershipWriter (real Postgres)', () => {
  const dbPrefix = `roster_${newRunId('w')}`;
  let dataSource: DataSource;
  let writer: MembershipWriter;
  const meta: RequestMeta = { requestId: 'test-request', actor: { type: 'service', id: 'test' } };

  beforeAll(async () => {
    const url = await createTestDatabase(`${dbPrefix}_directory`);
    const options = postgresOptions(url, directoryDatabase);
    await runMigrations(options);
    dataSource = await new DataSource(options).initialize();
    writer = new MembershipWriter(new OutboxService());
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(dbPrefix);
  });

  const newCompany = async () => {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO companies (id, name, created_by) VALUES ($1, 'Test Co', $2)`, [
      id,
      randomUUID(),
    ]);
    return id;
  };
  const memberEvents = async (companyId: string) =>
    (
      await dataSource.query(
        `SELECT subject, envelope->'data' AS data FROM outbox
          WHERE envelope->'data'->>'companyId' = $1 ORDER BY seq`,
        [companyId],
      )
    ).map((r: { subject: string; data: { sequence: number; activeSeats: number } }) => [
      r.subject.split('.').pop(),
      r.data.sequence,
      r.data.activeSeats,
    ]);

  it('raises the company sequence once per change and reports active seats after it', async () => {
    const companyId = await newCompany();
    const [a, b] = [randomUUID(), randomUUID()];
    await dataSource.transaction(async (m) => {
      await writer.addMember(m, { companyId, userId: a, role: 'owner' }, meta);
      await writer.addMember(m, { companyId, userId: b, role: 'member' }, meta);
    });
    await dataSource.transaction((m) =>
      writer.setStatus(m, { companyId, userId: b, status: 'disabled' }, meta),
    );
    // No-op changes raise nothing.
    await dataSource.transaction((m) =>
      writer.setStatus(m, { companyId, userId: b, status: 'disabled' }, meta),
    );
    await dataSource.transaction((m) => writer.removeMember(m, { companyId, userId: b }, meta));
    expect(await memberEvents(companyId)).toEqual([
      ['added', 1, 1],
      ['added', 2, 2],
      ['disabled', 3, 1],
      ['removed', 4, 1],
    ]);
    const seats = await writer.countSeats(dataSource.manager, companyId);
    expect(seats).toEqual({ activeSeats: 1, sequence: 4 });
  });

  it('a refused change rolls back with its event and its sequence', async () => {
    const companyId = await newCompany();
    const owner = randomUUID();
    await dataSource.transaction((m) =>
      writer.addMember(m, { companyId, userId: owner, role: 'owner' }, meta),
    );
    await expect(
      dataSource.transaction((m) => writer.addMember(m, { companyId, userId: owner, role: 'member' }, meta)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      dataSource.transaction((m) => writer.changeRole(m, { companyId, userId: owner, role: 'admin' }, meta)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await memberEvents(companyId)).toEqual([['added', 1, 1]]);
    expect(await writer.countSeats(dataSource.manager, companyId)).toEqual({ activeSeats: 1, sequence: 1 });
  });

  it('refuses membership changes in a deleted company', async () => {
    const companyId = await newCompany();
    await dataSource.query(`UPDATE companies SET deleted_at = now() WHERE id = $1`, [companyId]);
    await expect(
      dataSource.transaction((m) =>
        writer.addMember(m, { companyId, userId: randomUUID(), role: 'owner' }, meta),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await memberEvents(companyId)).toEqual([]);
  });

  it('two owners removing each other at once: exactly one wins, one owner remains', async () => {
    for (let round = 0; round < 5; round++) {
      const companyId = await newCompany();
      const [a, b] = [randomUUID(), randomUUID()];
      await dataSource.transaction(async (m) => {
        await writer.addMember(m, { companyId, userId: a, role: 'owner' }, meta);
        await writer.addMember(m, { companyId, userId: b, role: 'owner' }, meta);
      });
      const results = await Promise.allSettled([
        dataSource.transaction((m) => writer.removeMember(m, { companyId, userId: a }, meta)),
        dataSource.transaction((m) =>
          writer.setStatus(m, { companyId, userId: b, status: 'disabled' }, meta),
        ),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(AppError);
      const [{ owners }] = await dataSource.query(
        `SELECT count(*)::int AS owners FROM memberships WHERE company_id = $1 AND role = 'owner' AND status = 'active'`,
        [companyId],
      );
      expect(owners).toBe(1);
      expect((await writer.countSeats(dataSource.manager, companyId))?.sequence).toBe(3);
    }
  });
});
