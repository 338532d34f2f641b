import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsUUID,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PAYMENT_PROVIDERS, PaymentProviderName, PLAN_INTERVALS, PlanInterval } from '@roster/contracts';

export class CreatePlanDto {
  @ApiProperty({ example: 'pro-monthly', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  id!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @ApiProperty({ description: 'Per seat and period, integer minor units (cents)', example: 1200 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  pricePerSeatMinor!: number;
  @ApiProperty({ example: 'EUR' }) @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @ApiProperty({ enum: PLAN_INTERVALS }) @IsIn(PLAN_INTERVALS) interval!: PlanInterval;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(36) intervalCount?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(365) trialDays?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Most active seats allowed' })
  @IsOptional()
  @IsInt()
  @Min(1)
  seatCap?: number | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  features?: string[];
}

export class UpdatePlanDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(365) trialDays?: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) seatCap?:
    number | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  features?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CreateSubscriptionDto {
  @ApiProperty() @IsString() @IsNotEmpty() planId!: string;
  @ApiPropertyOptional({
    enum: PAYMENT_PROVIDERS,
    description: '`manual`: paid externally (operators only); default `stripe`',
  })
  @IsOptional()
  @IsIn(PAYMENT_PROVIDERS)
  paymentProvider?: PaymentProviderName;
}

export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ description: 'Upgrade: now, prorated. Downgrade: at the period end.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  planId?: string;
  @ApiPropertyOptional({ description: '`false` resumes a subscription set to cancel at the period end' })
  @IsOptional()
  @IsBoolean()
  cancelAtPeriodEnd?: boolean;
}

export class CancelSubscriptionQueryDto {
  @ApiPropertyOptional({ description: '`true`: cancel now with a final invoice; default: at the period end' })
  @IsOptional()
  @IsIn(['true', 'false'])
  immediately?: 'true' | 'false';
}

export class AttachPaymentMethodDto {
  @ApiProperty({ description: 'The payment method id the browser got from the provider with the public key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  token!: string;
}

export class UpdateBillingDetailsDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsEmail() billingEmail?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  companyName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(40) vatId?:
    string | null;
}

export class SendInvoiceDto {
  @ApiPropertyOptional({ description: 'Defaults to the billing e-mail' })
  @IsOptional()
  @IsEmail()
  to?: string;
}

export class RunBillingCycleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this company' })
  @IsOptional()
  @IsUUID()
  companyId?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Run as of this moment (test clocks; only where billing enables BILLING_TEST_CLOCKS)',
  })
  @IsOptional()
  @IsISO8601()
  asOf?: string;
}
