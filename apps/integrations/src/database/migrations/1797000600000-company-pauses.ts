import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Companies whose deliveries integrations paused because directory deleted them (until restored or purged),
 * with the recipes the pause disabled (only those are enabled again on restore). Paused webhook endpoints
 * are marked by their `disabled_reason` instead. A row with `restored_at` is no pause: it remembers the last
 * restore, so its deletion arriving late (after the restore overtook it) is ignored.
 */
export class CompanyPauses1797000600000 implements MigrationInterface {
  name = 'CompanyPauses1797000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE company_pauses (
        company_id uuid PRIMARY KEY,
        deleted_at timestamptz NOT NULL,
        recipe_ids uuid[] NOT NULL DEFAULT '{}',
        paused_at timestamptz NOT NULL DEFAULT now(),
        restored_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE company_pauses`);
  }
}
