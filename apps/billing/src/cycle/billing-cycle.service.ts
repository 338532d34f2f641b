import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, BillingCycleResult, SubscriptionResponse } from '@roster/contracts';
import { EventMeta } from '@roster/messaging';
import { Clock } from '../common/clock';
import { BillingConfig } from '../config/billing.config';
import { InvoicesService } from '../invoices/invoices.service';
import { addInterval } from '../invoices/proration';
import { PaymentsService } from '../payments/payments.service';
import { PlansService } from '../plans/plans.service';
import { SeatsService } from '../seats/seats.service';
import {
  LIVE_STATUSES,
  SubscriptionRow,
  SubscriptionsService,
  systemEventMeta,
} from '../subscriptions/subscriptions.service';

/** Periods a single run catches up on per subscription (a service that was down for a long time). */
const MAX_PERIODS_PER_RUN = 24;

/**
 * The billing cycle: every subscription whose period ended gets its invoice (a trial just ends), moves to the
 * next period (a scheduled downgrade or cancellation takes effect), and its invoice is charged; open invoices
 * whose retry is due are charged again (dunning); seat counts are reconciled with directory. It runs on a
 * timer in the service (BILLING_CYCLE_INTERVAL_MS) and on demand (RunBillingCycle, for operators and tests).
 */
