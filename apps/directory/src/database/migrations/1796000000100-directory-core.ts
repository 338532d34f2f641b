import { MigrationInterface, QueryRunner } from 'typeorm';

/** Members (status, sequence), company policy and branding, providers, ownership transfers, statistics. */
export class DirectoryCore1796000000100 implements MigrationInterface {
  name = 'DirectoryCore1796000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE providers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        customers_may_create_companies boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE provider_administrators (
        provider_id uuid NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, user_id)
      )`);
    await q.query(`CREATE INDEX provider_administrators_user_idx ON provider_administrators (user_id)`);
    await q.query(`
      ALTER TABLE companies
        ADD COLUMN provider_id uuid NULL REFERENCES providers(id),
        ADD COLUMN member_sequence integer NOT NULL DEFAULT 0,
        ADD COLUMN enforced_2fa boolean NOT NULL DEFAULT false,
        ADD COLUMN ip_allow_list text[] NOT NULL DEFAULT '{}',
        ADD COLUMN personal_dashboards_allowed boolean NOT NULL DEFAULT true,
        ADD COLUMN users_may_create_companies boolean NOT NULL DEFAULT true,
        ADD COLUMN primary_color text NULL,
        ADD COLUMN billing_email text NULL,
        ADD COLUMN logo bytea NULL,
        ADD COLUMN logo_content_type text NULL,
        ADD COLUMN logo_updated_at timestamptz NULL`);
    // Existing companies: every membership so far counted as one change.
    await q.query(
      `UPDATE companies c SET member_sequence = (SELECT count(*) FROM memberships m WHERE m.company_id = c.id)`,
    );
    await q.query(
      `CREATE INDEX companies_provider_idx ON companies (provider_id, lower(name)) WHERE provider_id IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE memberships
        ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX profiles_email_idx ON profiles (lower(email))`);
    await q.query(`CREATE INDEX memberships_company_role_idx ON memberships (company_id, role, status)`);
    await q.query(`
      CREATE TABLE ownership_transfers (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        from_user_id uuid NOT NULL,
        to_user_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ownership_transfers_company_idx ON ownership_transfers (company_id)`);
    await q.query(`
      CREATE TABLE member_log (
        id bigserial PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        action text NOT NULL,
        role text NOT NULL,
        status text NOT NULL,
        previous_role text NULL,
        sequence integer NOT NULL,
        actor_type text NOT NULL,
        actor_id text NULL,
        ip text NULL,
        user_agent text NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX member_log_member_idx ON member_log (company_id, user_id, id)`);
    await q.query(`
      CREATE TABLE user_two_factor (
        user_id uuid PRIMARY KEY,
        enabled boolean NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE company_subscriptions (
        company_id uuid PRIMARY KEY,
        status text NOT NULL,
        quantity integer NOT NULL,
        seat_cap integer NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE company_subscriptions`);
    await q.query(`DROP TABLE user_two_factor`);
    await q.query(`DROP TABLE member_log`);
    await q.query(`DROP TABLE ownership_transfers`);
    await q.query(`DROP INDEX memberships_company_role_idx`);
    await q.query(`DROP INDEX profiles_email_idx`);
    await q.query(`ALTER TABLE memberships DROP COLUMN status, DROP COLUMN updated_at`);
    await q.query(`DROP INDEX companies_provider_idx`);
    await q.query(`
      ALTER TABLE companies
        DROP COLUMN provider_id, DROP COLUMN member_sequence, DROP COLUMN enforced_2fa, DROP COLUMN ip_allow_list,
        DROP COLUMN personal_dashboards_allowed, DROP COLUMN users_may_create_companies, DROP COLUMN primary_color,
        DROP COLUMN billing_email, DROP COLUMN logo, DROP COLUMN logo_content_type, DROP COLUMN logo_updated_at`);
    await q.query(`DROP TABLE provider_administrators`);
    await q.query(`DROP TABLE providers`);
  }
}
