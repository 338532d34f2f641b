import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AccountLocked,
  AccountLockedData,
  EventEnvelope,
  PaymentFailed,
  PaymentFailedData,
  TwoFactorDisabled,
  TwoFactorDisabledData,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { PsaJobsService } from '../billing-sync/psa-jobs.service';
import { alertByKey } from './alerts';
import { TicketJobPayload } from './ticket-runner';

/** A stable id per (event, company), so a redelivered event queues nothing new. */
function occurrenceId(eventId: string, companyId: string): string {
  const h = createHash('sha256').update(`${eventId}:${companyId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Platform events that match an alert queue a ticket job for every PSA integration that maps the company,
 * has automatic ticketing on and the alert enabled. The PSA call happens in PsaWorker.
 */
@Injectable()
export class AlertListeners {
  constructor(private readonly jobs: PsaJobsService) {}

  @OnEvent(AccountLocked)
  async accountLocked(event: EventEnvelope<AccountLockedData>, manager: EntityManager) {
    const { userId, email, until } = event.data;
    await this.forUser(manager, event, userId, 'account-locked', {
      summary: `User ${email} locked out`,
      description: `Roster locked the account of ${email} (user ${userId}) after repeated failed logins, until ${until}.`,
    });
  }

  @OnEvent(TwoFactorDisabled)
  async twoFactorDisabled(event: EventEnvelope<TwoFactorDisabledData>, manager: EntityManager) {
    const { userId, method, disabledAt } = event.data;
    await this.forUser(manager, event, userId, 'two-factor-disabled', {
      summary: `Two-factor authentication disabled for user ${userId}`,
      description: `User ${userId} turned off two-factor authentication (${method}) at ${disabledAt}.`,
    });
  }

  @OnEvent(PaymentFailed)
  async paymentFailed(event: EventEnvelope<PaymentFailedData>, manager: EntityManager) {
    const d = event.data;
    const amount = `${(d.amountMinor / 100).toFixed(2)} ${d.currency}`;
    await this.queue(manager, event.eventId, d.companyId, {
      alertId: alertByKey('payment-failed').id,
      subject: `company:${d.companyId}`,
      summary: `Payment of ${amount} failed`,
      description: `Payment for invoice ${d.invoiceId} (${amount}) failed on attempt ${d.attempt}: ${d.reason}.${
        d.nextRetryAt ? ` Next retry ${d.nextRetryAt}.` : ''
      }`,
    });
  }

  private async forUser(
    manager: EntityManager,
    event: EventEnvelope,
    userId: string,
    alertKey: string,
    text: { summary: string; description: string },
  ) {
    const companies: Array<{ company_id: string }> = event.tenantId
      ? [{ company_id: event.tenantId }]
      : await manager.query(`SELECT company_id FROM integration_members WHERE user_id = $1 AND active`, [
          userId,
        ]);
    for (const { company_id } of companies)
      await this.queue(manager, event.eventId, company_id, {
        alertId: alertByKey(alertKey).id,
        subject: `user:${userId}@company:${company_id}`,
        ...text,
      });
  }

  private async queue(manager: EntityManager, eventId: string, companyId: string, payload: TicketJobPayload) {
    const targets: Array<{ integration_id: string }> = await manager.query(
      `SELECT m.integration_id FROM integration_mappings m
         JOIN integrations i ON i.id = m.integration_id AND (i.settings->>'automaticTicketing')::boolean
         JOIN alert_configurations a ON a.integration_id = m.integration_id AND a.alert_id = $2 AND a.should_create_tickets
        WHERE m.company_id = $1`,
      [companyId, payload.alertId],
    );
    for (const { integration_id } of targets)
      await this.jobs.enqueue(manager, {
        integrationId: integration_id,
        kind: 'ticket',
        companyId,
        sourceEventId: occurrenceId(eventId, companyId),
        payload,
      });
  }
}
