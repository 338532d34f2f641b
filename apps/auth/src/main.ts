import 'reflect-metadata';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { AuthConfig } from './config/auth.config';

const config = loadConfigOrExit(AuthConfig, 'auth');
void bootstrapService('auth', AppModule.register(config), config);
