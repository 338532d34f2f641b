import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { backoff, claimDueRows, OUTBOX_RETRY_CAP_SECONDS, Poller } from '../common/outbox-worker';
import { IntegrationsConfig } from '../config/integrations.config';
import type { MailAttachment } from './email.service';

interface OutboxRow {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  html: string | null;
  text_body: string | null;
  attachments: MailAttachment[] | null;
  attempts: number;
}

/**
 * Sends the e-mail outbox by SMTP (SMTP_URL). Without SMTP_URL, nothing leaves the process: each mail is
 * logged as "would send" (kind, recipient, subject; never the body, which holds tokens and codes).
 * A sent mail's body is erased, so links and codes do not stay at rest.
 */
@Injectable()
export class Mailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private transport?: Transporter;
  private readonly poller = new Poller(() => this.drain());
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IntegrationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SMTP_URL) {
      const timeout = this.config.EMAIL_TIMEOUT_MS;
      this.transport = createTransport(this.config.SMTP_URL, {
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      } as never);
    } else {
      this.logger.warn('SMTP_URL is not set: e-mails are logged as "would send", not sent');
    }
    this.poller.start(this.config.WORKER_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
    this.transport?.close();
  }

  private claim(): Promise<OutboxRow[]> {
    return claimDueRows<OutboxRow>(
      this.dataSource,
      'email_outbox',
      'id, kind, recipient, subject, html, text_body, attachments, attempts',
      (this.config.EMAIL_TIMEOUT_MS * 3) / 1000 + 10,
    );
  }

  async drain(): Promise<void> {
    try {
      const batch = await this.claim();
      // Mails to different recipients go out side by side; one slow SMTP exchange does not hold the rest.
      await Promise.all(batch.map((row) => this.send(row)));
    } catch (error) {
      if (!this.stopped) this.logger.warn(`Mail outbox drain failed: ${String(error)}`);
    }
  }

  private async send(row: OutboxRow): Promise<void> {
    try {
      if (this.transport) {
        await this.transport.sendMail({
          from: this.config.MAIL_FROM,
          to: row.recipient,
          subject: row.subject,
          html: row.html ?? undefined,
          text: row.text_body ?? undefined,
          attachments: (row.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
        });
        this.logger.log(`Sent ${row.kind} mail ${row.id} to ${row.recipient}`);
      } else {
        this.logger.log(
          `Would send ${row.kind} mail ${row.id} to ${row.recipient}: "${row.subject}" (SMTP_URL not set)`,
        );
      }
      await this.dataSource.query(
        `UPDATE email_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, locked_until = NULL,
           last_error = NULL, html = NULL, text_body = NULL, attachments = NULL WHERE id = $1`,
        [row.id],
      );
    } catch (error) {
      const attempts = row.attempts + 1;
      // A permanent SMTP refusal (5xx, e.g. an unknown mailbox) will not get better with retries.
      const responseCode = (error as { responseCode?: number }).responseCode ?? 0;
      const give = attempts >= this.config.EMAIL_MAX_ATTEMPTS || (responseCode >= 500 && responseCode < 600);
      const message = String((error as Error).message ?? error).slice(0, 500);
      this.logger.warn(
        `Mail ${row.id} (${row.kind}) failed, attempt ${attempts}: ${message}${give ? '; giving up' : ''}`,
      );
      await this.dataSource.query(
        `UPDATE email_outbox SET attempts = $2, last_error = $3, locked_until = NULL,
           status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END,
           next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [
          row.id,
          attempts,
          message,
          give,
          backoff(attempts, this.config.EMAIL_RETRY_BASE_SECONDS, OUTBOX_RETRY_CAP_SECONDS),
        ],
      );
    }
  }
}
