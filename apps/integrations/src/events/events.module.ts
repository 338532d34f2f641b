import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PatternConsumers } from '@roster/messaging';
import { EmailModule } from '../email/email.module';
import { RecipesModule } from '../recipes/recipes.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventFanOutListener } from './event-fan-out.listener';

/** The wildcard consumer over every stream (libs/messaging PatternConsumers) and what it feeds. */
@Module({
  imports: [DiscoveryModule, WebhooksModule, EmailModule, RecipesModule],
  providers: [PatternConsumers, EventFanOutListener],
})
export class EventsModule {}
