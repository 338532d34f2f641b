import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { InvoiceLineResponse, InvoiceStatus } from './invoices';

export class ProviderContractProduct {
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/) sku!: string;
  @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  /** Committed quantity for the term (seats for a per-seat product). */
  @IsInt() @Min(0) @Max(10_000_000) quantity!: number;
  @IsInt() @Min(0) @Max(100_000_000) unitPriceMinor!: number;
  /** Per-seat products are billed by the customers' seats (at least the committed quantity). */
  @IsBoolean() perSeat!: boolean;
}

export interface ProviderContractResponse {
  providerId: string;
  currency: string;
  termStart: string;
  termEnd: string;
  products: ProviderContractProduct[];
  updatedAt: string;
}

export class ProviderBillingRequest {
  @IsUUID() providerId!: string;
}

/** Operators set a provider's contract (products, quantities, prices, term). */
export class PutProviderContractRequest {
  @IsUUID() providerId!: string;
  @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsISO8601() termStart!: string;
  @IsISO8601() termEnd!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ProviderContractProduct)
  products!: ProviderContractProduct[];
}
export const PutProviderContract = defineRpc<PutProviderContractRequest, ProviderContractResponse>(
  'billing.provider.contract.put.v1',
  PutProviderContractRequest,
);
export const GetProviderContract = defineRpc<ProviderBillingRequest, ProviderContractResponse>(
  'billing.provider.contract.get.v1',
  ProviderBillingRequest,
);

export interface ProviderBillingDetailsResponse {
  providerId: string;
  billingEmail: string | null;
  companyName: string | null;
  address: string | null;
  vatId: string | null;
}
export class PutProviderBillingDetailsRequest {
  @IsUUID() providerId!: string;
  @IsOptional() @IsEmail() billingEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(200) companyName?: string | null;
  @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  @IsOptional() @IsString() @MaxLength(40) vatId?: string | null;
}
export const GetProviderBillingDetails = defineRpc<ProviderBillingRequest, ProviderBillingDetailsResponse>(
  'billing.provider.details.get.v1',
  ProviderBillingRequest,
);
export const PutProviderBillingDetails = defineRpc<
  PutProviderBillingDetailsRequest,
  ProviderBillingDetailsResponse
>('billing.provider.details.put.v1', PutProviderBillingDetailsRequest);

/** Per customer: licences the provider bought for it, seats in use, and users active this term. */
export interface CustomerLicences {
  companyId: string;
  name: string;
  purchased: number;
  used: number;
  activeUsers: number;
}
export const ListProviderLicences = defineRpc<
  ProviderBillingRequest,
  { providerId: string; items: CustomerLicences[] }
>('billing.provider.licences.list.v1', ProviderBillingRequest);
export class SetCustomerLicencesRequest {
  @IsUUID() providerId!: string;
  @IsUUID() companyId!: string;
  @IsInt() @Min(0) @Max(10_000_000) purchased!: number;
}
export const SetCustomerLicences = defineRpc<SetCustomerLicencesRequest, CustomerLicences>(
  'billing.provider.licences.set.v1',
  SetCustomerLicencesRequest,
);

export interface ProviderInvoiceResponse {
  id: string;
  providerId: string;
  number: string;
  status: InvoiceStatus;
  currency: string;
  /** Always the sum of `lines[].amountMinor`. */
  totalMinor: number;
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  lines: InvoiceLineResponse[];
}
/** Operators: invoice a provider for a period (its products, and its customers' seats at the period end). */
export class IssueProviderInvoiceRequest {
  @IsUUID() providerId!: string;
  @IsISO8601() periodStart!: string;
  @IsISO8601() periodEnd!: string;
}
export const IssueProviderInvoice = defineRpc<IssueProviderInvoiceRequest, ProviderInvoiceResponse>(
  'billing.provider.invoice.issue.v1',
  IssueProviderInvoiceRequest,
);
export const ListProviderInvoices = defineRpc<ProviderBillingRequest, { items: ProviderInvoiceResponse[] }>(
  'billing.provider.invoice.list.v1',
  ProviderBillingRequest,
);
export class ProviderInvoiceIdRequest {
  @IsUUID() providerId!: string;
  @IsUUID() invoiceId!: string;
}
export const GetProviderInvoice = defineRpc<ProviderInvoiceIdRequest, ProviderInvoiceResponse>(
  'billing.provider.invoice.get.v1',
  ProviderInvoiceIdRequest,
);
