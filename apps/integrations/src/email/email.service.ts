import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { Brand, RenderedMail } from './templates';

export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface QueuedMail {
  kind: string;
  sourceEventId: string | null;
  companyId: string | null;
  to: string;
  mail: RenderedMail;
  attachments?: MailAttachment[];
}

/** The e-mail outbox: mails are queued in the caller's transaction and sent (with retries) by the Mailer. */
@Injectable()
export class EmailService {
  async enqueue(manager: EntityManager, queued: QueuedMail): Promise<void> {
    await manager.query(
      `INSERT INTO email_outbox (id, kind, source_event_id, company_id, recipient, subject, html, text_body, attachments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source_event_id) DO NOTHING`,
      [
        randomUUID(),
        queued.kind,
        queued.sourceEventId,
        queued.companyId,
        queued.to,
        queued.mail.subject,
        queued.mail.html,
        queued.mail.text,
        queued.attachments ? JSON.stringify(queued.attachments) : null,
      ],
    );
  }

  async brandOf(manager: EntityManager, companyId: string | null): Promise<Brand> {
    if (!companyId) return { name: null, primaryColor: null, logoUrl: null };
    const [row]: Array<{ name: string | null; primary_color: string | null; logo_url: string | null }> =
      await manager.query(`SELECT name, primary_color, logo_url FROM email_brands WHERE company_id = $1`, [
        companyId,
      ]);
    return {
      name: row?.name ?? null,
      primaryColor: row?.primary_color ?? null,
      logoUrl: row?.logo_url ?? null,
    };
  }

  /** Keeps the company look current from directory's company and branding events (seen by the fan-out). */
  async applyBrandEvent(event: EventEnvelope, manager: EntityManager): Promise<void> {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const companyId = typeof data.companyId === 'string' ? data.companyId : null;
    if (!companyId) return;
    if (
      event.type === 'directory.events.company.created' ||
      event.type === 'directory.events.company.updated'
    ) {
      if (typeof data.name !== 'string') return;
      await manager.query(
        `INSERT INTO email_brands (company_id, name) VALUES ($1, $2)
         ON CONFLICT (company_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
        [companyId, data.name],
      );
    } else if (event.type === 'directory.events.company.branding_updated') {
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      await manager.query(
        `INSERT INTO email_brands (company_id, primary_color, logo_url) VALUES ($1, $2, $3)
         ON CONFLICT (company_id) DO UPDATE SET primary_color = EXCLUDED.primary_color,
           logo_url = EXCLUDED.logo_url, updated_at = now()`,
        [companyId, text(data.primaryColor), text(data.logoUrl)],
      );
    }
  }
}
