import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ContactVerificationRequested,
  ContactVerificationRequestedData,
  EventEnvelope,
  InvitationSent,
  InvitationSentData,
  InvoiceSendRequested,
  InvoiceSendRequestedData,
  PasswordResetRequested,
  PasswordResetRequestedData,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { IntegrationsConfig } from '../config/integrations.config';
import { SmsService } from '../sms/sms.service';
import { verificationCodeSms } from '../sms/templates';
import { EmailService } from './email.service';
import { invitationMail, invoiceMail, passwordResetMail, verificationCodeMail } from './templates';

/** Turns the platform's "send this" events into queued mails (and phone codes into queued SMS). Tokens and codes go into the mail only, never a log. */
@Injectable()
export class MailListeners {
  constructor(
    private readonly email: EmailService,
    private readonly sms: SmsService,
    private readonly config: IntegrationsConfig,
  ) {}

  private link(path: string, token: string): string {
    return `${this.config.PUBLIC_APP_URL.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
  }

  @OnEvent(InvitationSent)
  async invitation(event: EventEnvelope<InvitationSentData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await this.email.enqueue(manager, {
      kind: 'invitation',
      sourceEventId: event.eventId,
      companyId: d.companyId,
      to: d.email,
      mail: invitationMail(await this.email.brandOf(manager, d.companyId), {
        companyName: d.companyName,
        invitedByName: d.invitedByName,
        role: d.role,
        acceptUrl: this.link('/invitations/accept', d.token),
        expiresAt: d.expiresAt,
      }),
    });
  }

  @OnEvent(PasswordResetRequested)
  async passwordReset(
    event: EventEnvelope<PasswordResetRequestedData>,
    manager: EntityManager,
  ): Promise<void> {
    const d = event.data;
    await this.email.enqueue(manager, {
      kind: 'password_reset',
      sourceEventId: event.eventId,
      companyId: null,
      to: d.email,
      mail: passwordResetMail(await this.email.brandOf(manager, null), {
        resetUrl: this.link('/reset-password', d.token),
        expiresAt: d.expiresAt,
      }),
    });
  }

  @OnEvent(ContactVerificationRequested)
  async verification(
    event: EventEnvelope<ContactVerificationRequestedData>,
    manager: EntityManager,
  ): Promise<void> {
    const d = event.data;
    if (d.kind === 'phone') {
      await this.sms.enqueue(manager, {
        kind: 'verification_code',
        sourceEventId: event.eventId,
        companyId: event.tenantId,
        userId: d.userId,
        to: d.value,
        body: verificationCodeSms(await this.email.brandOf(manager, event.tenantId), d),
        expiresAt: d.expiresAt,
      });
      return;
    }
    await this.email.enqueue(manager, {
      kind: 'verification_code',
      sourceEventId: event.eventId,
      companyId: event.tenantId,
      to: d.value,
      mail: verificationCodeMail(await this.email.brandOf(manager, event.tenantId), {
        code: d.code,
        expiresAt: d.expiresAt,
      }),
    });
  }

  @OnEvent(InvoiceSendRequested)
  async invoice(event: EventEnvelope<InvoiceSendRequestedData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await this.email.enqueue(manager, {
      kind: 'invoice',
      sourceEventId: event.eventId,
      companyId: d.companyId,
      to: d.to,
      mail: invoiceMail(await this.email.brandOf(manager, d.companyId), d),
      attachments: [
        { filename: `invoice-${d.number}.pdf`, contentType: 'application/pdf', contentBase64: d.pdfBase64 },
      ],
    });
  }
}
