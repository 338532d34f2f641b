import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, SubscriptionUpdated, SubscriptionUpdatedData } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { StatisticsService } from '../statistics.service';

/** Seats purchased per company, for "seats used versus purchased". */
@Injectable()
export class SubscriptionUpdatedListener {
  constructor(private readonly statistics: StatisticsService) {}

  @OnEvent(SubscriptionUpdated)
  handle(event: EventEnvelope<SubscriptionUpdatedData>, manager: EntityManager) {
    return this.statistics.recordSubscription(event, manager);
  }
}
