import 'reflect-metadata';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { IntegrationsConfig } from './config/integrations.config';

const config = loadConfigOrExit(IntegrationsConfig, 'integrations');
void bootstrapService('integrations', AppModule.register(config), config);
