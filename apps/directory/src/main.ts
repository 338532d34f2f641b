import 'reflect-metadata';
import { initTracing } from '@roster/observability';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { DirectoryConfig } from './config/directory.config';

initTracing('directory'); // first: instruments the database driver before it loads
const config = loadConfigOrExit(DirectoryConfig, 'directory');
void bootstrapService('directory', AppModule.register(config), config);
