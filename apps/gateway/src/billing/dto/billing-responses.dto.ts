import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INVOICE_LINE_KINDS,
  INVOICE_STATUSES,
  InvoiceLineKind,
  InvoiceStatus,
  PAYMENT_PROVIDERS,
  PaymentProviderName,
  PLAN_INTERVALS,
  PlanInterval,
  SUBSCRIPTION_STATUSES,
  SubscriptionStatus,
} from '@roster/contracts';

export class PlanDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Integer minor units' }) pricePerSeatMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PLAN_INTERVALS }) interval!: PlanInterval;
  @ApiProperty() intervalCount!: number;
  @ApiProperty() trialDays!: number;
  @ApiProperty({ nullable: true, type: Number }) seatCap!: number | null;
  @ApiProperty({ type: [String] }) features!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
export class PlanListDto {
  @ApiProperty({ type: [PlanDto] }) items!: PlanDto[];
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() planId!: string;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: SubscriptionStatus;
  @ApiProperty({ description: 'Active seats, from the directory' }) quantity!: number;
  @ApiProperty({ nullable: true, type: Number }) seatCap!: number | null;
  @ApiProperty({ format: 'date-time' }) currentPeriodStart!: string;
  @ApiProperty({ format: 'date-time' }) currentPeriodEnd!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) trialEnd!: string | null;
  @ApiProperty() cancelAtPeriodEnd!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) canceledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) pendingPlanId!: string | null;
  @ApiProperty({ enum: PAYMENT_PROVIDERS }) paymentProvider!: PaymentProviderName;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SubscriptionLogEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, nullable: true }) fromStatus!: SubscriptionStatus | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, nullable: true }) toStatus!: SubscriptionStatus | null;
  @ApiProperty({ type: Object }) detail!: Record<string, unknown>;
}
export class SubscriptionLogDto {
  @ApiProperty({ type: [SubscriptionLogEntryDto] }) items!: SubscriptionLogEntryDto[];
}

export class InvoiceLineDto {
  @ApiProperty({ enum: INVOICE_LINE_KINDS }) kind!: InvoiceLineKind;
  @ApiProperty() description!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() unitAmountMinor!: number;
  @ApiProperty({ description: 'Negative for credits' }) amountMinor!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
}
export class InvoiceDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id!: string | null;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ nullable: true, type: String }) number!: string | null;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: InvoiceStatus;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'The sum of the lines' }) totalMinor!: number;
  @ApiProperty() amountDueMinor!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) issuedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextPaymentAttemptAt!: string | null;
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
}
export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceDto] }) items!: InvoiceDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class PaymentMethodDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ enum: ['stripe'] }) provider!: 'stripe';
  @ApiProperty() brand!: string;
  @ApiProperty() last4!: string;
  @ApiProperty() expMonth!: number;
  @ApiProperty() expYear!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PublicKeyDto {
  @ApiProperty() provider!: string;
  @ApiProperty({ nullable: true, type: String }) publicKey!: string | null;
}

export class BillingDetailsDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ nullable: true, type: String }) billingEmail!: string | null;
  @ApiProperty({ enum: ['details', 'branding'], nullable: true }) billingEmailSource!:
    'details' | 'branding' | null;
  @ApiProperty({ nullable: true, type: String }) companyName!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) vatId!: string | null;
}

export class SeatsDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() activeSeats!: number;
  @ApiProperty({ nullable: true, type: Number }) seatCap!: number | null;
  @ApiProperty() lastSequence!: number;
}

export class BillingCycleResultDto {
  @ApiProperty({ format: 'date-time' }) ranAt!: string;
  @ApiProperty() invoicesIssued!: number;
  @ApiProperty() paymentsAttempted!: number;
  @ApiProperty() subscriptionsCanceled!: number;
  @ApiProperty() seatsCorrected!: number;
}

export class InvoiceSentDto {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiPropertyOptional() to!: string;
}
