import { MigrationInterface, QueryRunner } from 'typeorm';

/** Brute-force protection: every login (and re-authentication) attempt, kept for the counting window. */
export class CreateLoginAttempts1795574037500 implements MigrationInterface {
  name = 'CreateLoginAttempts1795574037500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        ip text NULL,
        kind text NOT NULL DEFAULT 'login',
        succeeded boolean NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_attempts_email_idx ON login_attempts (email, created_at)`);
    await q.query(
      `CREATE INDEX login_attempts_ip_failed_idx ON login_attempts (ip, created_at) WHERE NOT succeeded`,
    );
    await q.query(`CREATE INDEX login_attempts_created_idx ON login_attempts (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempts`);
  }
}
