import { ServiceConfig } from '@roster/config';

export class DirectoryConfig extends ServiceConfig {
  override HTTP_PORT = 3002;
}
