import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineRpc } from '../define';

export interface PaymentMethodResponse {
  companyId: string;
  provider: 'stripe';
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  createdAt: string;
}

export class CompanyPaymentMethodRequest {
  @IsUUID() companyId!: string;
}
export const GetPaymentMethod = defineRpc<CompanyPaymentMethodRequest, PaymentMethodResponse>(
  'billing.payment-method.get.v1',
  CompanyPaymentMethodRequest,
);

/** Attach a card by the token (a payment method id) the browser got from the provider with the public key. */
export class AttachPaymentMethodRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(255) token!: string;
}
export const AttachPaymentMethod = defineRpc<AttachPaymentMethodRequest, PaymentMethodResponse>(
  'billing.payment-method.attach.v1',
  AttachPaymentMethodRequest,
);

export const RemovePaymentMethod = defineRpc<CompanyPaymentMethodRequest, { removed: true }>(
  'billing.payment-method.remove.v1',
  CompanyPaymentMethodRequest,
);

export class GetPublicKeyRequest {}
export const GetBillingPublicKey = defineRpc<
  GetPublicKeyRequest,
  { provider: string; publicKey: string | null }
>('billing.public-key.get.v1', GetPublicKeyRequest);

export interface BillingDetailsResponse {
  companyId: string;
  billingEmail: string | null;
  /** Where the e-mail came from: set here, from the company's branding, or not known. */
  billingEmailSource: 'details' | 'branding' | null;
  companyName: string | null;
  address: string | null;
  vatId: string | null;
}
export const GetBillingDetails = defineRpc<CompanyPaymentMethodRequest, BillingDetailsResponse>(
  'billing.details.get.v1',
  CompanyPaymentMethodRequest,
);
export class UpdateBillingDetailsRequest {
  @IsUUID() companyId!: string;
  @IsOptional() @IsEmail() billingEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(200) companyName?: string | null;
  @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  @IsOptional() @IsString() @MaxLength(40) vatId?: string | null;
}
export const UpdateBillingDetails = defineRpc<UpdateBillingDetailsRequest, BillingDetailsResponse>(
  'billing.details.update.v1',
  UpdateBillingDetailsRequest,
);

export interface CompanySeatsSummary {
  companyId: string;
  activeSeats: number;
  seatCap: number | null;
  lastSequence: number;
}
export const GetCompanySeats = defineRpc<CompanyPaymentMethodRequest, CompanySeatsSummary>(
  'billing.seats.get.v1',
  CompanyPaymentMethodRequest,
);
