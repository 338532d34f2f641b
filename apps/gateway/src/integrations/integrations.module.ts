import { Module } from '@nestjs/common';
import { IntegrationsController } from './integrations.controller';
import {
  IntegrationCatalogController,
  ProviderIntegrationsController,
  PsaIntegrationsController,
} from './psa-integrations.controller';

@Module({
  controllers: [
    IntegrationsController,
    IntegrationCatalogController,
    PsaIntegrationsController,
    ProviderIntegrationsController,
  ],
})
export class IntegrationsModule {}
