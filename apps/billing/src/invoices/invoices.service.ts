import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  InvoiceFinalized,
  InvoiceLineKind,
  InvoiceResponse,
  InvoiceStatus,
  ListQuery,
  Page,
} from '@roster/contracts';
import { EventMeta, OutboxService } from '@roster/messaging';
import { applyListQuery } from '@roster/persistence';
import { Clock } from '../common/clock';
import { BillingConfig } from '../config/billing.config';
import { PlansService } from '../plans/plans.service';
import { SubscriptionRow } from '../subscriptions/subscriptions.service';
import { addInterval, ComputedLine, computeLines, PricedPlan, totalOf } from './proration';

interface InvoiceRow {
  id: string;
  company_id: string;
  issuer: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  total_minor: string;
  period_start: Date;
  period_end: Date;
  issued_at: Date | null;
  paid_at: Date | null;
  attempts: number;
  next_payment_attempt_at: Date | null;
  last_payment_error: string | null;
}
interface LineRow {
  kind: InvoiceLineKind;
  description: string;
  quantity: number;
  unit_amount_minor: string;
  amount_minor: string;
  period_start: Date;
  period_end: Date;
}

export const INVOICE_COLUMNS = {
  number: 'i.number',
  status: 'i.status',
  totalMinor: 'i.total_minor',
  currency: 'i.currency',
  issuedAt: 'i.issued_at',
  periodStart: 'i.period_start',
  periodEnd: 'i.period_end',
  paidAt: 'i.paid_at',
};

