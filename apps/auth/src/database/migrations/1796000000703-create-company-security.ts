import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What auth knows of companies from directory's events, for the 2FA policy at login and the adoption
 * statistics: each company's policy and its memberships (with the member-change sequence, so that
 * redelivered or out-of-order events never go back in time).
 */
export class CreateCompanySecurity1796000000703 implements MigrationInterface {
  name = 'CreateCompanySecurity1796000000703';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE company_policies (
        company_id uuid PRIMARY KEY,
        enforced_2fa boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE company_members (
        company_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        status text NOT NULL,
        present boolean NOT NULL,
        sequence integer NOT NULL,
        PRIMARY KEY (company_id, user_id)
      )`);
    await q.query(`CREATE INDEX company_members_user_idx ON company_members (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE company_members`);
    await q.query(`DROP TABLE company_policies`);
  }
}
