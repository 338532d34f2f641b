import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { OnAnyEvent } from '@roster/messaging';
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

  @OnAnyEvent('fan-out')
  async handle(event: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.email.applyBrandEvent(event, manager);
    await this.webhooks.fanOut(event, manager);
    await this.recipes.trigger(event, manager);
  }
}
