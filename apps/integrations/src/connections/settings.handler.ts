import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  GetIntegrationSettings,
  IntegrationRef,
  PatchIntegrationSettings,
  PatchSettingsRequest,
  PsaSettings,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { IntegrationEntity } from './integration.entity';
import { IntegrationsService } from './integrations.service';

/** PSA settings: company types offered for mapping, automatic ticketing on or off. */
@Controller()
export class SettingsHandler {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly dataSource: DataSource,
  ) {}

  @RpcHandler(GetIntegrationSettings)
  async get(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta): Promise<PsaSettings> {
    return (await this.integrations.resolvePsa(request, meta)).settings;
  }

  @RpcHandler(PatchIntegrationSettings)
  async patch(@Payload() request: PatchSettingsRequest, @RpcMeta() meta: RequestMeta): Promise<PsaSettings> {
    const integration = await this.integrations.resolvePsa(request, meta);
    const settings: PsaSettings = {
      companyTypeIds:
        integration.type === 'syncro'
          ? []
          : [...new Set(request.companyTypeIds ?? integration.settings.companyTypeIds)],
      automaticTicketing: request.automaticTicketing ?? integration.settings.automaticTicketing,
    };
    await this.dataSource.getRepository(IntegrationEntity).update({ id: integration.id }, { settings });
    return settings;
  }
}
