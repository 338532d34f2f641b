import { Module } from '@nestjs/common';
import { SubscriptionUpdatedListener } from './listeners/subscription-updated.listener';
import { TwoFactorDisabledListener, TwoFactorEnabledListener } from './listeners/two-factor.listener';
import { StatisticsHandler } from './statistics.handler';
import { StatisticsService } from './statistics.service';

@Module({
  controllers: [StatisticsHandler],
  providers: [
    StatisticsService,
    TwoFactorEnabledListener,
    TwoFactorDisabledListener,
    SubscriptionUpdatedListener,
  ],
})
export class StatisticsModule {}
