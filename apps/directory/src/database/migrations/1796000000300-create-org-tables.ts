import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Org units (a tree), groups (nested; members, leaders, contacts, applications), contacts, labels, the
 * application catalogue with its assignments, and the company audit log. Every table carries company_id and
 * every list or reverse look-up has an index that starts with it.
 */
export class CreateOrgTables1796000000300 implements MigrationInterface {
  name = 'CreateOrgTables1796000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_units (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        parent_id uuid NULL REFERENCES org_units(id),
        name text NOT NULL,
        description text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX org_units_company_parent_idx ON org_units (company_id, parent_id)`);
    await q.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        parent_id uuid NULL REFERENCES groups(id),
        name text NOT NULL,
        description text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX groups_company_name_uq ON groups (company_id, lower(name))`);
    await q.query(`CREATE INDEX groups_company_parent_idx ON groups (company_id, parent_id)`);
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        first_name text NOT NULL,
        last_name text NOT NULL DEFAULT '',
        email text NOT NULL,
        phone text NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending_conversion', 'converted')),
        user_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX contacts_company_email_uq ON contacts (company_id, lower(email))`);
    await q.query(
      `CREATE INDEX contacts_pending_email_idx ON contacts (lower(email)) WHERE status = 'pending_conversion'`,
    );
    await q.query(`
      CREATE TABLE labels (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        name text NOT NULL,
        color text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX labels_company_name_uq ON labels (company_id, lower(name))`);
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        name text NOT NULL,
        url text NOT NULL,
        icon_url text NULL,
        sign_in_method text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX applications_company_name_uq ON applications (company_id, lower(name))`,
    );

    // Links. Members are user ids (memberships); company_id is repeated for the per-company reverse look-ups.
    await q.query(`
      CREATE TABLE org_unit_members (
        org_unit_id uuid NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        company_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_unit_id, user_id)
      )`);
    await q.query(`CREATE INDEX org_unit_members_user_idx ON org_unit_members (company_id, user_id)`);
    await q.query(`
      CREATE TABLE org_unit_applications (
        org_unit_id uuid NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_unit_id, application_id)
      )`);
    await q.query(`CREATE INDEX org_unit_applications_app_idx ON org_unit_applications (application_id)`);
    await q.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        company_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('member', 'leader')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id, role)
      )`);
    await q.query(`CREATE INDEX group_members_user_idx ON group_members (company_id, user_id)`);
    await q.query(`
      CREATE TABLE group_contacts (
        group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, contact_id)
      )`);
    await q.query(`CREATE INDEX group_contacts_contact_idx ON group_contacts (contact_id)`);
    await q.query(`
      CREATE TABLE group_applications (
        group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, application_id)
      )`);
    await q.query(`CREATE INDEX group_applications_app_idx ON group_applications (application_id)`);
    await q.query(`
      CREATE TABLE member_labels (
        label_id uuid NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        company_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (label_id, user_id)
      )`);
    await q.query(`CREATE INDEX member_labels_user_idx ON member_labels (company_id, user_id)`);
    await q.query(`
      CREATE TABLE application_labels (
        label_id uuid NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (label_id, application_id)
      )`);
    await q.query(`CREATE INDEX application_labels_app_idx ON application_labels (application_id)`);
    await q.query(`
      CREATE TABLE application_members (
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        company_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, user_id)
      )`);
    await q.query(`CREATE INDEX application_members_user_idx ON application_members (company_id, user_id)`);

    // The audit log: a projection of every event that concerns a company (one row per event and company).
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        company_id uuid NOT NULL,
        type text NOT NULL,
        actor_type text NOT NULL,
        actor_id text NULL,
        subject_type text NULL,
        subject_id uuid NULL,
        ip text NULL,
        user_agent text NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX audit_log_event_company_uq ON audit_log (event_id, company_id)`);
    await q.query(`CREATE INDEX audit_log_company_time_idx ON audit_log (company_id, occurred_at DESC, id)`);
    await q.query(`CREATE INDEX audit_log_company_subject_idx ON audit_log (company_id, subject_id)`);
    await q.query(`CREATE INDEX audit_log_company_actor_idx ON audit_log (company_id, actor_id)`);
    await q.query(`CREATE INDEX audit_log_company_type_idx ON audit_log (company_id, type)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'application_members',
      'application_labels',
      'member_labels',
      'group_applications',
      'group_contacts',
      'group_members',
      'org_unit_applications',
      'org_unit_members',
      'applications',
      'labels',
      'contacts',
      'groups',
      'org_units',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
