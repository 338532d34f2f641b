import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { RecipesModule } from '../recipes/recipes.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventFanOutListener } from './event-fan-out.listener';

/** The consumers over every stream (`@OnEventPattern`, run by MessagingModule) and what they feed. */
@Module({
  imports: [WebhooksModule, EmailModule, RecipesModule],
  providers: [EventFanOutListener],
})
export class EventsModule {}
