import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider scope: integrations and webhook endpoints belong to a company or to a provider (exactly one);
 * integrations learns each company's provider (for provider endpoints' fan-out). OAuth: single-use states.
 */
export class ProviderScopeAndOAuth1797000300000 implements MigrationInterface {
  name = 'ProviderScopeAndOAuth1797000300000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['integrations', 'webhook_endpoints']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN provider_id uuid`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN company_id DROP NOT NULL`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_one_owner CHECK (num_nonnulls(company_id, provider_id) = 1)`,
      );
      await q.query(
        `CREATE INDEX ${table}_provider_idx ON ${table} (provider_id) WHERE provider_id IS NOT NULL`,
      );
    }
    // A provider endpoint's ping belongs to no company.
    await q.query(`ALTER TABLE webhook_deliveries ALTER COLUMN company_id DROP NOT NULL`);
    await q.query(`ALTER TABLE integration_tenants ADD COLUMN provider_id uuid`);
    await q.query(
      `CREATE INDEX integration_tenants_provider_idx ON integration_tenants (provider_id) WHERE provider_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        type text NOT NULL,
        company_id uuid,
        provider_id uuid,
        redirect_uri text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_states`);
    await q.query(`ALTER TABLE integration_tenants DROP COLUMN provider_id`);
    await q.query(`DELETE FROM webhook_deliveries WHERE company_id IS NULL`);
    await q.query(`ALTER TABLE webhook_deliveries ALTER COLUMN company_id SET NOT NULL`);
    for (const table of ['integrations', 'webhook_endpoints']) {
      await q.query(`DELETE FROM ${table} WHERE company_id IS NULL`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_one_owner`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN company_id SET NOT NULL`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN provider_id`);
    }
  }
}
