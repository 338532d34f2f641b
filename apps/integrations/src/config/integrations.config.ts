import { ServiceConfig } from '@roster/config';

export class IntegrationsConfig extends ServiceConfig {
  override HTTP_PORT = 3004;
}
