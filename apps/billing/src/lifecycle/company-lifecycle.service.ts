import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyDeletedData, CompanyPurgedData, CompanyRestoredData, EventEnvelope } from '@roster/contracts';
import { Clock } from '../common/clock';
import { InvoicesService } from '../invoices/invoices.service';
import { PaymentProvider } from '../payments/payment-provider';
import { LIVE_STATUSES, SubscriptionsService, systemEventMeta } from '../subscriptions/subscriptions.service';

interface DeletionRow {
  company_id: string;
  deleted_at: Date;
  cancel_scheduled: boolean;
  restored_at: Date | null;
  purged_at: Date | null;
}

/** Why billing touched a subscription, in its billing log (`detail.reason`). */
export const LIFECYCLE_REASONS = {
  deleted: 'company_deleted',
  restored: 'company_restored',
  purged: 'company_purged',
} as const;

/**
 * Billing's side of a company's deletion (directory's `company.deleted` → `restored` | `purged`):
 *
 * - **deleted**: a live subscription is set to cancel at the period end (the model's own "stop renewing";
 *   billing has no pause). The period the company used is still invoiced at its end, in arrears, like any
 *   cancellation at period end. `company_deletions.cancel_scheduled` records whether billing scheduled the
 *   cancellation: false when the customer had already scheduled it themselves.
 * - **restored**: resumes the subscription only when billing scheduled the cancellation and it is still
 *   pending (a period that ended during the deletion canceled it: the company subscribes again).
 * - **purged**: a subscription still live is canceled at once, as `DELETE …?immediately=true` does: a final
 *   invoice up to this moment (nothing is refunded; a trial ends for free). The company's card is deleted and
 *   detached at the payment provider, so that invoice is not charged automatically: it stays `open` for an
 *   operator to mark paid or void. Invoices, their lines and the billing log are kept (legal record).
 *
 * Each handler runs in the event's transaction (processed-event ledger), so a redelivery changes nothing,
 * and every subscription change is logged and published as `billing.events.subscription.updated`.
 */
