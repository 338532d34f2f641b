import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksHandler } from './webhooks.handler';
import { CompanyAccess } from '../connections/company-access';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksHandler],
  providers: [CompanyAccess, WebhooksService, WebhookDispatcher],
  exports: [WebhooksService],
})
export class WebhooksModule {}
