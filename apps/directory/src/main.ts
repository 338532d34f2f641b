import 'reflect-metadata';
import { bootstrapService } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { AppModule } from './app.module';
import { DirectoryConfig } from './config/directory.config';

const config = loadConfigOrExit(DirectoryConfig, 'directory');
void bootstrapService('directory', AppModule.register(config), config);
