import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stable uuid per OAuth application: the subject id of its audit log entries (the company log's
 * subject ids are uuids; `client_id` is the public `rcl_…` identifier and stays the primary key).
 */
export class AddOAuthClientId1797000200000 implements MigrationInterface {
  name = 'AddOAuthClientId1797000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE oauth_clients ADD COLUMN id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE oauth_clients DROP COLUMN id`);
  }
}
