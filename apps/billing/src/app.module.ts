import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { DatabaseModule } from '@roster/persistence';
import { AccountsModule } from './accounts/accounts.module';
import { BillingModule } from './billing.module';
import { BillingConfig } from './config/billing.config';
import { billingDatabase } from './database/data-source';

/** billing: accounts, plans, subscriptions with seats from directory's events, invoices, payments. */
@Module({})
export class AppModule {
  static register(config: BillingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[BillingConfig, config]]),
        DatabaseModule.forRoot(billingDatabase),
        MessagingModule.forRoot({ context: 'billing', events: true }),
        HealthModule.forRoot({ database: true }),
        AccountsModule,
        BillingModule,
      ],
    };
  }
}
