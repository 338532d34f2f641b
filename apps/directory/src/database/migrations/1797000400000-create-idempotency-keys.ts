import { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX, CREATE_IDEMPOTENCY_KEYS_TABLE } from '@roster/messaging';

/** Idempotency-Key of company creation, member additions and invitations (IdempotencyKeys, libs/messaging). */
export class CreateIdempotencyKeys1797000400000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1797000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(CREATE_IDEMPOTENCY_KEYS_TABLE);
    await q.query(CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
