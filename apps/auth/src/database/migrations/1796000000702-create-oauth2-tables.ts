import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OAuth2 provider: companies' client applications, authorization codes, users' consents; sessions gain
 * a kind (login, oauth, impersonation) with the client and scopes of an OAuth grant and the
 * impersonator of an impersonation.
 */
export class CreateOAuth2Tables1796000000702 implements MigrationInterface {
  name = 'CreateOAuth2Tables1796000000702';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN kind text NOT NULL DEFAULT 'login',
        ADD COLUMN client_id text NULL,
        ADD COLUMN scopes text[] NULL,
        ADD COLUMN impersonator_id uuid NULL,
        ADD COLUMN company_id uuid NULL`);
    await q.query(`CREATE INDEX sessions_client_idx ON sessions (client_id) WHERE client_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE oauth_clients (
        client_id text PRIMARY KEY,
        company_id uuid NOT NULL,
        title text NOT NULL,
        description text NULL,
        website_url text NULL,
        icon_url text NULL,
        redirect_uris text[] NOT NULL,
        status text NOT NULL DEFAULT 'active',
        secret_hash text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX oauth_clients_company_idx ON oauth_clients (company_id)`);
    await q.query(`
      CREATE TABLE oauth_codes (
        code_hash text PRIMARY KEY,
        client_id text NOT NULL REFERENCES oauth_clients(client_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        redirect_uri text NOT NULL,
        scopes text[] NOT NULL,
        code_challenge text NOT NULL,
        nonce text NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        session_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE oauth_consents (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        client_id text NOT NULL REFERENCES oauth_clients(client_id) ON DELETE CASCADE,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, client_id)
      )`);
    await q.query(`CREATE INDEX oauth_consents_client_idx ON oauth_consents (client_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_consents`);
    await q.query(`DROP TABLE oauth_codes`);
    await q.query(`DROP TABLE oauth_clients`);
    await q.query(`DROP INDEX sessions_client_idx`);
    await q.query(
      `ALTER TABLE sessions DROP COLUMN kind, DROP COLUMN client_id, DROP COLUMN scopes, DROP COLUMN impersonator_id, DROP COLUMN company_id`,
    );
  }
}