@Injectable()
export class BillingCycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BillingCycleService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<BillingCycleResult> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
    private readonly plans: PlansService,
    private readonly seats: SeatsService,
    private readonly clock: Clock,
    private readonly config: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.BILLING_CYCLE_INTERVAL_MS > 0)
      this.timer = setInterval(() => {
        this.run().catch((error: unknown) => this.logger.error(`Billing cycle failed: ${String(error)}`));
      }, this.config.BILLING_CYCLE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One run at a time per process (replicas are safe too: rows are locked, SKIP LOCKED). */
  async run(
    options: { reconcile?: boolean; companyId?: string; asOf?: Date } = {},
  ): Promise<BillingCycleResult> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.runOnce(
      options.reconcile ?? true,
      options.companyId ?? null,
      options.asOf ?? this.clock.now(),
    );
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  private async runOnce(reconcile: boolean, only: string | null, now: Date): Promise<BillingCycleResult> {
    const result: BillingCycleResult = {
      ranAt: now.toISOString(),
      invoicesIssued: 0,
      paymentsAttempted: 0,
      subscriptionsCanceled: 0,
      seatsCorrected: 0,
    };
    const due = await this.dataSource.query<Array<{ company_id: string }>>(
      `SELECT company_id FROM subscriptions WHERE status = ANY($1) AND current_period_end <= $2
         AND ($3::uuid IS NULL OR company_id = $3)`,
      [LIVE_STATUSES, now, only],
    );
    const toCharge: Array<{ companyId: string; invoiceId: string }> = [];
    for (const { company_id } of due) {
      const outcome = await this.advance(company_id, now);
      result.invoicesIssued += outcome.invoiceIds.length;
      if (outcome.canceled) result.subscriptionsCanceled++;
      toCharge.push(...outcome.invoiceIds.map((invoiceId) => ({ companyId: company_id, invoiceId })));
    }
    const retries = await this.dataSource.query<Array<{ company_id: string; id: string }>>(
      `SELECT company_id, id FROM invoices WHERE status = 'open' AND next_payment_attempt_at <= $1
         AND ($2::uuid IS NULL OR company_id = $2)`,
      [now, only],
    );
    toCharge.push(...retries.map((r) => ({ companyId: r.company_id, invoiceId: r.id })));
    for (const { companyId, invoiceId } of toCharge) {
      const before = await this.subscriptions.find(companyId, this.dataSource.manager);
      const invoice = await this.invoices.get(companyId, invoiceId);
      if (invoice.status !== 'open') continue;
      result.paymentsAttempted++;
      await this.payments.collect(companyId, invoiceId, systemEventMeta(companyId));
      const after = await this.subscriptions.find(companyId, this.dataSource.manager);
      if (before?.status !== 'canceled' && after?.status === 'canceled') result.subscriptionsCanceled++;
    }
    if (reconcile) {
      const live = await this.dataSource.query<Array<{ company_id: string }>>(
        `SELECT company_id FROM subscriptions WHERE status = ANY($1) AND ($2::uuid IS NULL OR company_id = $2)`,
        [LIVE_STATUSES, only],
      );
      result.seatsCorrected = await this.seats.reconcile(live.map((r) => r.company_id));
    }
    return result;
  }

  /** Closes every period of one subscription that ended by `now`; returns the invoices issued. */
  private async advance(companyId: string, now: Date): Promise<{ invoiceIds: string[]; canceled: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const [locked] = await manager.query<SubscriptionRow[]>(
        `SELECT * FROM subscriptions WHERE company_id = $1 FOR UPDATE SKIP LOCKED`,
        [companyId],
      );
      const invoiceIds: string[] = [];
      let sub: SubscriptionRow | undefined = locked;
      const meta = systemEventMeta(companyId);
      for (let i = 0; sub && i < MAX_PERIODS_PER_RUN; i++) {
        if (!LIVE_STATUSES.includes(sub.status) || sub.current_period_end > now) break;
        const start = sub.current_period_start;
        const end = sub.current_period_end;
        if (sub.status !== 'trialing') {
          const invoice = await this.invoices.issue(manager, sub, start, end, end, meta);
          if (invoice.status === 'open') invoiceIds.push(invoice.id!);
        }
        if (sub.cancel_at_period_end) {
          await this.subscriptions.transition(manager, sub, 'canceled', 'canceled_at_period_end', {}, meta, {
            canceled_at: end,
          });
          return { invoiceIds, canceled: true };
        }
        const planId = sub.pending_plan_id ?? sub.plan_id;
        const plan = await this.plans.require(planId, manager);
        const next = addInterval(end, plan.interval, plan.intervalCount);
        if (sub.pending_plan_id)
          await this.subscriptions.log(manager, companyId, end, 'downgraded', sub.status, sub.status, {
            fromPlanId: sub.plan_id,
            toPlanId: planId,
          });
        const status = sub.status === 'trialing' ? 'active' : sub.status;
        sub = await this.subscriptions.transition(
          manager,
          sub,
          status,
          sub.status === 'trialing' ? 'trial_ended' : 'period_renewed',
          { periodStart: end.toISOString(), periodEnd: next.toISOString() },
          meta,
          { plan_id: planId, pending_plan_id: null, current_period_start: end, current_period_end: next },
        );
      }
      return { invoiceIds, canceled: false };
    });
  }

  /** Cancel now: the final invoice charges the period up to this moment (a trial is canceled for free). */
  async cancelNow(companyId: string, eventMeta: EventMeta): Promise<SubscriptionResponse> {
    const invoiceId = await this.dataSource.transaction(async (manager) => {
      const sub = await this.subscriptions.require(companyId, manager, true);
      if (sub.status === 'canceled') throw new AppError('CONFLICT', 'The subscription is canceled already');
      const now = this.clock.now();
      let id: string | null = null;
      if (sub.status !== 'trialing') {
        const invoice = await this.invoices.issue(
          manager,
          sub,
          sub.current_period_start,
          sub.current_period_end,
          now,
          eventMeta,
        );
        if (invoice.status === 'open') id = invoice.id;
      }
      await this.subscriptions.transition(
        manager,
        sub,
        'canceled',
        'canceled',
        { immediately: true, finalInvoiceId: id },
        eventMeta,
        {
          canceled_at: now,
          cancel_at_period_end: false,
        },
      );
      return id;
    });
    if (invoiceId) await this.payments.collect(companyId, invoiceId, eventMeta).catch(() => undefined);
    return this.subscriptions.response(
      await this.subscriptions.require(companyId, this.dataSource.manager),
      this.dataSource.manager,
    );
  }
}