@Injectable()
export class CompanyLifecycleService {
  private readonly logger = new Logger(CompanyLifecycleService.name);

  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly invoices: InvoicesService,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
  ) {}

  async deleted(event: EventEnvelope<CompanyDeletedData>, manager: EntityManager): Promise<void> {
    const { companyId, deletedAt } = event.data;
    const known = await this.deletion(manager, companyId);
    // A restore of this very deletion that overtook it: nothing to stop any more.
    if (
      known &&
      known.deleted_at.getTime() === Date.parse(deletedAt) &&
      (known.restored_at || known.purged_at)
    )
      return;
    let sub = await this.subscriptions.find(companyId, manager, true);
    const schedule = !!sub && LIVE_STATUSES.includes(sub.status) && !sub.cancel_at_period_end;
    await manager.query(
      `INSERT INTO company_deletions (company_id, deleted_at, cancel_scheduled)
       VALUES ($1, $2, $3)
       ON CONFLICT (company_id) DO UPDATE SET deleted_at = $2, cancel_scheduled = $3, restored_at = NULL,
         purged_at = NULL, updated_at = now()`,
      [companyId, deletedAt, schedule],
    );
    if (!sub || !schedule) return;
    sub = await this.subscriptions.patch(manager, sub.id, { cancel_at_period_end: true });
    await this.subscriptions.log(
      manager,
      companyId,
      this.clock.now(),
      'cancel_scheduled',
      sub.status,
      sub.status,
      {
        reason: LIFECYCLE_REASONS.deleted,
      },
    );
    await this.subscriptions.emit(manager, sub, sub.status, systemEventMeta(companyId));
  }

  async restored(event: EventEnvelope<CompanyRestoredData>, manager: EntityManager): Promise<void> {
    const { companyId, deletedAt, restoredAt } = event.data;
    const known = await this.deletion(manager, companyId, true);
    if (known?.purged_at) return;
    if (!known || known.restored_at) {
      // No deletion pending here: the restore overtook its deletion. Remember it, so that deletion is ignored.
      await manager.query(
        `INSERT INTO company_deletions (company_id, deleted_at, cancel_scheduled, restored_at)
         VALUES ($1, $2, false, $3)
         ON CONFLICT (company_id) DO UPDATE SET deleted_at = $2, cancel_scheduled = false, restored_at = $3,
           updated_at = now()`,
        [companyId, deletedAt, restoredAt],
      );
      return;
    }
    // A pending deletion is only undone by the restore of that deletion.
    if (known.deleted_at.getTime() !== Date.parse(deletedAt)) return;
    await manager.query(
      `UPDATE company_deletions SET restored_at = $2, updated_at = now() WHERE company_id = $1`,
      [companyId, restoredAt],
    );
    if (!known.cancel_scheduled) return;
    let sub = await this.subscriptions.find(companyId, manager, true);
    if (!sub || !LIVE_STATUSES.includes(sub.status) || !sub.cancel_at_period_end) return;
    sub = await this.subscriptions.patch(manager, sub.id, { cancel_at_period_end: false });
    await this.subscriptions.log(manager, companyId, this.clock.now(), 'resumed', sub.status, sub.status, {
      reason: LIFECYCLE_REASONS.restored,
    });
    await this.subscriptions.emit(manager, sub, sub.status, systemEventMeta(companyId));
  }

  async purged(event: EventEnvelope<CompanyPurgedData>, manager: EntityManager): Promise<void> {
    const { companyId, deletedAt, purgedAt } = event.data;
    const meta = systemEventMeta(companyId);
    await manager.query(
      `INSERT INTO company_deletions (company_id, deleted_at, purged_at) VALUES ($1, $2, $3)
       ON CONFLICT (company_id) DO UPDATE SET purged_at = $3, updated_at = now()`,
      [companyId, deletedAt, purgedAt],
    );
    const sub = await this.subscriptions.find(companyId, manager, true);
    if (sub && sub.status !== 'canceled') {
      const now = this.clock.now();
      let finalInvoiceId: string | null = null;
      if (sub.status !== 'trialing') {
        const invoice = await this.invoices.issue(
          manager,
          sub,
          sub.current_period_start,
          sub.current_period_end,
          now < sub.current_period_end ? now : sub.current_period_end,
          meta,
        );
        finalInvoiceId = invoice.id;
      }
      await this.subscriptions.transition(
        manager,
        sub,
        'canceled',
        'canceled',
        { immediately: true, reason: LIFECYCLE_REASONS.purged, finalInvoiceId },
        meta,
        { canceled_at: now, cancel_at_period_end: false, pending_plan_id: null },
      );
    }
    const cards = await manager.query<Array<{ provider: string; provider_payment_method_id: string }>>(
      `SELECT provider, provider_payment_method_id FROM payment_methods WHERE company_id = $1`,
      [companyId],
    );
    await manager.query(`DELETE FROM payment_methods WHERE company_id = $1`, [companyId]);
    for (const card of cards) {
      if (card.provider !== this.provider.name) continue;
      try {
        await this.provider.detach(card.provider_payment_method_id);
      } catch (error) {
        // The card row is gone either way; a card left at the provider is only logged (no id of ours uses it).
        this.logger.warn(`Could not detach the card of purged company ${companyId}: ${String(error)}`);
      }
    }
    if (cards.length)
      await this.subscriptions.log(
        manager,
        companyId,
        this.clock.now(),
        'payment_method_removed',
        null,
        null,
        {
          reason: LIFECYCLE_REASONS.purged,
        },
      );
  }

  private async deletion(
    manager: EntityManager,
    companyId: string,
    lock = false,
  ): Promise<DeletionRow | null> {
    const rows = await manager.query<DeletionRow[]>(
      `SELECT * FROM company_deletions WHERE company_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [companyId],
    );
    return rows[0] ?? null;
  }
}
