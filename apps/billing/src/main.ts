import 'reflect-metadata';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { BillingConfig } from './config/billing.config';

const config = loadConfigOrExit(BillingConfig, 'billing');
void bootstrapService('billing', AppModule.register(config), config);
