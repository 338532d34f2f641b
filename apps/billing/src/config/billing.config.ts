import { ServiceConfig } from '@roster/config';

export class BillingConfig extends ServiceConfig {
  override HTTP_PORT = 3003;
}
