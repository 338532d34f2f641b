import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { BillingAccountEntity } from '../accounts/billing-account.entity';
import { CreateBillingAccounts1764000000300 } from './migrations/1764000000300-create-billing-accounts';
import { CreateBillingTables1796000000400 } from './migrations/1796000000400-create-billing-tables';
import { CreateProviderBilling1796000000401 } from './migrations/1796000000401-create-provider-billing';
import { PlatformIdempotencyKeys1797000400000 } from './migrations/1797000400000-platform-idempotency-keys';
import { CompanyLifecycle1797000600000 } from './migrations/1797000600000-company-lifecycle';
import { SeatChangesLatestIndex1797000700000 } from './migrations/1797000700000-seat-changes-latest-index';

export const billingDatabase: DatabaseOptions = {
  entities: [BillingAccountEntity, ...MESSAGING_ENTITIES],
  migrations: [
    ...MESSAGING_MIGRATIONS,
    CreateBillingAccounts1764000000300,
    CreateBillingTables1796000000400,
    CreateProviderBilling1796000000401,
    PlatformIdempotencyKeys1797000400000,
    CompanyLifecycle1797000600000,
    SeatChangesLatestIndex1797000700000,
  ],
};

export default new DataSource(
  postgresOptions(process.env.DATABASE_URL ?? 'postgres://localhost/roster_billing', billingDatabase),
);
