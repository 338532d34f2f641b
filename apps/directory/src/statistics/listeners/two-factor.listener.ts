import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventEnvelope,
  TwoFactorDisabled,
  TwoFactorDisabledData,
  TwoFactorEnabled,
  TwoFactorEnabledData,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { StatisticsService } from '../statistics.service';

/** Keeps each user's two-factor flag for member lists and the company's 2FA adoption. */
@Injectable()
export class TwoFactorEnabledListener {
  constructor(private readonly statistics: StatisticsService) {}

  @OnEvent(TwoFactorEnabled)
  handle(event: EventEnvelope<TwoFactorEnabledData>, manager: EntityManager) {
    return this.statistics.twoFactorEnabled(event, manager);
  }
}

@Injectable()
export class TwoFactorDisabledListener {
  constructor(private readonly statistics: StatisticsService) {}

  @OnEvent(TwoFactorDisabled)
  handle(event: EventEnvelope<TwoFactorDisabledData>, manager: EntityManager) {
    return this.statistics.twoFactorDisabled(event, manager);
  }
}
