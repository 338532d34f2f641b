import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { backoff, claimDueRows, OUTBOX_RETRY_CAP_SECONDS, Poller } from '../common/outbox-worker';
import { IntegrationsConfig } from '../config/integrations.config';
import { SmsSendError, SmsSender } from './sms-sender';

interface SmsRow {
  id: string;
  kind: string;
  recipient: string;
  body: string;
  attempts: number;
  expired: boolean;
}

/** The last four digits only: numbers in logs are personal data. */
export function maskNumber(number: string): string {
  return number.length > 4 ? `…${number.slice(-4)}` : '…';
}

/**
 * Sends the SMS outbox through the SmsSender port (Twilio). Rows are claimed with a lease (`FOR UPDATE SKIP
 * LOCKED`, so replicas share the work); a retryable failure (network, timeout, 429, 5xx) is tried again after an
 * exponential backoff up to SMS_MAX_ATTEMPTS; any other refusal (e.g. Twilio 21211, invalid number) fails at
 * once with the reason. The body (the code) is erased once the message is sent or failed. Logs never hold it.
 */
@Injectable()
export class SmsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmsWorker.name);
  private readonly poller = new Poller(() => this.drain());
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IntegrationsConfig,
    private readonly sender: SmsSender | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.sender) {
      this.logger.warn(
        'SMS is not configured (SMS_TWILIO_*): phone verification codes are recorded as failed, not sent',
      );
      return;
    }
    this.poller.start(this.config.WORKER_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
  }

  private claim(): Promise<SmsRow[]> {
    return claimDueRows<SmsRow>(
      this.dataSource,
      'sms_outbox',
      'id, kind, recipient, body, attempts, coalesce(expires_at < now(), false) AS expired',
      (this.config.SMS_TIMEOUT_MS * 2) / 1000 + 10,
    );
  }

  async drain(): Promise<void> {
    try {
      const batch = await this.claim();
      await Promise.all(batch.map((row) => this.send(row)));
    } catch (error) {
      if (!this.stopped) this.logger.warn(`SMS outbox drain failed: ${String(error)}`);
    }
  }

  private async send(row: SmsRow): Promise<void> {
    const sender = this.sender as SmsSender;
    const attempts = row.attempts + 1;
    if (row.expired) {
      this.logger.warn(`SMS ${row.id} (${row.kind}) expired before it could be sent; giving up`);
      await this.dataSource.query(
        `UPDATE sms_outbox SET status = 'failed', body = NULL, locked_until = NULL,
           last_error = coalesce(last_error || '; ', '') || 'expired before it could be sent' WHERE id = $1`,
        [row.id],
      );
      return;
    }
    try {
      const receipt = await sender.send({ to: row.recipient, body: row.body });
      await this.dataSource.query(
        `UPDATE sms_outbox SET status = 'sent', sent_at = now(), attempts = $2, locked_until = NULL,
           last_error = NULL, body = NULL, provider_message_id = $3 WHERE id = $1`,
        [row.id, attempts, receipt.providerMessageId],
      );
      this.logger.log(
        `Sent ${row.kind} SMS ${row.id} to ${maskNumber(row.recipient)} (${receipt.providerMessageId}, ${receipt.status})`,
      );
    } catch (error) {
      const retryable = error instanceof SmsSendError ? error.retryable : true;
      const give = !retryable || attempts >= this.config.SMS_MAX_ATTEMPTS;
      const message = String((error as Error)?.message ?? error).slice(0, 500);
      this.logger.warn(
        `SMS ${row.id} (${row.kind}) to ${maskNumber(row.recipient)} failed, attempt ${attempts}: ${message}${give ? '; giving up' : ''}`,
      );
      await this.dataSource.query(
        `UPDATE sms_outbox SET attempts = $2, last_error = $3, locked_until = NULL,
           status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END,
           body = CASE WHEN $4 THEN NULL ELSE body END,
           next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [
          row.id,
          attempts,
          message,
          give,
          backoff(attempts, this.config.SMS_RETRY_BASE_SECONDS, OUTBOX_RETRY_CAP_SECONDS),
        ],
      );
    }
  }
}
