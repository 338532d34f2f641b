import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

/**
 * Asked by billing and integrations before they serve a provider's (MSP's) billing, integrations or webhooks:
 * the caller's role in the provider, or NOT_FOUND when the caller does not administer it (directory answers it).
 */
export class CheckProviderAccessRequest {
  @IsUUID() providerId!: string;
  @IsUUID() userId!: string;
}
export interface ProviderAccessResponse {
  providerId: string;
  userId: string;
  role: 'admin' | 'member';
}
export const CheckProviderAccess = defineRpc<CheckProviderAccessRequest, ProviderAccessResponse>(
  'directory.provider.check-access.v1',
  CheckProviderAccessRequest,
);

/** The companies a provider manages (billing: its invoices and licences; integrations: what it may map). */
export class ListProviderCustomersRequest {
  @IsUUID() providerId!: string;
}
export interface ProviderCustomersResponse {
  providerId: string;
  customers: Array<{ companyId: string; name: string }>;
}
export const ListProviderCustomers = defineRpc<ListProviderCustomersRequest, ProviderCustomersResponse>(
  'directory.provider.customers-for-billing.v1',
  ListProviderCustomersRequest,
);
