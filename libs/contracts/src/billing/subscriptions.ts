import { IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { defineRpc } from '../define';
import { SubscriptionStatus } from './events';

export const PAYMENT_PROVIDERS = ['stripe', 'manual'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export interface SubscriptionResponse {
  id: string;
  companyId: string;
  planId: string;
  status: SubscriptionStatus;
  /** Seats billed: the company's active members, kept in sync from directory's member events. */
  quantity: number;
  seatCap: number | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  /** A downgrade waiting for the period end. */
  pendingPlanId: string | null;
  /** `manual`: paid externally (subscription_paid_externally); invoices are not charged. */
  paymentProvider: PaymentProviderName;
  createdAt: string;
  updatedAt: string;
}

export class CompanyBillingRequest {
  @IsUUID() companyId!: string;
}

export const GetSubscription = defineRpc<CompanyBillingRequest, SubscriptionResponse>(
  'billing.subscription.get.v1',
  CompanyBillingRequest,
);

export class CreateSubscriptionRequest {
  @IsUUID() companyId!: string;
  @IsString() planId!: string;
  /** Operators only may choose `manual` (paid externally). */
  @IsOptional() @IsIn(PAYMENT_PROVIDERS) paymentProvider?: PaymentProviderName;
}
export const CreateSubscription = defineRpc<CreateSubscriptionRequest, SubscriptionResponse>(
  'billing.subscription.create.v1',
  CreateSubscriptionRequest,
);

/** Change plan (upgrade now with proration, downgrade at period end), or resume (`cancelAtPeriodEnd: false`). */
export class UpdateSubscriptionRequest {
  @IsUUID() companyId!: string;
  @IsOptional() @IsString() planId?: string;
  @IsOptional() @IsBoolean() cancelAtPeriodEnd?: boolean;
}
export const UpdateSubscription = defineRpc<UpdateSubscriptionRequest, SubscriptionResponse>(
  'billing.subscription.update.v1',
  UpdateSubscriptionRequest,
);

export class CancelSubscriptionRequest {
  @IsUUID() companyId!: string;
  /** `true`: cancel now and issue the final invoice; otherwise cancel at the period end. */
  @IsOptional() @IsBoolean() immediately?: boolean;
}
export const CancelSubscription = defineRpc<CancelSubscriptionRequest, SubscriptionResponse>(
  'billing.subscription.cancel.v1',
  CancelSubscriptionRequest,
);

export interface SubscriptionLogEntry {
  at: string;
  kind: string;
  fromStatus: SubscriptionStatus | null;
  toStatus: SubscriptionStatus | null;
  detail: Record<string, unknown>;
}
export const GetSubscriptionLog = defineRpc<CompanyBillingRequest, { items: SubscriptionLogEntry[] }>(
  'billing.subscription.log.v1',
  CompanyBillingRequest,
);
