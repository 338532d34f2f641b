import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `client_credentials` grant: which scopes an application may obtain for itself, and the id its
 * tokens carry as `sid` (replaced when the application is deactivated or deleted or its secret is reset,
 * so the gateways can deny every token issued before).
 */
export class AddOAuthClientCredentials1797000100000 implements MigrationInterface {
  name = 'AddOAuthClientCredentials1797000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE oauth_clients
        ADD COLUMN client_credentials_scopes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN credentials_id uuid NOT NULL DEFAULT gen_random_uuid()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE oauth_clients DROP COLUMN client_credentials_scopes, DROP COLUMN credentials_id`,
    );
  }
}
