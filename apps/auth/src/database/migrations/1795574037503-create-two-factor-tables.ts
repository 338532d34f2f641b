import { MigrationInterface, QueryRunner } from 'typeorm';

/** TOTP factors (one per user, pending until confirmed) and hashed single-use recovery codes. */
export class CreateTwoFactorTables1795574037503 implements MigrationInterface {
  name = 'CreateTwoFactorTables1795574037503';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE totp_factors (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret text NOT NULL,
        status text NOT NULL,
        last_used_step bigint NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        enabled_at timestamptz NULL
      )`);
    await q.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz NULL,
        CONSTRAINT recovery_codes_user_code_key UNIQUE (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_codes`);
    await q.query(`DROP TABLE totp_factors`);
  }
}
