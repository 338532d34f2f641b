import { MigrationInterface, QueryRunner } from 'typeorm';

/** Invitations match any validated e-mail of a user: look contact methods up by address. */
export class VerifiedEmailIndex1797000200100 implements MigrationInterface {
  name = 'VerifiedEmailIndex1797000200100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX contact_methods_verified_email_idx ON contact_methods (lower(value))
        WHERE kind = 'email' AND verified_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_methods_verified_email_idx`);
  }
}
