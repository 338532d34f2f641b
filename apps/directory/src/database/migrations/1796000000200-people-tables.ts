import { MigrationInterface, QueryRunner } from 'typeorm';

/** Profile details, pictures, contact methods, invitations, signup requests and domains. */
export class PeopleTables1796000000200 implements MigrationInterface {
  name = 'PeopleTables1796000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE profiles
        ADD COLUMN first_name text NULL,
        ADD COLUMN last_name text NULL,
        ADD COLUMN locale text NULL,
        ADD COLUMN phone text NULL,
        ADD COLUMN public_profile boolean NOT NULL DEFAULT false`);
    // profiles_email_idx (lower(email)) comes with 1796000000100-directory-core.
    await q.query(`
      CREATE TABLE profile_pictures (
        user_id uuid PRIMARY KEY REFERENCES profiles(user_id) ON DELETE CASCADE,
        content_type text NOT NULL,
        data bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE contact_methods (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('email', 'phone')),
        label text NOT NULL,
        value text NOT NULL,
        verified_at timestamptz NULL,
        code_hash text NULL,
        code_expires_at timestamptz NULL,
        failed_attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, kind, label)
      )`);
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'revoked')),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        resent_at timestamptz NULL,
        resend_count int NOT NULL DEFAULT 0,
        responded_at timestamptz NULL,
        accepted_by uuid NULL,
        awaiting_signup boolean NOT NULL DEFAULT false
      )`);
    await q.query(
      `CREATE UNIQUE INDEX invitations_pending_email_uq ON invitations (company_id, lower(email)) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX invitations_email_idx ON invitations (lower(email))`);
    await q.query(`
      CREATE TABLE signup_requests (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (company_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE company_domains (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        domain text NOT NULL,
        verification_token text NOT NULL,
        verified_at timestamptz NULL,
        auto_join boolean NOT NULL DEFAULT false,
        sso jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (company_id, domain)
      )`);
    // One company per verified domain: the second verification of the same domain fails here.
    await q.query(
      `CREATE UNIQUE INDEX company_domains_verified_uq ON company_domains (domain) WHERE verified_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE company_domains`);
    await q.query(`DROP TABLE signup_requests`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`DROP TABLE contact_methods`);
    await q.query(`DROP TABLE profile_pictures`);
    await q.query(
      `ALTER TABLE profiles DROP COLUMN first_name, DROP COLUMN last_name, DROP COLUMN locale, DROP COLUMN phone, DROP COLUMN public_profile`,
    );
  }
}
