import 'reflect-metadata';
import { initTracing } from '@roster/observability';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { BillingConfig } from './config/billing.config';

initTracing('billing'); // first: instruments the database driver before it loads
const config = loadConfigOrExit(BillingConfig, 'billing');
void bootstrapService('billing', AppModule.register(config), config);
