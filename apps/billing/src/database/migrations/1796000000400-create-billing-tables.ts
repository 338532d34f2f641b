import { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans, subscriptions, seats, invoices, payment methods and idempotency keys. Money: bigint minor units. */
export class CreateBillingTables1796000000400 implements MigrationInterface {
  name = 'CreateBillingTables1796000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plans (
        id text PRIMARY KEY,
        name text NOT NULL,
        price_per_seat_minor bigint NOT NULL CHECK (price_per_seat_minor >= 0),
        currency char(3) NOT NULL,
        interval text NOT NULL CHECK (interval IN ('month', 'year')),
        interval_count int NOT NULL DEFAULT 1 CHECK (interval_count >= 1),
        trial_days int NOT NULL DEFAULT 0,
        seat_cap int,
        features jsonb NOT NULL DEFAULT '[]',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE billing_accounts
        ADD COLUMN billing_email text,
        ADD COLUMN billing_email_source text,
        ADD COLUMN company_name text,
        ADD COLUMN address text,
        ADD COLUMN vat_id text,
        ADD COLUMN provider_customer_id text`);
    await q.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL UNIQUE,
        plan_id text NOT NULL REFERENCES plans(id),
        status text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'incomplete')),
        payment_provider text NOT NULL CHECK (payment_provider IN ('stripe', 'manual')),
        current_period_start timestamptz NOT NULL,
        current_period_end timestamptz NOT NULL,
        trial_end timestamptz,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        canceled_at timestamptz,
        pending_plan_id text REFERENCES plans(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE subscription_log (
        id bigserial PRIMARY KEY,
        company_id uuid NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        from_status text,
        to_status text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX subscription_log_company_idx ON subscription_log (company_id, at)`);
    await q.query(`
      CREATE TABLE member_seats (
        company_id uuid NOT NULL,
        user_id uuid NOT NULL,
        last_sequence int NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'disabled', 'removed')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (company_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE seat_changes (
        id bigserial PRIMARY KEY,
        company_id uuid NOT NULL,
        user_id uuid,
        at timestamptz NOT NULL,
        delta int NOT NULL,
        active_after int NOT NULL,
        source text NOT NULL CHECK (source IN ('event', 'reconciliation')),
        event_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX seat_changes_company_at_idx ON seat_changes (company_id, at)`);
    await q.query(`
      CREATE TABLE invoice_sequences (
        issuer text PRIMARY KEY,
        last_number int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY,
        company_id uuid NOT NULL,
        issuer text NOT NULL,
        number text UNIQUE,
        status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
        currency char(3) NOT NULL,
        total_minor bigint NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        issued_at timestamptz,
        paid_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        next_payment_attempt_at timestamptz,
        last_payment_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invoices_company_idx ON invoices (company_id, issued_at)`);
    await q.query(`
      CREATE TABLE invoice_lines (
        id bigserial PRIMARY KEY,
        invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
        position int NOT NULL,
        kind text NOT NULL,
        description text NOT NULL,
        quantity int NOT NULL,
        unit_amount_minor bigint NOT NULL,
        amount_minor bigint NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE payment_methods (
        company_id uuid PRIMARY KEY,
        provider text NOT NULL,
        provider_payment_method_id text NOT NULL,
        brand text NOT NULL,
        last4 text NOT NULL,
        exp_month int NOT NULL,
        exp_year int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'payment_methods',
      'invoice_lines',
      'invoices',
      'invoice_sequences',
      'seat_changes',
      'member_seats',
      'subscription_log',
      'subscriptions',
      'plans',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`
      ALTER TABLE billing_accounts DROP COLUMN billing_email, DROP COLUMN billing_email_source,
        DROP COLUMN company_name, DROP COLUMN address, DROP COLUMN vat_id, DROP COLUMN provider_customer_id`);
  }
}
