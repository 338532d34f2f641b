import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purge of deleted companies: the company row stays as a tombstone (`purged_at`, and the owners at the time,
 * so they get 410 rather than 404 when they try to restore it); the purge job finds its work by an index.
 */
export class CompanyPurge1797000200000 implements MigrationInterface {
  name = 'CompanyPurge1797000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE companies
        ADD COLUMN purged_at timestamptz NULL,
        ADD COLUMN former_owner_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `CREATE INDEX companies_purge_due_idx ON companies (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX companies_purge_due_idx`);
    await q.query(`ALTER TABLE companies DROP COLUMN former_owner_ids, DROP COLUMN purged_at`);
  }
}
