import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MESSAGING_OPTIONS, PatternConsumers } from '@roster/messaging';
import { EmailModule } from '../email/email.module';
import { RecipesModule } from '../recipes/recipes.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventFanOutListener } from './event-fan-out.listener';

/** The wildcard consumer over every stream (libs/messaging PatternConsumers) and what it feeds. */
@Module({
  imports: [DiscoveryModule, WebhooksModule, EmailModule, RecipesModule],
  providers: [
    // MessagingModule keeps its options to itself; the wildcard consumer names its durables after the context.
    { provide: MESSAGING_OPTIONS, useValue: { context: 'integrations' } },
    PatternConsumers,
    EventFanOutListener,
  ],
})
export class EventsModule {}
