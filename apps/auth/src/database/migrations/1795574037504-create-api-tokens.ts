import { MigrationInterface, QueryRunner } from 'typeorm';

/** Personal API tokens: a SHA-256 of the secret, a short display prefix, scopes, expiry. */
export class CreateApiTokens1795574037504 implements MigrationInterface {
  name = 'CreateApiTokens1795574037504';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NULL,
        scopes text[] NOT NULL,
        prefix text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        active boolean NOT NULL DEFAULT true,
        expires_at timestamptz NULL,
        last_used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
  }
}
