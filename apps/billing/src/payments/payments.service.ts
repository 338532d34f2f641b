import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PayInvoice,
  AppError,
  InvoicePaid,
  InvoiceResponse,
  PaymentFailed,
  PaymentMethodResponse,
} from '@roster/contracts';
import { EventMeta, IdempotencyKeys, OutboxService } from '@roster/messaging';
import { Clock } from '../common/clock';
import { BillingConfig } from '../config/billing.config';
import { InvoicesService } from '../invoices/invoices.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { PaymentProvider } from './payment-provider';

interface PaymentMethodRow {
  company_id: string;
  provider: 'stripe';
  provider_payment_method_id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  created_at: Date;
}

const toPaymentMethod = (r: PaymentMethodRow): PaymentMethodResponse => ({
  companyId: r.company_id,
  provider: r.provider,
  brand: r.brand,
  last4: r.last4,
  expMonth: r.exp_month,
  expYear: r.exp_year,
  createdAt: r.created_at.toISOString(),
});

/**
 * Cards and collection. Charging an open invoice: success marks it paid (a past-due subscription is active
 * again); a failure moves the subscription to past_due and schedules the next attempt from
 * DUNNING_RETRY_SECONDS; when the last retry fails too, the invoice is uncollectible and the subscription
 * canceled. Subscriptions paid externally (`manual`) are never charged: their invoices stay open.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyKeys,
    private readonly provider: PaymentProvider,
    private readonly invoices: InvoicesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly config: BillingConfig,
  ) {}

  publicKey(): { provider: string; publicKey: string | null } {
    return { provider: this.provider.name, publicKey: this.provider.publicKey() };
  }

  async get(companyId: string): Promise<PaymentMethodResponse> {
    const [row] = await this.dataSource.query<PaymentMethodRow[]>(
      `SELECT * FROM payment_methods WHERE company_id = $1`,
      [companyId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No payment method on file');
    return toPaymentMethod(row);
  }

  async attach(companyId: string, token: string, eventMeta: EventMeta): Promise<PaymentMethodResponse> {
    if (this.config.PAYMENT_PROVIDER === 'none')
      throw new AppError('UNPROCESSABLE', 'Cards are not accepted here');
    const card = await this.provider.describe(token);
    const [account] = await this.dataSource.query<
      Array<{ provider_customer_id: string | null; billing_email: string | null }>
    >(`SELECT provider_customer_id, billing_email FROM billing_accounts WHERE company_id = $1`, [companyId]);
    if (!account) throw new AppError('NOT_FOUND', 'No billing account for this company yet');
    const customerId = await this.provider.attach(
      card,
      account.provider_customer_id,
      companyId,
      account.billing_email,
    );
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE billing_accounts SET provider_customer_id = $2 WHERE company_id = $1`, [
        companyId,
        customerId,
      ]);
      const [row] = await manager.query<PaymentMethodRow[]>(
        `INSERT INTO payment_methods (company_id, provider, provider_payment_method_id, brand, last4, exp_month, exp_year, created_at)
         VALUES ($1, 'stripe', $2, $3, $4, $5, $6, $7)
         ON CONFLICT (company_id) DO UPDATE SET provider_payment_method_id = $2, brand = $3, last4 = $4,
           exp_month = $5, exp_year = $6, created_at = $7
         RETURNING *`,
        [
          companyId,
          card.paymentMethodId,
          card.brand,
          card.last4,
          card.expMonth,
          card.expYear,
          this.clock.now(),
        ],
      );
      const sub = await this.subscriptions.find(companyId, manager, true);
      if (sub?.status === 'incomplete')
        await this.subscriptions.transition(manager, sub, 'active', 'payment_method_attached', {}, eventMeta);
      return toPaymentMethod(row);
    });
  }

  async remove(companyId: string): Promise<{ removed: true }> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM payment_methods WHERE company_id = $1`,
      [companyId],
    );
    if (!count) throw new AppError('NOT_FOUND', 'No payment method on file');
    return { removed: true };
  }

  /** Operators settle an open invoice by hand: paid outside the platform, or void. */
  async settle(
    companyId: string,
    invoiceId: string,
    outcome: 'paid' | 'void',
    eventMeta: EventMeta,
  ): Promise<InvoiceResponse> {
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.invoices.load(manager, companyId, invoiceId, true);
      if (invoice.status !== 'open') throw new AppError('CONFLICT', `The invoice is ${invoice.status}`);
      const now = this.clock.now();
      await manager.query(
        `UPDATE invoices SET status = $2, paid_at = $3, next_payment_attempt_at = NULL WHERE id = $1`,
        [invoiceId, outcome, outcome === 'paid' ? now : null],
      );
      if (outcome === 'paid')
        await this.outbox.add(
          manager,
          InvoicePaid,
          {
            invoiceId,
            companyId,
            number: invoice.number!,
            amountMinor: invoice.amountDueMinor,
            currency: invoice.currency,
            paidAt: now.toISOString(),
          },
          eventMeta,
        );
      const subscription = await this.subscriptions.find(companyId, manager, true);
      if (subscription?.status === 'past_due') {
        const [{ n }] = await manager.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM invoices WHERE company_id = $1 AND status = 'open'`,
          [companyId],
        );
        if (n === 0)
          await this.subscriptions.transition(
            manager,
            subscription,
            'active',
            `invoice_${outcome}`,
            { invoiceId },
            eventMeta,
          );
      }
      return this.invoices.load(manager, companyId, invoiceId);
    });
  }

  /** Tries to collect an open invoice once; returns it as it is afterwards. */
  async collect(companyId: string, invoiceId: string, eventMeta: EventMeta): Promise<InvoiceResponse> {
    const invoice = await this.invoices.get(companyId, invoiceId);
    if (invoice.status !== 'open') throw new AppError('CONFLICT', `The invoice is ${invoice.status}`);
    const sub = await this.subscriptions.find(companyId, this.dataSource.manager);
    if (sub?.payment_provider === 'manual') return invoice; // paid externally
    const [method] = await this.dataSource.query<
      Array<{ provider_payment_method_id: string; provider_customer_id: string | null }>
    >(
      `SELECT m.provider_payment_method_id, a.provider_customer_id FROM payment_methods m
       JOIN billing_accounts a ON a.company_id = m.company_id WHERE m.company_id = $1`,
      [companyId],
    );
    const attempt = invoice.attempts + 1;
    const result =
      method && method.provider_customer_id
        ? await this.provider.charge({
            customerId: method.provider_customer_id,
            paymentMethodId: method.provider_payment_method_id,
            amountMinor: invoice.amountDueMinor,
            currency: invoice.currency,
            description: `Invoice ${invoice.number}`,
            idempotencyKey: `invoice-${invoice.id}-attempt-${attempt}`,
            invoiceId: invoice.id!,
          })
        : ({ ok: false, reason: 'no payment method on file' } as const);
    // The response of `POST .../pay` is recorded with this change (Idempotency-Key, see PayInvoice's handler).
    return this.idempotency.transaction(PayInvoice, async (manager) => {
      const current = await this.invoices.load(manager, companyId, invoiceId, true);
      if (current.status !== 'open' || current.attempts !== invoice.attempts) return current; // someone else got there
      const now = this.clock.now();
      const subscription = await this.subscriptions.find(companyId, manager, true);
      if (result.ok) {
        await manager.query(
          `UPDATE invoices SET status = 'paid', paid_at = $2, attempts = $3, next_payment_attempt_at = NULL, last_payment_error = NULL WHERE id = $1`,
          [invoiceId, now, attempt],
        );
        await this.outbox.add(
          manager,
          InvoicePaid,
          {
            invoiceId,
            companyId,
            number: current.number!,
            amountMinor: current.amountDueMinor,
            currency: current.currency,
            paidAt: now.toISOString(),
          },
          eventMeta,
        );
        if (subscription?.status === 'past_due' || subscription?.status === 'incomplete')
          await this.subscriptions.transition(
            manager,
            subscription,
            'active',
            'payment_succeeded',
            { invoiceId },
            eventMeta,
          );
      } else {
        const schedule = this.config.dunningSchedule;
        const retryIn = schedule[attempt - 1];
        const nextAt = retryIn === undefined ? null : new Date(now.getTime() + retryIn * 1000);
        await manager.query(
          `UPDATE invoices SET attempts = $2, next_payment_attempt_at = $3, last_payment_error = $4,
             status = CASE WHEN $3::timestamptz IS NULL THEN 'uncollectible' ELSE status END WHERE id = $1`,
          [invoiceId, attempt, nextAt, result.reason],
        );
        await this.outbox.add(
          manager,
          PaymentFailed,
          {
            invoiceId,
            companyId,
            amountMinor: current.amountDueMinor,
            currency: current.currency,
            reason: result.reason,
            attempt,
            nextRetryAt: nextAt?.toISOString() ?? null,
          },
          eventMeta,
        );
        this.logger.warn(
          `Payment of invoice ${current.number} failed (attempt ${attempt}): ${result.reason}`,
        );
        if (subscription && subscription.status !== 'canceled') {
          if (!nextAt)
            await this.subscriptions.transition(
              manager,
              subscription,
              'canceled',
              'canceled_unpaid',
              { invoiceId, attempts: attempt },
              eventMeta,
              { canceled_at: now },
            );
          else if (subscription.status !== 'past_due')
            await this.subscriptions.transition(
              manager,
              subscription,
              'past_due',
              'payment_failed',
              { invoiceId, reason: result.reason, nextRetryAt: nextAt.toISOString() },
              eventMeta,
            );
        }
      }
      return this.invoices.load(manager, companyId, invoiceId);
    });
  }
}