/** Invoices: built from the plan and the seat and plan changes of a period (see proration.ts). */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly config: BillingConfig,
  ) {}

  /** The lines of a subscription's period [start, end), billed until `billUntil`. */
  async linesFor(
    sub: SubscriptionRow,
    periodStart: Date,
    periodEnd: Date,
    billUntil: Date,
    manager: EntityManager,
  ): Promise<{ lines: ComputedLine[]; currency: string }> {
    const current = await this.plans.require(sub.plan_id, manager);
    const changes = await manager.query<
      Array<{ at: Date; detail: { fromPlanId: string; toPlanId: string } }>
    >(
      `SELECT at, detail FROM subscription_log WHERE company_id = $1 AND kind = 'plan_changed'
         AND (detail->>'prorated')::boolean AND at > $2 AND at < $3 ORDER BY at, id`,
      [sub.company_id, periodStart, billUntil],
    );
    const priced = async (id: string): Promise<PricedPlan> => this.plans.require(id, manager);
    const planAtStart = changes.length ? await priced(changes[0].detail.fromPlanId) : current;
    const planChanges = await Promise.all(
      changes.map(async (c) => ({ at: c.at, to: await priced(c.detail.toPlanId) })),
    );
    const [start] = await manager.query<Array<{ n: number }>>(
      `SELECT coalesce(sum(delta), 0)::int AS n FROM seat_changes WHERE company_id = $1 AND at < $2`,
      [sub.company_id, periodStart],
    );
    const seatChanges = await manager.query<Array<{ at: Date; delta: number }>>(
      `SELECT at, delta FROM seat_changes WHERE company_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id`,
      [sub.company_id, periodStart, billUntil],
    );
    const lines = computeLines({
      periodStart,
      periodEnd,
      billUntil,
      planAtStart,
      seatsAtStart: start.n,
      seatChanges,
      planChanges,
    });
    return { lines, currency: current.currency };
  }

  /** Issues the invoice of a period: numbered, `open`, announced as InvoiceFinalized (paid at once when 0). */
  async issue(
    manager: EntityManager,
    sub: SubscriptionRow,
    periodStart: Date,
    periodEnd: Date,
    billUntil: Date,
    eventMeta: EventMeta,
  ): Promise<InvoiceResponse> {
    const { lines, currency } = await this.linesFor(sub, periodStart, periodEnd, billUntil, manager);
    const total = totalOf(lines);
    const now = this.clock.now();
    const number = await this.nextNumber(manager);
    const id = randomUUID();
    const status: InvoiceStatus = total <= 0 ? 'paid' : 'open';
    await manager.query(
      `INSERT INTO invoices (id, company_id, issuer, number, status, currency, total_minor, period_start, period_end, issued_at, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        sub.company_id,
        this.config.INVOICE_ISSUER,
        number,
        status,
        currency,
        total,
        periodStart,
        billUntil < periodEnd ? billUntil : periodEnd,
        now,
        status === 'paid' ? now : null,
      ],
    );
    for (const [position, line] of lines.entries())
      await manager.query(
        `INSERT INTO invoice_lines (invoice_id, position, kind, description, quantity, unit_amount_minor, amount_minor, period_start, period_end)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          position,
          line.kind,
          line.description,
          line.quantity,
          line.unitAmountMinor,
          line.amountMinor,
          line.periodStart,
          line.periodEnd,
        ],
      );
    const invoice = await this.load(manager, sub.company_id, id);
    await this.outbox.add(
      manager,
      InvoiceFinalized,
      {
        invoiceId: id,
        companyId: sub.company_id,
        number,
        totalMinor: total,
        currency,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        lines: lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          amountMinor: l.amountMinor,
        })),
      },
      eventMeta,
    );
    return invoice;
  }

  /** Sequential per issuer, without gaps: the counter row is locked until the invoice commits. */
  async nextNumber(manager: EntityManager): Promise<string> {
    const [row] = await manager.query<Array<{ last_number: number }>>(
      `INSERT INTO invoice_sequences (issuer, last_number) VALUES ($1, 1)
       ON CONFLICT (issuer) DO UPDATE SET last_number = invoice_sequences.last_number + 1 RETURNING last_number`,
      [this.config.INVOICE_ISSUER],
    );
    return `${this.config.INVOICE_PREFIX}-${String(row.last_number).padStart(6, '0')}`;
  }

  /** What the current period will cost if nothing else changes (a trial: the first paid period). */
  async upcoming(sub: SubscriptionRow | null, companyId: string): Promise<InvoiceResponse> {
    if (!sub || sub.status === 'canceled')
      throw new AppError('NOT_FOUND', 'No upcoming invoice: no subscription');
    const manager = this.dataSource.manager;
    let start = sub.current_period_start;
    let end = sub.current_period_end;
    if (sub.status === 'trialing') {
      const plan = await this.plans.require(sub.plan_id, manager);
      start = sub.current_period_end;
      end = addInterval(start, plan.interval, plan.intervalCount);
    }
    // A pending downgrade applies to the next period: this one is billed on the current plan.
    const now = this.clock.now();
    const { lines, currency } = await this.linesFor(sub, start, end, end, manager);
    const total = totalOf(lines);
    return {
      id: null,
      companyId,
      number: null,
      status: 'draft',
      currency,
      totalMinor: total,
      amountDueMinor: Math.max(0, total),
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
      issuedAt: null,
      paidAt: null,
      attempts: 0,
      nextPaymentAttemptAt: end > now ? end.toISOString() : now.toISOString(),
      lines: lines.map((l) => ({
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unitAmountMinor: l.unitAmountMinor,
        amountMinor: l.amountMinor,
        periodStart: l.periodStart.toISOString(),
        periodEnd: l.periodEnd.toISOString(),
      })),
    };
  }

  async load(
    manager: EntityManager,
    companyId: string,
    invoiceId: string,
    lock = false,
  ): Promise<InvoiceResponse> {
    const [row] = await manager.query<InvoiceRow[]>(
      `SELECT * FROM invoices WHERE id = $1 AND company_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [invoiceId, companyId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such invoice');
    const lines = await manager.query<LineRow[]>(
      `SELECT * FROM invoice_lines WHERE invoice_id = $1 ORDER BY position`,
      [invoiceId],
    );
    return toInvoice(row, lines);
  }

  get(companyId: string, invoiceId: string): Promise<InvoiceResponse> {
    return this.load(this.dataSource.manager, companyId, invoiceId);
  }

  async list(companyId: string, query: ListQuery): Promise<Page<InvoiceResponse>> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('i.id', 'id')
      .from('invoices', 'i')
      .where('i.company_id = :companyId', { companyId });
    const listed = applyListQuery(qb, query, INVOICE_COLUMNS, 'i.id');
    const [sql, params] = listed.clone().orderBy().offset(undefined).limit(undefined).getQueryAndParameters();
    const [{ n: total }] = await this.dataSource.query<
      Array<{
        n: number;
      }>
    >(`SELECT count(*)::int AS n FROM (${sql}) c`, params);
    const ids = await listed.getRawMany<{ id: string }>();
    const items = [];
    for (const { id } of ids) items.push(await this.get(companyId, id));
    return { items, total, limit: query.limit, skip: query.skip };
  }
}

export function toInvoice(row: InvoiceRow, lines: LineRow[]): InvoiceResponse {
  const total = Number(row.total_minor);
  return {
    id: row.id,
    companyId: row.company_id,
    number: row.number,
    status: row.status,
    currency: row.currency,
    totalMinor: total,
    amountDueMinor: row.status === 'open' ? Math.max(0, total) : 0,
    periodStart: row.period_start.toISOString(),
    periodEnd: row.period_end.toISOString(),
    issuedAt: row.issued_at?.toISOString() ?? null,
    paidAt: row.paid_at?.toISOString() ?? null,
    attempts: row.attempts,
    nextPaymentAttemptAt: row.next_payment_attempt_at?.toISOString() ?? null,
    lines: lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      unitAmountMinor: Number(l.unit_amount_minor),
      amountMinor: Number(l.amount_minor),
      periodStart: l.period_start.toISOString(),
      periodEnd: l.period_end.toISOString(),
    })),
  };
}
