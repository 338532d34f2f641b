import { Type } from 'class-transformer';
import { IsEmail, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_LINE_KINDS = ['plan', 'seat_change', 'plan_change', 'credit'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

export interface InvoiceLineResponse {
  kind: InvoiceLineKind;
  description: string;
  /** Seats this line is for (negative for seats removed). */
  quantity: number;
  unitAmountMinor: number;
  /** What the line adds to the total; negative for credits. Rounded half away from zero. */
  amountMinor: number;
  periodStart: string;
  periodEnd: string;
}

export interface InvoiceResponse {
  id: string | null;
  companyId: string;
  /** Sequential per issuer (`<prefix>-000001`); null for drafts and previews. */
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  /** Always the sum of `lines[].amountMinor`. */
  totalMinor: number;
  amountDueMinor: number;
  periodStart: string;
  periodEnd: string;
  issuedAt: string | null;
  paidAt: string | null;
  attempts: number;
  nextPaymentAttemptAt: string | null;
  lines: InvoiceLineResponse[];
}

export class ListInvoicesRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListInvoices = defineRpc<ListInvoicesRequest, Page<InvoiceResponse>>(
  'billing.invoice.list.v1',
  ListInvoicesRequest,
);

export class InvoiceIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() invoiceId!: string;
}
export const GetInvoice = defineRpc<InvoiceIdRequest, InvoiceResponse>(
  'billing.invoice.get.v1',
  InvoiceIdRequest,
);

export class UpcomingInvoiceRequest {
  @IsUUID() companyId!: string;
}
/** A preview of the invoice the current period will produce, with the prorations so far. */
export const GetUpcomingInvoice = defineRpc<UpcomingInvoiceRequest, InvoiceResponse>(
  'billing.invoice.upcoming.v1',
  UpcomingInvoiceRequest,
);

export class SendInvoiceRequest {
  @IsUUID() companyId!: string;
  @IsUUID() invoiceId!: string;
  /** Defaults to the account's billing e-mail. */
  @IsOptional() @IsEmail() to?: string;
}
export const SendInvoice = defineRpc<SendInvoiceRequest, { invoiceId: string; to: string }>(
  'billing.invoice.send.v1',
  SendInvoiceRequest,
);

export const GetInvoicePdf = defineRpc<InvoiceIdRequest, { filename: string; pdfBase64: string }>(
  'billing.invoice.pdf.v1',
  InvoiceIdRequest,
);

/** Charge an open invoice now with the company's payment method. */
export class PayInvoiceRequest {
  @IsUUID() companyId!: string;
  @IsUUID() invoiceId!: string;
}
export const PayInvoice = defineRpc<PayInvoiceRequest, InvoiceResponse>(
  'billing.invoice.pay.v1',
  PayInvoiceRequest,
);

/** Operators: an open invoice paid outside the platform (subscriptions paid externally, bank transfer). */
export const MarkInvoicePaid = defineRpc<InvoiceIdRequest, InvoiceResponse>(
  'billing.invoice.mark-paid.v1',
  InvoiceIdRequest,
);
/** Operators: an open invoice that is not owed after all. */
export const VoidInvoice = defineRpc<InvoiceIdRequest, InvoiceResponse>(
  'billing.invoice.void.v1',
  InvoiceIdRequest,
);

/** Operators (or a service actor): run the billing cycle now (invoices due, dunning retries, reconciliation). */
export class RunBillingCycleRequest {
  /** Only this company's subscription (an operator fixing one account, or a test). */
  @IsOptional() @IsUUID() companyId?: string;
  /**
   * Run as if it were this moment (a test clock, like Stripe's): refused unless billing runs with
   * BILLING_TEST_CLOCKS=true, never in production.
   */
  @IsOptional() @IsISO8601() asOf?: string;
}
export interface BillingCycleResult {
  ranAt: string;
  invoicesIssued: number;
  paymentsAttempted: number;
  subscriptionsCanceled: number;
  seatsCorrected: number;
}
export const RunBillingCycle = defineRpc<RunBillingCycleRequest, BillingCycleResult>(
  'billing.cycle.run.v1',
  RunBillingCycleRequest,
);
