import { Module } from '@nestjs/common';
import { IntegrationsController } from './integrations.controller';
import { IntegrationCatalogController, PsaIntegrationsController } from './psa-integrations.controller';

@Module({ controllers: [IntegrationsController, IntegrationCatalogController, PsaIntegrationsController] })
export class IntegrationsModule {}
