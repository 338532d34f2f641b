import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SMS outbox (phone verification codes), like `email_outbox`: one row per source event, sent with retries
 * by the SmsWorker. `body` holds the code until the message is sent or failed, then it is erased.
 * `expires_at`: past it (the code expired) the message is failed instead of sent.
 */
export class SmsOutbox1797000700000 implements MigrationInterface {
  name = 'SmsOutbox1797000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_outbox (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        source_event_id uuid UNIQUE,
        company_id uuid,
        user_id uuid,
        recipient text NOT NULL,
        body text,
        expires_at timestamptz,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        provider_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sms_outbox`);
  }
}
