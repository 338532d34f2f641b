import { MigrationInterface, QueryRunner } from 'typeorm';

/** Provider (MSP) billing: contract, billing details, per-customer licences, invoices. */
export class CreateProviderBilling1796000000401 implements MigrationInterface {
  name = 'CreateProviderBilling1796000000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_contracts (
        provider_id uuid PRIMARY KEY,
        currency char(3) NOT NULL,
        term_start timestamptz NOT NULL,
        term_end timestamptz NOT NULL CHECK (term_end > term_start),
        products jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE provider_billing_details (
        provider_id uuid PRIMARY KEY,
        billing_email text,
        company_name text,
        address text,
        vat_id text
      )`);
    await q.query(`
      CREATE TABLE customer_licences (
        provider_id uuid NOT NULL,
        company_id uuid NOT NULL,
        purchased int NOT NULL CHECK (purchased >= 0),
        PRIMARY KEY (provider_id, company_id)
      )`);
    await q.query(`
      CREATE TABLE provider_invoices (
        id uuid PRIMARY KEY,
        provider_id uuid NOT NULL,
        number text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
        currency char(3) NOT NULL,
        total_minor bigint NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        issued_at timestamptz NOT NULL,
        lines jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX provider_invoices_provider_idx ON provider_invoices (provider_id, issued_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'provider_invoices',
      'customer_licences',
      'provider_billing_details',
      'provider_contracts',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
