import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventEnvelope,
  InvoiceFinalized,
  InvoiceFinalizedData,
  SubscriptionUpdated,
  SubscriptionUpdatedData,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { PsaJobsService } from './psa-jobs.service';

/** Seats billed on an invoice: the seat lines' quantity (lines mentioning "seat"), else the largest line. */
export function seatsOnInvoice(data: InvoiceFinalizedData): number {
  const seatLines = data.lines.filter((l) => /seat/i.test(l.description));
  if (seatLines.length) return seatLines.reduce((sum, l) => sum + l.quantity, 0);
  return data.lines.reduce((max, l) => Math.max(max, l.quantity), 0);
}

/** Billing's seat counts become billing sync runs for every mapping of the company (the PSA call is queued). */
@Injectable()
export class BillingListeners {
  constructor(private readonly jobs: PsaJobsService) {}

  @OnEvent(SubscriptionUpdated)
  async subscriptionUpdated(event: EventEnvelope<SubscriptionUpdatedData>, manager: EntityManager) {
    const quantity = event.data.status === 'canceled' ? 0 : event.data.quantity;
    await this.jobs.queueSeatSync(manager, event.data.companyId, event.eventId, {
      quantity,
      source: 'subscription',
    });
  }

  @OnEvent(InvoiceFinalized)
  async invoiceFinalized(event: EventEnvelope<InvoiceFinalizedData>, manager: EntityManager) {
    await this.jobs.queueSeatSync(manager, event.data.companyId, event.eventId, {
      quantity: seatsOnInvoice(event.data),
      source: 'invoice',
    });
  }
}
