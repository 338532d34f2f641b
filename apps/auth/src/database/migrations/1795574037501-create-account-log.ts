import { MigrationInterface, QueryRunner } from 'typeorm';

/** What happened to an account (logins, failures, credential changes), for its owner to read. */
export class CreateAccountLog1795574037501 implements MigrationInterface {
  name = 'CreateAccountLog1795574037501';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_log (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type text NOT NULL,
        ip text NULL,
        user_agent text NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX account_log_user_idx ON account_log (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_log`);
  }
}
