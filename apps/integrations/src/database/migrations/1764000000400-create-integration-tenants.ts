import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrationTenants1764000000400 implements MigrationInterface {
  name = 'CreateIntegrationTenants1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration_tenants (
        company_id uuid PRIMARY KEY,
        company_name text NOT NULL,
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE integration_tenants`);
  }
}
