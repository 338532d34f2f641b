import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { DatabaseModule } from '@roster/persistence';
import { TenantsModule } from './tenants/tenants.module';
import { PsaIntegrationsModule } from './psa/psa-integrations.module';
import { EventsModule } from './events/events.module';
import { CompanyLifecycleModule } from './lifecycle/company-lifecycle.module';
import { IntegrationsConfig } from './config/integrations.config';
import { integrationsDatabase } from './database/data-source';

/** integrations: for now, one integrations tenant per company, opened from `directory.events.company.created`. */
@Module({})
export class AppModule {
  static register(config: IntegrationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[IntegrationsConfig, config]]),
        DatabaseModule.forRoot(integrationsDatabase),
        MessagingModule.forRoot({ context: 'integrations', events: true }),
        HealthModule.forRoot({ database: true }),
        TenantsModule,
        PsaIntegrationsModule,
        EventsModule,
        CompanyLifecycleModule,
      ],
    };
  }
}
