import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Companies' e-mail domains and their SSO settings, as directory announces them (for SSO discovery).
 * Each event kind has its own consumer, so they may arrive out of order: every column pair keeps the
 * time of the change it reflects, and an older change never overwrites a newer one.
 */
export class CreateSsoDomains1796000000701 implements MigrationInterface {
  name = 'CreateSsoDomains1796000000701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sso_domains (
        domain text NOT NULL,
        company_id uuid NOT NULL,
        verified_at timestamptz NULL,
        removed_at timestamptz NULL,
        sso jsonb NULL,
        sso_updated_at timestamptz NULL,
        PRIMARY KEY (domain, company_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sso_domains`);
  }
}
