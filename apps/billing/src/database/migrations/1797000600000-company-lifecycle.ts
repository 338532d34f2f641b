import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What billing did when directory deleted a company: whether it scheduled the subscription's cancellation
 * itself (so a restore resumes only what billing stopped, never a cancellation the customer chose), and
 * when the company was restored or purged.
 */
export class CompanyLifecycle1797000600000 implements MigrationInterface {
  name = 'CompanyLifecycle1797000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE company_deletions (
        company_id uuid PRIMARY KEY,
        deleted_at timestamptz NOT NULL,
        cancel_scheduled boolean NOT NULL DEFAULT false,
        restored_at timestamptz,
        purged_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE company_deletions`);
  }
}
