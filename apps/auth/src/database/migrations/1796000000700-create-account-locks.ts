import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per account: its latest brute-force lock (AccountLocked is emitted once per lock). */
export class CreateAccountLocks1796000000700 implements MigrationInterface {
  name = 'CreateAccountLocks1796000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_locks (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        locked_at timestamptz NOT NULL,
        locked_until timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_locks`);
  }
}
