import { Module } from '@nestjs/common';
import { OAuthHandler } from '../oauth/oauth.handler';
import { OAuthService } from '../oauth/oauth.service';
import { BillingListeners } from '../billing-sync/billing.listeners';
import { BillingSyncRunner } from '../billing-sync/billing-sync.runner';
import { PsaJobsService } from '../billing-sync/psa-jobs.service';
import { PsaWorker } from '../billing-sync/psa-worker';
import { SyncRunsHandler } from '../billing-sync/sync-runs.handler';
import { CatalogHandler } from '../catalog/catalog.handler';
import { CompanyAccess } from '../connections/company-access';
import { IntegrationsHandler } from '../connections/integrations.handler';
import { IntegrationsService } from '../connections/integrations.service';
import { psaCipherProvider } from '../connections/secret-cipher.provider';
import { SettingsHandler } from '../connections/settings.handler';
import { MappingsHandler } from '../mappings/mappings.handler';
import { MappingsService } from '../mappings/mappings.service';
import { AlertListeners } from '../ticketing/alert.listeners';
import { TicketRunner } from '../ticketing/ticket-runner';
import { TicketingHandler } from '../ticketing/ticketing.handler';
import { ConnectorFactory } from './connector-factory';
import { LookupsHandler } from './lookups.handler';

/** Catalogue, connected integrations (PSA and OAuth), PSA look-ups, mappings, billing sync and alert ticketing. */
@Module({
  controllers: [
    CatalogHandler,
    IntegrationsHandler,
    SettingsHandler,
    LookupsHandler,
    MappingsHandler,
    SyncRunsHandler,
    TicketingHandler,
    OAuthHandler,
  ],
  providers: [
    psaCipherProvider,
    CompanyAccess,
    ConnectorFactory,
    IntegrationsService,
    OAuthService,
    MappingsService,
    PsaJobsService,
    PsaWorker,
    BillingSyncRunner,
    TicketRunner,
    BillingListeners,
    AlertListeners,
  ],
  exports: [ConnectorFactory, IntegrationsService, PsaJobsService],
})
export class PsaIntegrationsModule {}
