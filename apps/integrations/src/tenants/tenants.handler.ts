import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GetIntegrationsTenant, GetIntegrationsTenantRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { TenantsService } from './tenants.service';

@Controller()
export class TenantsHandler {
  constructor(private readonly tenants: TenantsService) {}

  @RpcHandler(GetIntegrationsTenant)
  get(@Payload() request: GetIntegrationsTenantRequest, @RpcMeta() meta: RequestMeta) {
    return this.tenants.get(request.companyId, meta);
  }
}
