import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

/**
 * Asked by billing before it serves a provider's (MSP's) billing: the caller's role in the provider, or
 * NOT_FOUND when the caller does not belong to it. DIRECTORY MUST IMPLEMENT THIS (dir-core); until then
 * billing gets 503 for everyone but platform operators.
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

/** The companies a provider manages (for its invoices and licences). DIRECTORY MUST IMPLEMENT THIS too. */
export class ListProviderCustomersRequest {
  @IsUUID() providerId!: string;
}
export interface ProviderCustomersResponse {
  providerId: string;
  customers: Array<{ companyId: string; name: string }>;
}
export const ListProviderCustomers = defineRpc<ListProviderCustomersRequest, ProviderCustomersResponse>(
  'directory.provider.list-customers.v1',
  ListProviderCustomersRequest,
);
