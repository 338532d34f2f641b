import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints and deliveries, the received event log (for replay), e-mail outbox and brands, recipes and runs. */
export class CreateWebhooksEmailRecipes1796000000500 implements MigrationInterface {
  name = 'CreateWebhooksEmailRecipes1796000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        disabled_reason text,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_company ON webhook_endpoints (company_id)`);
    await q.query(`
      CREATE TABLE webhook_events (
        event_id uuid PRIMARY KEY,
        company_id uuid NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_events_company_time ON webhook_events (company_id, occurred_at)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        company_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        locked_until timestamptz,
        last_response_code integer,
        last_duration_ms integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (endpoint_id, event_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        response_code integer,
        duration_ms integer NOT NULL,
        error text
      )`);
    await q.query(`CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt)`);

    await q.query(`
      CREATE TABLE email_brands (
        company_id uuid PRIMARY KEY,
        name text,
        primary_color text,
        logo_url text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        source_event_id uuid UNIQUE,
        company_id uuid,
        recipient text NOT NULL,
        subject text NOT NULL,
        html text,
        text_body text,
        attachments jsonb,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE recipes (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL,
        name text NOT NULL,
        event_type text NOT NULL,
        conditions jsonb NOT NULL DEFAULT '[]',
        actions jsonb NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recipes_company_event ON recipes (company_id, event_type)`);
    await q.query(`
      CREATE TABLE recipe_runs (
        id uuid PRIMARY KEY,
        recipe_id uuid NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
        company_id uuid NOT NULL,
        trigger text NOT NULL,
        event_id uuid,
        event jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        steps jsonb NOT NULL DEFAULT '[]',
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (recipe_id, event_id)
      )`);
    await q.query(`CREATE INDEX recipe_runs_pending ON recipe_runs (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'recipe_runs',
      'recipes',
      'email_outbox',
      'email_brands',
      'webhook_attempts',
      'webhook_deliveries',
      'webhook_events',
      'webhook_endpoints',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
