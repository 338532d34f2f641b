import { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX } from '@roster/messaging';

/**
 * Billing's `idempotency_keys` (scope, key, request_hash, response, created_at) becomes the platform's shape
 * (IdempotencyKeys, libs/messaging): a lease for requests that call Stripe before their commit, and an expiry.
 * Rows of the old scheme (scoped by company, not by actor) are never looked up again; they expire in 24 h.
 * An old row left "in progress" (no response, no lease) may be taken over at once.
 */
export class PlatformIdempotencyKeys1797000400000 implements MigrationInterface {
  name = 'PlatformIdempotencyKeys1797000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE idempotency_keys
        ADD COLUMN holder uuid,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN expires_at timestamptz`);
    await q.query(`UPDATE idempotency_keys SET expires_at = now() + interval '24 hours'`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN expires_at SET NOT NULL`);
    await q.query(CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idempotency_keys_expires_at_idx`);
    await q.query(
      `ALTER TABLE idempotency_keys DROP COLUMN holder, DROP COLUMN locked_until, DROP COLUMN expires_at`,
    );
  }
}
