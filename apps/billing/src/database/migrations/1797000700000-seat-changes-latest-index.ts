import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A company's current seat count is its latest seat change's `active_after`: found through this index in
 * one step, where summing every change of the company grew with its history (and ran for every member
 * event).
 */
export class SeatChangesLatestIndex1797000700000 implements MigrationInterface {
  name = 'SeatChangesLatestIndex1797000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX seat_changes_company_latest_idx ON seat_changes (company_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX seat_changes_company_latest_idx`);
  }
}
