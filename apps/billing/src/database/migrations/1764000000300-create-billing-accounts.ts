import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBillingAccounts1764000000300 implements MigrationInterface {
  name = 'CreateBillingAccounts1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing_accounts (
        company_id uuid PRIMARY KEY,
        status text NOT NULL DEFAULT 'active',
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing_accounts`);
  }
}
