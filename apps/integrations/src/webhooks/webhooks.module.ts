import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksHandler } from './webhooks.handler';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksHandler],
  providers: [WebhooksService, WebhookDispatcher],
  exports: [WebhooksService],
})
export class WebhooksModule {}
