import { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit entries of actions taken under impersonation name both identities: the member and who acted. */
export class AddAuditImpersonator1797000100001 implements MigrationInterface {
  name = 'AddAuditImpersonator1797000100001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN actor_impersonator_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN actor_impersonator_id`);
  }
}
