import { Module } from '@nestjs/common';
import { ProviderWebhooksController, WebhooksController } from './webhooks.controller';

@Module({ controllers: [WebhooksController, ProviderWebhooksController] })
export class WebhooksModule {}
