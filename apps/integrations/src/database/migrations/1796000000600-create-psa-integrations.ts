import { MigrationInterface, QueryRunner } from 'typeorm';

/** Connected integrations (PSA, OAuth), mappings, the PSA job queue, errors, alert configurations, tickets. */
export class CreatePsaIntegrations1796000000600 implements MigrationInterface {
  name = 'CreatePsaIntegrations1796000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integrations (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL,
        type text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}',
        sealed_secrets text,
        secret_names text[] NOT NULL DEFAULT '{}',
        settings jsonb NOT NULL DEFAULT '{"companyTypeIds":[],"automaticTicketing":false}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX integrations_company_idx ON integrations (company_id, created_at)`);
    await q.query(`
      CREATE TABLE integration_mappings (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        company_id uuid NOT NULL,
        company_name text NOT NULL,
        psa_company_id text NOT NULL,
        psa_company_name text NOT NULL,
        agreement jsonb,
        addition jsonb,
        billing jsonb,
        last_synced_quantity integer,
        last_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (integration_id, company_id)
      )`);
    await q.query(`CREATE INDEX integration_mappings_company_idx ON integration_mappings (company_id)`);
    await q.query(`
      CREATE TABLE psa_jobs (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        kind text NOT NULL,
        company_id uuid,
        source_event_id uuid,
        payload jsonb NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        result text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (integration_id, kind, source_event_id)
      )`);
    await q.query(
      `CREATE INDEX psa_jobs_due_idx ON psa_jobs (next_attempt_at) WHERE status IN ('pending', 'retrying', 'running')`,
    );
    await q.query(`CREATE INDEX psa_jobs_integration_idx ON psa_jobs (integration_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE integration_errors (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        company_id uuid,
        job_id uuid,
        operation text NOT NULL,
        message text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX integration_errors_idx ON integration_errors (integration_id, occurred_at DESC)`,
    );
    await q.query(`
      CREATE TABLE alert_configurations (
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        alert_id uuid NOT NULL,
        should_create_tickets boolean NOT NULL,
        configuration jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, alert_id)
      )`);
    await q.query(`
      CREATE TABLE psa_tickets (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        alert_id uuid,
        subject text NOT NULL,
        company_id uuid NOT NULL,
        psa_ticket_id text,
        status text NOT NULL,
        summary text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The "once" rule: one live ticket per (integration, alert, subject).
    await q.query(
      `CREATE UNIQUE INDEX psa_tickets_live_idx ON psa_tickets (integration_id, alert_id, subject) WHERE status IN ('opening', 'open') AND alert_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE integration_members (
        company_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        sequence bigint NOT NULL,
        active boolean NOT NULL,
        PRIMARY KEY (company_id, user_id)
      )`);
    await q.query(`CREATE INDEX integration_members_user_idx ON integration_members (user_id) WHERE active`);
    await q.query(`ALTER TABLE integration_tenants ADD COLUMN name_updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration_tenants DROP COLUMN name_updated_at`);
    for (const t of [
      'integration_members',
      'psa_tickets',
      'alert_configurations',
      'integration_errors',
      'psa_jobs',
      'integration_mappings',
      'integrations',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
