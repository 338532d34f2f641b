import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IntegrationsConfig } from '../config/integrations.config';
import { SMS_NOT_CONFIGURED, twilioSettings } from './sms-sender';

export interface QueuedSms {
  kind: string;
  sourceEventId: string | null;
  companyId: string | null;
  userId: string | null;
  to: string;
  body: string;
  /** The content is worthless after this (a code's expiry): failed instead of sent late. */
  expiresAt?: string | null;
}

/**
 * The SMS outbox: messages are queued in the caller's transaction (one per source event) and sent, with
 * retries, by the SmsWorker. Without a configured provider a message is recorded as failed at once, with the
 * reason and without its body: a code that cannot leave should not wait at rest for a provider that may come
 * after it expired (the user asks for a new code instead).
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(private readonly config: IntegrationsConfig) {}

  get configured(): boolean {
    return twilioSettings(this.config) !== null;
  }

  async enqueue(manager: EntityManager, queued: QueuedSms): Promise<void> {
    const configured = this.configured;
    const id = randomUUID();
    // An INSERT … RETURNING answers its rows: none when the event was already queued.
    const inserted = await manager.query<Array<{ id: string }>>(
      `INSERT INTO sms_outbox (id, kind, source_event_id, company_id, user_id, recipient, body, status, last_error, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source_event_id) DO NOTHING RETURNING id`,
      [
        id,
        queued.kind,
        queued.sourceEventId,
        queued.companyId,
        queued.userId,
        queued.to,
        configured ? queued.body : null,
        configured ? 'pending' : 'failed',
        configured ? null : SMS_NOT_CONFIGURED,
        queued.expiresAt ?? null,
      ],
    );
    if (!configured && inserted.length > 0)
      this.logger.warn(
        `SMS ${id} (${queued.kind}) for user ${queued.userId ?? '-'} not sent: ${SMS_NOT_CONFIGURED}`,
      );
  }
}
