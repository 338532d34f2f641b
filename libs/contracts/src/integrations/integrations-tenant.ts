import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

export class GetIntegrationsTenantRequest {
  @IsUUID() companyId!: string;
}

export interface IntegrationsTenantResponse {
  companyId: string;
  companyName: string;
  createdAt: string;
}

/** The integrations tenant that `integrations` opens for every company it hears about. */
export const GetIntegrationsTenant = defineRpc<GetIntegrationsTenantRequest, IntegrationsTenantResponse>(
  'integrations.tenant.get.v1',
  GetIntegrationsTenantRequest,
);
