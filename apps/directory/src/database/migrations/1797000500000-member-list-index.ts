import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member lists page a company's memberships in `created_at` order (the default sort, with `user_id` as the
 * tiebreaker): this index hands out a page without reading and sorting the company's every membership.
 * Role and status filters use `memberships_company_role_idx`; the primary key serves the count.
 */
export class MemberListIndex1797000500000 implements MigrationInterface {
  name = 'MemberListIndex1797000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX memberships_company_created_idx ON memberships (company_id, created_at, user_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX memberships_company_created_idx`);
  }
}
