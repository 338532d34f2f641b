import { MigrationInterface, QueryRunner } from 'typeorm';

/** Membership changes made under impersonation name both identities: the acting member and the impersonator. */
export class AddMemberLogImpersonator1797000100002 implements MigrationInterface {
  name = 'AddMemberLogImpersonator1797000100002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member_log ADD COLUMN actor_impersonator_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member_log DROP COLUMN actor_impersonator_id`);
  }
}
