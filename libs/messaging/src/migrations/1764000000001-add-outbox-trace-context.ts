import { MigrationInterface, QueryRunner } from 'typeorm';

/** The W3C `traceparent` of the change that wrote the event, so the trace continues through JetStream. */
export class AddOutboxTraceContext1764000000001 implements MigrationInterface {
  name = 'AddOutboxTraceContext1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN traceparent text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
