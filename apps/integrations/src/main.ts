import 'reflect-metadata';
import { initTracing } from '@roster/observability';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { IntegrationsConfig } from './config/integrations.config';

initTracing('integrations'); // first: instruments the database driver before it loads
const config = loadConfigOrExit(IntegrationsConfig, 'integrations');
void bootstrapService('integrations', AppModule.register(config), config);
