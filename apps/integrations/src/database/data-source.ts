import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { IntegrationsTenantEntity } from '../tenants/integrations-tenant.entity';
import { IntegrationsMemberEntity } from '../tenants/integrations-member.entity';
import { IntegrationEntity } from '../connections/integration.entity';
import { MappingEntity } from '../mappings/mapping.entity';
import { IntegrationErrorEntity, PsaJobEntity } from '../billing-sync/psa-job.entity';
import { AlertConfigurationEntity, PsaTicketEntity } from '../ticketing/ticketing.entities';
import { CreatePsaIntegrations1796000000600 } from './migrations/1796000000600-create-psa-integrations';
import { ProviderScopeAndOAuth1797000300000 } from './migrations/1797000300000-provider-scope-and-oauth';
import { CreateIntegrationTenants1764000000400 } from './migrations/1764000000400-create-integration-tenants';
import { CreateWebhooksEmailRecipes1796000000500 } from './migrations/1796000000500-create-webhooks-email-recipes';
import { CompanyPauses1797000600000 } from './migrations/1797000600000-company-pauses';
import { SmsOutbox1797000700000 } from './migrations/1797000700000-sms-outbox';

export const integrationsDatabase: DatabaseOptions = {
  entities: [
    IntegrationsTenantEntity,
    ...MESSAGING_ENTITIES,
    IntegrationsMemberEntity,
    IntegrationEntity,
    MappingEntity,
    PsaJobEntity,
    IntegrationErrorEntity,
    AlertConfigurationEntity,
    PsaTicketEntity,
  ],
  migrations: [
    ...MESSAGING_MIGRATIONS,
    CreateIntegrationTenants1764000000400,
    CreateWebhooksEmailRecipes1796000000500,
    CreatePsaIntegrations1796000000600,
    ProviderScopeAndOAuth1797000300000,
    CompanyPauses1797000600000,
    SmsOutbox1797000700000,
  ],
};

export default new DataSource(
  postgresOptions(
    process.env.DATABASE_URL ?? 'postgres://localhost/roster_integrations',
    integrationsDatabase,
  ),
);
