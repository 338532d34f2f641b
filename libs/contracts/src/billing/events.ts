import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../define';

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'incomplete'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Any change to a company's subscription: plan, status, quantity (seats) or period. */
export class SubscriptionUpdatedData {
  @IsUUID() companyId!: string;
  @IsUUID() subscriptionId!: string;
  @IsString() planId!: string;
  @IsIn(SUBSCRIPTION_STATUSES) status!: SubscriptionStatus;
  @IsOptional() @IsIn(SUBSCRIPTION_STATUSES) previousStatus!: SubscriptionStatus | null;
  /** Seats billed: the company's active members. */
  @IsInt() @Min(0) quantity!: number;
  @IsOptional() @IsInt() seatCap!: number | null;
  @IsISO8601() currentPeriodStart!: string;
  @IsISO8601() currentPeriodEnd!: string;
  @IsBoolean() cancelAtPeriodEnd!: boolean;
  @IsISO8601() updatedAt!: string;
}
export const SubscriptionUpdated = defineEvent(
  'billing.events.subscription.updated',
  1,
  SubscriptionUpdatedData,
);

/** Money is integer minor units with an explicit ISO 4217 currency everywhere. */
export class InvoiceLineData {
  @IsString() description!: string;
  @IsInt() quantity!: number;
  @IsInt() amountMinor!: number;
}
export class InvoiceFinalizedData {
  @IsUUID() invoiceId!: string;
  @IsUUID() companyId!: string;
  @IsString() number!: string;
  @IsInt() totalMinor!: number;
  @IsString() currency!: string;
  @IsISO8601() periodStart!: string;
  @IsISO8601() periodEnd!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => InvoiceLineData) lines!: InvoiceLineData[];
}
export const InvoiceFinalized = defineEvent('billing.events.invoice.finalized', 1, InvoiceFinalizedData);

export class InvoicePaidData {
  @IsUUID() invoiceId!: string;
  @IsUUID() companyId!: string;
  @IsString() number!: string;
  @IsInt() amountMinor!: number;
  @IsString() currency!: string;
  @IsISO8601() paidAt!: string;
}
export const InvoicePaid = defineEvent('billing.events.invoice.paid', 1, InvoicePaidData);

export class PaymentFailedData {
  @IsUUID() invoiceId!: string;
  @IsUUID() companyId!: string;
  @IsInt() amountMinor!: number;
  @IsString() currency!: string;
  @IsString() reason!: string;
  @IsInt() @Min(1) attempt!: number;
  @IsOptional() @IsISO8601() nextRetryAt!: string | null;
}
export const PaymentFailed = defineEvent('billing.events.payment.failed', 1, PaymentFailedData);

/** Someone asked to e-mail an invoice; integrations sends it (with the PDF attached) to `to`. */
export class InvoiceSendRequestedData {
  @IsUUID() invoiceId!: string;
  @IsUUID() companyId!: string;
  @IsEmail() to!: string;
  @IsString() number!: string;
  @IsInt() totalMinor!: number;
  @IsString() currency!: string;
  @IsISO8601() issuedAt!: string;
  /** The rendered PDF, base64; invoices are small. */
  @IsString() pdfBase64!: string;
}
export const InvoiceSendRequested = defineEvent(
  'billing.events.invoice.send_requested',
  1,
  InvoiceSendRequestedData,
);
