import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationEntity } from '../connections/integration.entity';
import { MappingEntity } from '../mappings/mapping.entity';
import { PsaConnector } from '../psa/psa-connector';
import { PsaJobEntity } from '../billing-sync/psa-job.entity';
import { AlertConfigurationEntity, PsaTicketEntity } from './ticketing.entities';

export interface TicketJobPayload {
  alertId: string;
  subject: string;
  summary: string;
  description: string;
}

/**
 * Opens the ticket of an alert occurrence, once: while the ticket opened earlier for the same alert and
 * subject is still open in the PSA, nothing new is opened. A ticket closed in the PSA frees the subject.
 */
@Injectable()
export class TicketRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run(job: PsaJobEntity, integration: IntegrationEntity, connector: PsaConnector): Promise<string> {
    const p = job.payload as unknown as TicketJobPayload;
    const mapping = await this.dataSource
      .getRepository(MappingEntity)
      .findOneBy({ integrationId: integration.id, companyId: job.companyId! });
    if (!mapping) return 'skipped: the company is not mapped to a PSA company';
    const config = await this.dataSource
      .getRepository(AlertConfigurationEntity)
      .findOneBy({ integrationId: integration.id, alertId: p.alertId });
    if (!config?.shouldCreateTickets || !integration.settings.automaticTicketing)
      return 'skipped: ticketing for this alert is off';

    const tickets = this.dataSource.getRepository(PsaTicketEntity);
    let live = await tickets
      .createQueryBuilder('t')
      .where('t.integration_id = :i AND t.alert_id = :a AND t.subject = :s AND t.status IN (:...live)', {
        i: integration.id,
        a: p.alertId,
        s: p.subject,
        live: ['opening', 'open'],
      })
      .getOne();
    if (live?.status === 'open' && live.psaTicketId) {
      if (await connector.isTicketOpen(live.psaTicketId))
        return `deduplicated: ticket ${live.psaTicketId} is still open for this alert and subject`;
      await tickets.update({ id: live.id }, { status: 'closed' });
      live = null;
    }
    if (!live) {
      live = tickets.create({
        id: randomUUID(),
        integrationId: integration.id,
        alertId: p.alertId,
        subject: p.subject,
        companyId: mapping.companyId,
        psaTicketId: null,
        status: 'opening',
        summary: p.summary,
      });
      await tickets.insert(live);
    }
    // A row left 'opening' by an earlier failed attempt is reused: this job owns the subject now.
    const ticketId = await connector.openTicket({
      psaCompanyId: mapping.psaCompanyId,
      summary: p.summary,
      description: p.description,
      configuration: config.configuration,
    });
    await tickets.update({ id: live.id }, { psaTicketId: ticketId, status: 'open' });
    return `opened ticket ${ticketId}`;
  }

  /** The job was given up: its half-open ticket row no longer blocks the subject. */
  async abandon(job: PsaJobEntity): Promise<void> {
    const p = job.payload as unknown as TicketJobPayload;
    await this.dataSource.query(
      `UPDATE psa_tickets SET status = 'failed', updated_at = now()
        WHERE integration_id = $1 AND alert_id = $2 AND subject = $3 AND status = 'opening'`,
      [job.integrationId, p.alertId, p.subject],
    );
  }
}
