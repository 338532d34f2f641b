import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompanyIntegrationsRequest,
  CreatePsaIntegration,
  CreatePsaIntegrationRequest,
  DeleteIntegration,
  GetIntegration,
  IntegrationRef,
  ListIntegrations,
  UpdateIntegration,
  UpdateIntegrationRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { IntegrationsService } from './integrations.service';

@Controller()
export class IntegrationsHandler {
  constructor(private readonly integrations: IntegrationsService) {}

  @RpcHandler(ListIntegrations)
  list(@Payload() request: CompanyIntegrationsRequest, @RpcMeta() meta: RequestMeta) {
    return this.integrations.list(request, meta);
  }

  @RpcHandler(GetIntegration)
  get(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta) {
    return this.integrations.get(request, meta);
  }

  @RpcHandler(CreatePsaIntegration)
  create(@Payload() request: CreatePsaIntegrationRequest, @RpcMeta() meta: RequestMeta) {
    return this.integrations.create(request, meta);
  }

  @RpcHandler(UpdateIntegration)
  update(@Payload() request: UpdateIntegrationRequest, @RpcMeta() meta: RequestMeta) {
    return this.integrations.update(request, meta);
  }

  @RpcHandler(DeleteIntegration)
  delete(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta) {
    return this.integrations.delete(request, meta);
  }
}
