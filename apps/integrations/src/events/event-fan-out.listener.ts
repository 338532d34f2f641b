import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { OnEventPattern } from '@roster/messaging';
import { EmailService } from '../email/email.service';
import { RecipesService } from '../recipes/recipes.service';
import { WebhooksService } from '../webhooks/webhooks.service';

/**
 * Every event of every context, once: webhook deliveries for the company's endpoints, recipe runs for
 * its matching recipes, and the company look for e-mails (name, colour, logo).
 */
@Injectable()
export class EventFanOutListener {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly recipes: RecipesService,
    private readonly email: EmailService,
  ) {}

  // One durable consumer per stream (libs/messaging pattern consumers: ledger, backoff, dead letters).
  @OnEventPattern('auth.events.>')
  fromAuth(event: EventEnvelope, manager: EntityManager): Promise<void> {
    return this.handle(event, manager);
  }

  @OnEventPattern('directory.events.>')
  fromDirectory(event: EventEnvelope, manager: EntityManager): Promise<void> {
    return this.handle(event, manager);
  }

  @OnEventPattern('billing.events.>')
  fromBilling(event: EventEnvelope, manager: EntityManager): Promise<void> {
    return this.handle(event, manager);
  }

  @OnEventPattern('integrations.events.>')
  fromIntegrations(event: EventEnvelope, manager: EntityManager): Promise<void> {
    return this.handle(event, manager);
  }

  private async handle(event: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.email.applyBrandEvent(event, manager);
    await this.webhooks.fanOut(event, manager);
    await this.recipes.trigger(event, manager);
  }
}
