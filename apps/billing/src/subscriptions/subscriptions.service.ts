import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CancelSubscription,
  CreateSubscription,
  AppError,
  CreateSubscriptionRequest,
  PaymentProviderName,
  PlanResponse,
  SubscriptionLogEntry,
  SubscriptionResponse,
  SubscriptionStatus,
  SubscriptionUpdated,
  UpdateSubscriptionRequest,
} from '@roster/contracts';
import { EventMeta, IdempotencyKeys, OutboxService } from '@roster/messaging';
import { Clock } from '../common/clock';
import { BillingConfig } from '../config/billing.config';
import { addInterval } from '../invoices/proration';
import { PlansService } from '../plans/plans.service';
import { seatCount } from '../seats/seat-count';

export interface SubscriptionRow {
  id: string;
  company_id: string;
  plan_id: string;
  status: SubscriptionStatus;
  payment_provider: PaymentProviderName;
  current_period_start: Date;
  current_period_end: Date;
  trial_end: Date | null;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  pending_plan_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const LIVE_STATUSES: SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'incomplete'];

export const systemEventMeta = (companyId: string): EventMeta => ({
  tenantId: companyId,
  actor: { type: 'service', id: 'billing' },
});

/**
 * A company's subscription to a plan. Status: `trialing` (plan with trial days) → `active`; `incomplete` when
 * a paid plan is charged by card and no card is on file yet (→ `active` once one is attached); `past_due`
 * after a failed charge (→ `active` when paid, → `canceled` after dunning); `canceled` at the period end or
 * at once. Every transition goes to the company's billing log and out as `SubscriptionUpdated`.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyKeys,
    private readonly plans: PlansService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly config: BillingConfig,
  ) {}

  async find(companyId: string, manager: EntityManager, lock = false): Promise<SubscriptionRow | null> {
    const rows: SubscriptionRow[] = await manager.query(
      `SELECT * FROM subscriptions WHERE company_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [companyId],
    );
    return rows[0] ?? null;
  }

  async require(companyId: string, manager: EntityManager, lock = false): Promise<SubscriptionRow> {
    const row = await this.find(companyId, manager, lock);
    if (!row) throw new AppError('NOT_FOUND', 'This company has no subscription');
    return row;
  }

  async response(row: SubscriptionRow, manager: EntityManager): Promise<SubscriptionResponse> {
    const plan = await this.plans.require(row.plan_id, manager);
    return {
      id: row.id,
      companyId: row.company_id,
      planId: row.plan_id,
      status: row.status,
      quantity: await seatCount(manager, row.company_id),
      seatCap: plan.seatCap,
      currentPeriodStart: row.current_period_start.toISOString(),
      currentPeriodEnd: row.current_period_end.toISOString(),
      trialEnd: row.trial_end?.toISOString() ?? null,
      cancelAtPeriodEnd: row.cancel_at_period_end,
      canceledAt: row.canceled_at?.toISOString() ?? null,
      pendingPlanId: row.pending_plan_id,
      paymentProvider: row.payment_provider,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async get(companyId: string): Promise<SubscriptionResponse> {
    const row = await this.require(companyId, this.dataSource.manager);
    return this.response(row, this.dataSource.manager);
  }

  async create(
    request: CreateSubscriptionRequest,
    operator: boolean,
    eventMeta: EventMeta,
  ): Promise<SubscriptionResponse> {
    if (request.paymentProvider === 'manual' && !operator)
      throw new AppError('FORBIDDEN', 'Only platform operators mark a subscription as paid externally');
    return this.idempotency.transaction(CreateSubscription, async (manager) => {
      const plan = await this.plans.require(request.planId, manager);
      if (!plan.active) throw new AppError('UNPROCESSABLE', `Plan ${plan.id} is not offered any more`);
      const existing = await this.find(request.companyId, manager, true);
      if (existing && existing.status !== 'canceled')
        throw new AppError('CONFLICT', 'The company has a subscription already; change its plan instead');
      const provider: PaymentProviderName =
        this.config.PAYMENT_PROVIDER === 'none' ? 'manual' : (request.paymentProvider ?? 'stripe');
      const now = this.clock.now();
      const [hasCard] = await manager.query<unknown[]>(
        `SELECT 1 FROM payment_methods WHERE company_id = $1`,
        [request.companyId],
      );
      let status: SubscriptionStatus;
      let periodEnd: Date;
      let trialEnd: Date | null = null;
      if (plan.trialDays > 0) {
        status = 'trialing';
        trialEnd = new Date(now.getTime() + plan.trialDays * 86_400_000);
        periodEnd = trialEnd;
      } else {
        status = provider === 'manual' || plan.pricePerSeatMinor === 0 || hasCard ? 'active' : 'incomplete';
        periodEnd = addInterval(now, plan.interval, plan.intervalCount);
      }
      if (existing) await manager.query(`DELETE FROM subscriptions WHERE id = $1`, [existing.id]);
      const [row] = await manager.query<SubscriptionRow[]>(
        `INSERT INTO subscriptions (id, company_id, plan_id, status, payment_provider, current_period_start,
           current_period_end, trial_end, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $6) RETURNING *`,
        [randomUUID(), request.companyId, plan.id, status, provider, now, periodEnd, trialEnd],
      );
      await this.log(manager, row.company_id, now, 'subscribed', null, status, {
        planId: plan.id,
        paymentProvider: provider,
      });
      await this.emit(manager, row, null, eventMeta);
      return this.response(row, manager);
    });
  }

  /**
   * Upgrade (a higher price per seat): now, prorated on the next invoice. Downgrade (lower or equal price):
   * at the period end. `cancelAtPeriodEnd: false` resumes a subscription set to cancel.
   */
  async update(request: UpdateSubscriptionRequest, eventMeta: EventMeta): Promise<SubscriptionResponse> {
    // Also the change of `DELETE .../subscription` (cancel at the period end), which honours Idempotency-Key.
    return this.idempotency.transaction(CancelSubscription, async (manager) => {
      let row = await this.require(request.companyId, manager, true);
      if (row.status === 'canceled')
        throw new AppError('CONFLICT', 'The subscription is canceled; subscribe again');
      const now = this.clock.now();
      if (request.planId !== undefined && request.planId !== row.plan_id) {
        const current = await this.plans.require(row.plan_id, manager);
        const next = await this.plans.require(request.planId, manager);
        if (!next.active) throw new AppError('UNPROCESSABLE', `Plan ${next.id} is not offered any more`);
        if (next.currency !== current.currency)
          throw new AppError('UNPROCESSABLE', 'A plan in another currency needs a new subscription');
        const seats = await seatCount(manager, row.company_id);
        if (next.seatCap !== null && seats > next.seatCap)
          throw new AppError(
            'UNPROCESSABLE',
            `Plan ${next.id} allows ${next.seatCap} seats; the company has ${seats}`,
          );
        if (isUpgrade(current, next) || row.status === 'trialing') {
          row = await this.patch(manager, row.id, { plan_id: next.id, pending_plan_id: null });
          await this.log(manager, row.company_id, now, 'plan_changed', row.status, row.status, {
            fromPlanId: current.id,
            toPlanId: next.id,
            prorated: row.status !== 'trialing',
          });
        } else {
          row = await this.patch(manager, row.id, { pending_plan_id: next.id });
          await this.log(manager, row.company_id, now, 'downgrade_scheduled', row.status, row.status, {
            fromPlanId: current.id,
            toPlanId: next.id,
            at: row.current_period_end.toISOString(),
          });
        }
      } else if (request.planId === row.plan_id && row.pending_plan_id) {
        row = await this.patch(manager, row.id, { pending_plan_id: null });
        await this.log(manager, row.company_id, now, 'downgrade_canceled', row.status, row.status, {});
      }
      if (request.cancelAtPeriodEnd !== undefined && request.cancelAtPeriodEnd !== row.cancel_at_period_end) {
        row = await this.patch(manager, row.id, { cancel_at_period_end: request.cancelAtPeriodEnd });
        const kind = request.cancelAtPeriodEnd ? 'cancel_scheduled' : 'resumed';
        await this.log(manager, row.company_id, now, kind, row.status, row.status, {});
      }
      await this.emit(manager, row, row.status, eventMeta);
      return this.response(row, manager);
    });
  }

  async patch(
    manager: EntityManager,
    id: string,
    changes: Record<string, unknown>,
  ): Promise<SubscriptionRow> {
    const keys = Object.keys(changes);
    const set = [...keys.map((k, i) => `${k} = $${i + 2}`), `updated_at = $${keys.length + 2}`].join(', ');
    const [rows] = await manager.query<[SubscriptionRow[], number]>(
      `UPDATE subscriptions SET ${set} WHERE id = $1 RETURNING *`,
      [id, ...keys.map((k) => changes[k]), this.clock.now()],
    );
    return rows[0];
  }

  /** Moves the status, logs the transition and announces it. */
  async transition(
    manager: EntityManager,
    row: SubscriptionRow,
    to: SubscriptionStatus,
    kind: string,
    detail: Record<string, unknown>,
    eventMeta: EventMeta,
    extra: Record<string, unknown> = {},
  ): Promise<SubscriptionRow> {
    const updated = await this.patch(manager, row.id, { status: to, ...extra });
    await this.log(manager, row.company_id, this.clock.now(), kind, row.status, to, detail);
    await this.emit(manager, updated, row.status, eventMeta);
    return updated;
  }

  async log(
    manager: EntityManager,
    companyId: string,
    at: Date,
    kind: string,
    from: SubscriptionStatus | null,
    to: SubscriptionStatus | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subscription_log (company_id, at, kind, from_status, to_status, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
      [companyId, at, kind, from, to, JSON.stringify(detail)],
    );
  }

  async history(companyId: string): Promise<{ items: SubscriptionLogEntry[] }> {
    const rows = await this.dataSource.query<
      Array<{
        at: Date;
        kind: string;
        from_status: SubscriptionStatus | null;
        to_status: SubscriptionStatus | null;
        detail: Record<string, unknown>;
      }>
    >(`SELECT * FROM subscription_log WHERE company_id = $1 ORDER BY at, id`, [companyId]);
    return {
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        kind: r.kind,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        detail: r.detail,
      })),
    };
  }

  async emit(
    manager: EntityManager,
    row: SubscriptionRow,
    previous: SubscriptionStatus | null,
    eventMeta: EventMeta,
    /** The active seats when the caller has just counted them (a seat change), else counted here. */
    quantity?: number,
  ): Promise<void> {
    const plan = await this.plans.require(row.plan_id, manager);
    await this.outbox.add(
      manager,
      SubscriptionUpdated,
      {
        companyId: row.company_id,
        subscriptionId: row.id,
        planId: row.plan_id,
        status: row.status,
        previousStatus: previous,
        quantity: quantity ?? (await seatCount(manager, row.company_id)),
        seatCap: plan.seatCap,
        currentPeriodStart: row.current_period_start.toISOString(),
        currentPeriodEnd: row.current_period_end.toISOString(),
        cancelAtPeriodEnd: row.cancel_at_period_end,
        updatedAt: row.updated_at.toISOString(),
      },
      eventMeta,
    );
  }

  /** Seats moved (from a member event or the reconciliation): the quantity of a live subscription follows. */
  async seatsChanged(companyId: string, quantity: number, manager: EntityManager): Promise<void> {
    const row = await this.find(companyId, manager, true);
    if (!row || !LIVE_STATUSES.includes(row.status)) return;
    const updated = await this.patch(manager, row.id, {});
    await this.emit(manager, updated, row.status, systemEventMeta(companyId), quantity);
  }

  async findPlanCap(companyId: string): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<{ seat_cap: number | null }>>(
      `SELECT p.seat_cap FROM subscriptions s JOIN plans p ON p.id = s.plan_id
       WHERE s.company_id = $1 AND s.status <> 'canceled'`,
      [companyId],
    );
    return row?.seat_cap ?? null;
  }
}

export function isUpgrade(current: PlanResponse, next: PlanResponse): boolean {
  // Compare the price per second of a seat: a yearly plan at 10× monthly is cheaper per month.
  const perMonth = (p: PlanResponse) =>
    p.pricePerSeatMinor / ((p.interval === 'year' ? 12 : 1) * p.intervalCount);
  return perMonth(next) > perMonth(current);
}
