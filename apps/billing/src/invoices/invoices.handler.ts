import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppError,
  GetInvoice,
  GetInvoicePdf,
  GetUpcomingInvoice,
  InvoiceIdRequest,
  InvoiceSendRequested,
  ListInvoices,
  ListInvoicesRequest,
  MarkInvoicePaid,
  PayInvoice,
  PayInvoiceRequest,
  RunBillingCycle,
  RunBillingCycleRequest,
  SendInvoice,
  SendInvoiceRequest,
  UpcomingInvoiceRequest,
  VoidInvoice,
} from '@roster/contracts';
import {
  eventMetaOf,
  IdempotencyKeys,
  OutboxService,
  RequestMeta,
  RpcHandler,
  RpcMeta,
} from '@roster/messaging';
import { DataSource } from 'typeorm';
import { BillingDetailsService } from '../accounts/billing-details.service';
import { BillingAccess } from '../common/billing-access';
import { BillingConfig } from '../config/billing.config';
import { BillingCycleService } from '../cycle/billing-cycle.service';
import { BILLING_IDEMPOTENCY_LEASE_MS } from '../common/idempotency-lease';
import { PaymentsService } from '../payments/payments.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { renderInvoicePdf } from './invoice-pdf';
import { InvoicesService } from './invoices.service';

@Controller()
export class InvoicesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invoices: InvoicesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly payments: PaymentsService,
    private readonly details: BillingDetailsService,
    private readonly cycle: BillingCycleService,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyKeys,
    private readonly outbox: OutboxService,
    private readonly config: BillingConfig,
  ) {}

  @RpcHandler(ListInvoices)
  async list(@Payload() request: ListInvoicesRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.invoices.list(request.companyId, request.query);
  }

  @RpcHandler(GetInvoice)
  async get(@Payload() request: InvoiceIdRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.invoices.get(request.companyId, request.invoiceId);
  }

  @RpcHandler(GetUpcomingInvoice)
  async upcoming(@Payload() request: UpcomingInvoiceRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    const sub = await this.subscriptions.find(request.companyId, this.dataSource.manager);
    return this.invoices.upcoming(sub, request.companyId);
  }

  @RpcHandler(GetInvoicePdf)
  async pdf(@Payload() request: InvoiceIdRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    const { pdf, invoice } = await this.render(request.companyId, request.invoiceId);
    return { filename: `invoice-${invoice.number}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  /** Asks integrations (InvoiceSendRequested) to e-mail the invoice with its PDF to the billing e-mail. */
  @RpcHandler(SendInvoice)
  async send(@Payload() request: SendInvoiceRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    const { pdf, invoice, to } = await this.render(request.companyId, request.invoiceId);
    const recipient = request.to ?? to;
    if (!recipient)
      throw new AppError(
        'UNPROCESSABLE',
        'No billing e-mail: set one with PUT .../billing/details or pass `to`',
      );
    if (invoice.status === 'draft') throw new AppError('CONFLICT', 'A draft invoice is not sent');
    await this.dataSource.transaction((manager) =>
      this.outbox.add(
        manager,
        InvoiceSendRequested,
        {
          invoiceId: invoice.id!,
          companyId: request.companyId,
          to: recipient,
          number: invoice.number!,
          totalMinor: invoice.totalMinor,
          currency: invoice.currency,
          issuedAt: invoice.issuedAt!,
          pdfBase64: pdf.toString('base64'),
        },
        eventMetaOf(meta, request.companyId),
      ),
    );
    return { invoiceId: invoice.id!, to: recipient };
  }

  @RpcHandler(PayInvoice)
  async pay(@Payload() request: PayInvoiceRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    // Stripe is called before the final transaction (with a key per invoice attempt, so a re-run cannot charge
    // twice): the key is leased first; the response is stored with the payment's commit.
    return this.idempotency.run(
      meta,
      PayInvoice,
      request,
      () => this.payments.collect(request.companyId, request.invoiceId, eventMetaOf(meta, request.companyId)),
      { leaseMs: BILLING_IDEMPOTENCY_LEASE_MS },
    );
  }

  @RpcHandler(MarkInvoicePaid)
  markPaid(@Payload() request: InvoiceIdRequest, @RpcMeta() meta: RequestMeta) {
    this.access.requireOperator(meta);
    return this.payments.settle(
      request.companyId,
      request.invoiceId,
      'paid',
      eventMetaOf(meta, request.companyId),
    );
  }

  @RpcHandler(VoidInvoice)
  void(@Payload() request: InvoiceIdRequest, @RpcMeta() meta: RequestMeta) {
    this.access.requireOperator(meta);
    return this.payments.settle(
      request.companyId,
      request.invoiceId,
      'void',
      eventMetaOf(meta, request.companyId),
    );
  }

  @RpcHandler(RunBillingCycle)
  async runCycle(@Payload() request: RunBillingCycleRequest, @RpcMeta() meta: RequestMeta) {
    this.access.requireOperator(meta);
    if (request.asOf && !this.config.BILLING_TEST_CLOCKS)
      throw new AppError('FORBIDDEN', 'asOf (test clocks) is not enabled here');
    // Many transactions and charges (each safe to run again): leased, the result stored at the end.
    return this.idempotency.run(
      meta,
      RunBillingCycle,
      request,
      () =>
        this.cycle.run({
          companyId: request.companyId,
          asOf: request.asOf ? new Date(request.asOf) : undefined,
        }),
      { leaseMs: BILLING_IDEMPOTENCY_LEASE_MS },
    );
  }

  private async render(companyId: string, invoiceId: string) {
    const invoice = await this.invoices.get(companyId, invoiceId);
    const details = await this.details.get(companyId);
    const pdf = await renderInvoicePdf(invoice, this.config.INVOICE_ISSUER, {
      name: details.companyName,
      email: details.billingEmail,
      address: details.address,
      vatId: details.vatId,
    });
    return { pdf, invoice, to: details.billingEmail };
  }
}
