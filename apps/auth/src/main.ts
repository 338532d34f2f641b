import 'reflect-metadata';
import { initTracing } from '@roster/observability';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { AuthConfig } from './config/auth.config';

initTracing('auth'); // first: instruments the database driver before it loads
const config = loadConfigOrExit(AuthConfig, 'auth');
void bootstrapService('auth', AppModule.register(config), config);
