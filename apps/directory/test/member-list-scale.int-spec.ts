import { randomUUID } from 'node:crypto';
import { DataSource, Logger } from 'typeorm';
import { ListQuery } from '@roster/contracts';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { CompanyAccessService } from '../src/access/company-access.service';
import { MembershipWriter } from '../src/access/membership-writer';
import { directoryDatabase } from '../src/database/data-source';
import { MembersRepository } from '../src/members/members.repository';
import { MembersService } from '../src/members/members.service';

/** Every SQL statement the data source sends, with its parameters. */
class RecordingLogger implements Logger {
  readonly queries: { sql: string; params: unknown[] }[] = [];
  logQuery(sql: string, params?: unknown[]): void {
    this.queries.push({ sql, params: params ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const MEMBERS = 10_000;

/**
 * The member list of a company with 10,000 members through the real service and repository: a bounded number
 * of statements whatever the page size (no N+1), each planned on indexes (no Seq Scan on memberships), with
 * the planner's own costs after ANALYZE (nothing priced out).
 */
describe('member list of a 10,000-member company (real Postgres)', () => {
  const prefix = `roster_${newRunId('ml')}`;
  const logger = new RecordingLogger();
  let dataSource: DataSource;
  let service: MembersService;
  const companyId = randomUUID();
  let ownerId: string;

  beforeAll(async () => {
    const url = await createTestDatabase(`${prefix}_directory`);
    const options = postgresOptions(url, directoryDatabase);
    await runMigrations(options);
    dataSource = await new DataSource({ ...options, logger, logging: true }).initialize();
    // The service needs neither the writer nor idempotency keys to list.
    service = new MembersService(
      dataSource,
      new CompanyAccessService(dataSource),
      new MembershipWriter(undefined as never),
      new MembersRepository(dataSource),
      undefined as never,
    );

    // The company under test, and eight others with 5,000 members each: memberships holds 50,000 rows.
    const others = Array.from({ length: 8 }, () => randomUUID());
    for (const id of [companyId, ...others])
      await dataSource.query(`INSERT INTO companies (id, name, created_by) VALUES ($1, $2, $3)`, [
        id,
        `Co ${id.slice(0, 8)}`,
        randomUUID(),
      ]);
    const seed = async (company: string, count: number) =>
      dataSource.query(
        `WITH people AS (
           INSERT INTO profiles (user_id, email, display_name)
           SELECT gen_random_uuid(), 'user' || i || '-' || left($1::text, 8) || '@example.com', 'User ' || i
             FROM generate_series(1, $2::int) AS i
           RETURNING user_id, display_name
         )
         INSERT INTO memberships (company_id, user_id, role, status, created_at, updated_at)
         SELECT $1::uuid, user_id,
                CASE WHEN n = 1 THEN 'owner' WHEN n % 100 = 0 THEN 'admin' ELSE 'member' END,
                CASE WHEN n % 50 = 7 THEN 'disabled' ELSE 'active' END,
                now() - make_interval(secs => n), now()
           FROM (SELECT user_id, row_number() OVER () AS n FROM people) numbered`,
        [company, count],
      );
    await seed(companyId, MEMBERS);
    for (const id of others) await seed(id, 5_000);
    await dataSource.query(
      `INSERT INTO user_two_factor (user_id, enabled, changed_at)
         SELECT user_id, true, now() FROM memberships WHERE company_id = $1 AND role = 'admin'`,
      [companyId],
    );
    ownerId = (
      await dataSource.query(`SELECT user_id FROM memberships WHERE company_id = $1 AND role = 'owner'`, [
        companyId,
      ])
    )[0].user_id;
    await dataSource.query('VACUUM ANALYZE memberships');
    await dataSource.query('ANALYZE profiles');
    await dataSource.query('ANALYZE user_two_factor');
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(prefix);
  });

  const query = (limit: number, filter: [string, string, string[]][], sort?: [string, 'asc' | 'desc']) =>
    Object.assign(new ListQuery(), {
      limit,
      skip: 0,
      sort: sort ? [{ field: sort[0], direction: sort[1] }] : [{ field: 'createdAt', direction: 'asc' }],
      filter: filter.map(([field, op, values]) => ({ field, op, values })),
    });

  /** Lists as the owner, returning the page and the statements it took. */
  const list = async (q: ListQuery) => {
    const from = logger.queries.length;
    const page = await service.list({ kind: 'user', userId: ownerId }, companyId, q);
    return { page, statements: logger.queries.slice(from) };
  };

  /** Relations a plan reads with a Seq Scan. */
  const seqScans = async (sql: string, params: unknown[]): Promise<string[]> => {
    const [{ 'QUERY PLAN': plan }] = await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    const found: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Node Type'] === 'Seq Scan') found.push(String(node['Relation Name']));
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
    return found;
  };

  it('answers with a filter and a sort in the same few statements for a page of 5 or of 100', async () => {
    const filter: [string, string, string[]][] = [
      ['role', 'in', ['member', 'admin']],
      ['status', 'eq', ['active']],
    ];
    const small = await list(query(5, filter, ['createdAt', 'desc']));
    const large = await list(query(100, filter, ['createdAt', 'desc']));
    expect(small.page.items).toHaveLength(5);
    expect(large.page.items).toHaveLength(100);
    // 10,000 minus the owner and the 200 disabled ones (n % 50 = 7).
    expect(small.page.total).toBe(MEMBERS - 1 - 200);
    expect(large.page.total).toBe(small.page.total);
    expect(large.page.items.slice(0, 5)).toEqual(small.page.items);
    // Access check, page, count: nothing per row.
    expect(small.statements.length).toBeLessThanOrEqual(3);
    expect(large.statements.length).toBe(small.statements.length);
    const sorted = large.page.items.map((m) => m.createdAt);
    expect([...sorted].sort().reverse()).toEqual(sorted);

    // The same with the text search and the 2FA flag (joins to profiles and user_two_factor, not a query each).
    const searched = await list(
      query(100, [
        ['search', 'search', ['user1']],
        ['twoFactorEnabled', 'eq', ['false']],
      ]),
    );
    expect(searched.page.items.length).toBeGreaterThan(0);
    expect(searched.statements.length).toBe(small.statements.length);
  });

  type Case = [string, [string, string, string[]][], [string, 'asc' | 'desc'] | undefined];
  it.each<Case>([
    ['the default sort', [], undefined],
    ['a role filter', [['role', 'eq', ['admin']]], undefined],
    [
      'a role filter matching most members, newest first',
      [['role', 'in', ['member']]],
      ['createdAt', 'desc'],
    ],
  ])(
    'plans every statement of %s on indexes (no Seq Scan, on memberships or any table)',
    async (_, filter, sort) => {
      const { page, statements } = await list(query(20, filter, sort));
      expect(page.items).toHaveLength(20);
      // The access check (by primary keys), then the page and the count.
      expect(statements.filter((s) => /FROM "memberships" "m"/.test(s.sql))).toHaveLength(2);
      for (const statement of statements)
        expect({ sql: statement.sql, seqScans: await seqScans(statement.sql, statement.params) }).toEqual({
          sql: statement.sql,
          seqScans: [],
        });
    },
  );
});
